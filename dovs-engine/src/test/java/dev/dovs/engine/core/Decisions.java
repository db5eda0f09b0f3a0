package dev.dovs.engine.core;

import static org.junit.jupiter.api.Assertions.assertInstanceOf;

/** What the decider tests ask of a {@link Decision}: its plan, or its refusal's message. */
public final class Decisions {
    private Decisions() {
    }

    /** The plan of a decision that must be {@link Decision.Planned}. */
    public static Plan planned(Decision d) {
        return assertInstanceOf(Decision.Planned.class, d, () -> "expected a plan, got " + d).plan();
    }

    /** The failure message of a decision that must be {@link Decision.Rejected}. */
    public static String rejected(Decision d) {
        return assertInstanceOf(Decision.Rejected.class, d, () -> "expected a refusal, got " + d).message();
    }
}
