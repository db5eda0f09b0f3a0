package dev.dovs.engine.core;

import dev.dovs.events.StepResult;

import java.util.List;
import java.util.Optional;

/** The typed results of an intent's steps, in the order they completed. */
public record StepResults(List<StepResult> all) {
    public StepResults {
        all = List.copyOf(all);
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
