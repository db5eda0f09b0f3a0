package dev.dovs.engine.core;

import dev.dovs.events.StepResult;

import java.util.List;
import java.util.Optional;

/**
 * The typed results of an intent's steps that succeeded, in the order they completed, and how many of them were
 * compensations (steps that undo a logged one: clean's).
 */
public record StepResults(List<StepResult> all, int compensated) {
    public StepResults {
        all = List.copyOf(all);
        if (compensated < 0 || compensated > all.size()) {
            throw new IllegalArgumentException("compensated " + compensated + " of " + all.size() + " results");
        }
    }

    public StepResults(List<StepResult> all) {
        this(all, 0);
    }

    public static StepResults of(StepResult... results) {
        return new StepResults(List.of(results));
    }

    /** The last result of {@code type}, if any step reported one. */
    public <T extends StepResult> Optional<T> last(Class<T> type) {
        for (int i = all.size() - 1; i >= 0; i--) {
            if (type.isInstance(all.get(i))) {
                return Optional.of(type.cast(all.get(i)));
            }
        }
        return Optional.empty();
    }
}
