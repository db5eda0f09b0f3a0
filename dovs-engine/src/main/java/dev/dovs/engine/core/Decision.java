package dev.dovs.engine.core;

import dev.dovs.events.Action;
import dev.dovs.events.Outcome;

/** What the {@link Decider} makes of an intent against the current state. */
public sealed interface Decision {

    /** Refused before any side effect; {@code outcome} is the failure to log. */
    record Rejected(Outcome.Failed outcome) implements Decision {
        /** Why, as the command prints it after "failed: " (or a dry run after "would be refused: "). */
        public String message() {
            return outcome.failure().message();
        }
    }

    record Planned(Plan plan) implements Decision {
    }

    /**
     * The intent depends on what the lab's controller holds: run {@code read} (a step whose result is a
     * {@link dev.dovs.engine.controller.RemoteState}), then decide again with it.
     */
    record Inspect(Action read) implements Decision {
        public Inspect {
            java.util.Objects.requireNonNull(read, "read");
        }
    }
}
