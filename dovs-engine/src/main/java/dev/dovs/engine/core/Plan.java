package dev.dovs.engine.core;

import dev.dovs.events.Action;
import dev.dovs.events.Outcome;

import java.util.List;
import java.util.function.Function;

/**
 * How to apply one intent: stages run one after the other, the actions of a stage concurrently. {@code success}
 * builds the outcome from the typed results the steps reported; {@code failure} the failed twin.
 */
public record Plan(List<List<Action>> stages, Function<StepResults, Outcome> success,
                   Function<Outcome.Failure, Outcome> failure) {
    public Plan {
        stages = stages.stream().map(List::copyOf).toList();
    }
}
