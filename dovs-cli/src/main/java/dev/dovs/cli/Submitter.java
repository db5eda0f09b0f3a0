package dev.dovs.cli;

import dev.dovs.engine.DovsException;
import dev.dovs.engine.LabClient;
import dev.dovs.events.EventEnvelope;
import dev.dovs.events.Intent;
import dev.dovs.events.Outcome;
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
    Outcome submitAndWait(Intent intent, String causation, SubmitOptions opts, PrintWriter out) {
        EventEnvelope submitted = client.submit(intent, causation);
        if (opts.detach) {
            out.println(submitted.intentId());
            if (!client.engineRunning()) {
                err.println("dovs: no engine runs for lab " + client.naming().lab() + ": the intent is queued and "
                        + "will be applied by the next engine ('dovs engine', 'dovs wait', or any command)");
            }
            return null;
        }
        return await(submitted, Duration.ofSeconds(opts.timeoutSeconds));
    }

    Outcome await(EventEnvelope submitted, Duration timeout) {
        Map<String, Started> started = new HashMap<>();
        Outcome outcome;
        try {
            outcome = client.await(submitted, timeout, env -> progress(env, started));
        } catch (TimeoutException e) {
            throw new DovsException(DovsException.TIMEOUT, e.getMessage());
        }
        return check(describe(submitted), outcome);
    }

    static Outcome check(String what, Outcome outcome) {
        if (outcome instanceof Outcome.Failed f) {
            Outcome.Failure failure = f.failure();
            String suffix = switch (failure.kind()) {
                case REJECTED -> "";
                default -> failure.rolledBack() ? " (rolled back)" : " (rollback incomplete: run 'dovs clean')";
            };
            throw new DovsException(failure.kind() == Outcome.Failure.Kind.REJECTED ? DovsException.INVALID
                    : DovsException.FAILED, what + " failed: " + failure.message() + suffix);
        }
        return outcome;
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
            label = "ok";
            step = s.step();
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
