package dev.dovs.engine.odl;

import io.vertx.core.Future;

import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.fail;

/** Blocks the JUnit thread (never an event loop) on a Future, so tests read top to bottom. */
public final class Await {

    private Await() {
    }

    public static <T> T ok(Future<T> f) {
        try {
            return f.toCompletionStage().toCompletableFuture().get(20, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            throw new AssertionError("expected success, got: " + e.getCause(), e.getCause());
        } catch (Exception e) {
            throw new AssertionError("no result within 20 s", e);
        }
    }

    public static Throwable failure(Future<?> f) {
        try {
            Object r = f.toCompletionStage().toCompletableFuture().get(20, TimeUnit.SECONDS);
            return fail("expected a failure, got: " + r);
        } catch (ExecutionException e) {
            return e.getCause();
        } catch (Exception e) {
            throw new AssertionError("no result within 20 s", e);
        }
    }

    public static OdlException odlFailure(Future<?> f) {
        return assertInstanceOf(OdlException.class, failure(f));
    }
}
