package dev.dovs.engine.core;

import dev.dovs.events.Outcome;

/** What the {@link Decider} makes of an intent against the current state. */
public sealed interface Decision {

    /** Refused before any side effect; {@code outcome} is the failure to log. */
    record Rejected(Outcome outcome) implements Decision {
    }

    record Planned(Plan plan) implements Decision {
    }

    /** The intent depends on what ODL holds for {@code tenant}: read it at {@code odl}, then decide again. */
    record Inspect(String odl, String tenant) implements Decision {
    }
}
