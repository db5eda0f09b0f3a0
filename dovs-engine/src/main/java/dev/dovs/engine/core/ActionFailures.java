package dev.dovs.engine.core;

import io.vertx.core.eventbus.ReplyException;

/** Failure codes in replies of subsystem verticles. */
public final class ActionFailures {
    /** The action failed before creating anything: there is nothing to compensate. */
    public static final int CREATED_NOTHING = 1;
    /** The action failed and may have left something behind. */
    public static final int MAY_HAVE_CREATED = 2;

    private ActionFailures() {
    }

    public static boolean createdNothing(Throwable t) {
        return t instanceof ReplyException r && r.failureCode() == CREATED_NOTHING;
    }

    /** A one-line message: the cause's own text, without exception class names. */
    public static String message(Throwable t) {
        Throwable c = t;
        while (c.getCause() != null && (c.getMessage() == null || c.getMessage().isBlank())) {
            c = c.getCause();
        }
        String m = c.getMessage();
        if (m == null || m.isBlank()) {
            m = c.getClass().getSimpleName();
        }
        return m.strip().lines().findFirst().orElse(m);
    }
}
