package dev.dovs.cli;

import dev.dovs.engine.DovsException;
import dev.dovs.engine.LabClient;
import dev.dovs.engine.NodeImages;
import dev.dovs.events.Action;
import dev.dovs.events.EventEnvelope;
import dev.dovs.events.Intent;
import dev.dovs.events.Outcome;
import dev.dovs.events.model.LabNaming;
import dev.dovs.events.StepEvent;
import dev.dovs.events.StepResult;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeoutException;

/** Submits one intent, prints its progress and maps its outcome to an exit code. */
final class Submitter {
    private final LabClient client;
    private final PrintWriter err;
    private final boolean quiet;

    Submitter(LabClient client, PrintWriter err, boolean quiet) {
        this.client = client;
        this.err = err;
        this.quiet = quiet;
    }

    /** Returns the outcome when it succeeded; throws a {@link DovsException} with the exit code otherwise. */
    Outcome submitAndWait(Intent intent, String causation, WaitingOptions opts, PrintWriter out) {
        Invocation inv = Invocation.current(); // validate before any side effect: the node images exist
        NodeImages.requirePresent(intent, client.settings(), inv.daemon() ? inv.engines().queries() : null);
        EventEnvelope submitted = client.submit(intent, causation);
        if (opts.detached()) {
            out.println(submitted.intentId());
            if (!client.engineRunning()) {
                err.println("dovs: warning: no engine runs for lab " + client.naming().lab() + ": the intent is queued "
                        + "and will be applied by the next engine ('dovs engine', '"
                        + client.naming().command("wait " + submitted.intentId()) + "', or any command)");
            }
            return null;
        }
        return await(submitted, Duration.ofSeconds(opts.timeoutSeconds));
    }

    Outcome await(EventEnvelope submitted, Duration timeout) {
        Map<String, Started> started = new HashMap<>();
        // Forward steps that may have created something (a rollback had work to do), minus those that certainly
        // created nothing (their resource existed already, or they failed before any side effect).
        java.util.Set<String> creating = new java.util.HashSet<>();
        Outcome outcome;
        try {
            outcome = client.await(submitted, timeout, env -> {
                if (env.event() instanceof StepEvent.StepStarted s && s.undoes() == null && s.action().undo() != null) {
                    creating.add(s.step());
                } else if (env.event() instanceof StepEvent.StepSucceeded s && s.createdNothing()) {
                    creating.remove(s.step());
                } else if (env.event() instanceof StepEvent.StepFailed s && s.createdNothing()) {
                    creating.remove(s.step());
                }
                progress(env, started);
            });
        } catch (TimeoutException e) {
            throw new DovsException(DovsException.TIMEOUT, e.getMessage());
        }
        return check(client.naming(), describe(submitted), outcome, !creating.isEmpty());
    }

    /**
     * As {@link #check(LabNaming, String, Outcome, Boolean)} when it is not known whether the intent changed
     * anything.
     */
    static Outcome check(LabNaming naming, String what, Outcome outcome) {
        return check(naming, what, outcome, null);
    }

    /**
     * Maps a failed outcome to the one-line error and exit code. A refusal (nothing done) gets no suffix; a failure
     * whose steps created nothing says so instead of "(rolled back)"; advice to run {@code clean} is given once.
     *
     * @param touched whether the intent started a step that may have created something; null when unknown
     */
    static Outcome check(LabNaming naming, String what, Outcome outcome, Boolean touched) {
        if (outcome instanceof Outcome.Failed f) {
            Outcome.Failure failure = f.failure();
            String message = failureMessage(failure);
            String suffix;
            if (failure.kind() == Outcome.Failure.Kind.REJECTED) {
                suffix = "";
            } else if (!failure.rolledBack()) {
                String clean = naming.command("clean");
                suffix = message.contains(clean) ? "" : " (rollback incomplete: run '" + clean + "')";
            } else if (Boolean.FALSE.equals(touched)) {
                suffix = " (nothing was changed)";
            } else {
                suffix = message.contains("rolled back") ? "" : " (rolled back)";
            }
            throw new DovsException(failure.kind() == Outcome.Failure.Kind.REJECTED ? DovsException.INVALID
                    : DovsException.FAILED, what + " failed: " + message + suffix);
        }
        return outcome;
    }

    /**
     * A failure's message, prefixed by its kind when that is not "failed" ({@code interrupted: ...}); logs written
     * before this rule carry the prefix in the message already, and it is not doubled.
     */
    static String failureMessage(Outcome.Failure failure) {
        String m = failure.message();
        if (failure.kind() == Outcome.Failure.Kind.INTERRUPTED) {
            while (m.startsWith("interrupted: ")) {
                m = m.substring("interrupted: ".length());
            }
            return "interrupted: " + m;
        }
        return m;
    }

    private static String describe(EventEnvelope env) {
        return env.event() instanceof Intent i ? i.describe() : "intent";
    }

    private record Started(long millis, String what) {
    }

    private void progress(EventEnvelope env, Map<String, Started> started) {
        if (env.event() instanceof StepEvent.StepSucceeded s && StepResult.warningOf(s.facts()) != null) {
            err.println("dovs: warning: " + StepResult.warningOf(s.facts())); // even when quiet: the user must know
            err.flush();
        }
        if (quiet) {
            return;
        }
        if (env.event() instanceof StepEvent.StepStarted s) {
            started.put(s.step(), new Started(env.time().toEpochMilli(),
                    (s.undoes() != null ? "undo: " : "") + s.action().describe()));
            return;
        }
        String label;
        String step;
        String detail = "";
        if (env.event() instanceof StepEvent.StepSucceeded s) {
            label = s.facts().containsKey(Action.SKIPPED) ? "skip" : "ok";
            step = s.step();
            if (s.facts().containsKey(Action.SKIPPED)) {
                detail = ": " + s.facts().get(Action.SKIPPED);
            }
        } else if (env.event() instanceof StepEvent.StepFailed s) {
            label = "FAIL";
            step = s.step();
            detail = ": " + s.error();
        } else {
            return;
        }
        Started st = started.get(step);
        String what = st == null ? step : st.what();
        double secs = st == null ? 0 : (env.time().toEpochMilli() - st.millis()) / 1000.0;
        err.printf("  %-4s %6.2fs  %s%s%n", label, secs, what, detail);
        err.flush();
    }
}
