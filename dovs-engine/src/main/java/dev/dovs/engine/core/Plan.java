package dev.dovs.engine.core;

import dev.dovs.events.Action;
import dev.dovs.events.Outcome;

import java.util.List;
import java.util.Objects;

/**
 * How to apply one intent, as a value: what the {@link Decider} computed from the projection, nothing more. Two
 * plans are equal when they would run the same steps in the same order and log the same outcome, so a plan can be
 * printed ({@link PlanJson}), compared and tested without running it. The one place that interprets it is the
 * {@link Orchestrator}, with {@link PlanOutcomes} for the outcome it logs on success.
 *
 * <p>Stages run one after the other, the steps of a stage concurrently. {@code outcome} is the success outcome as
 * far as it is known when planning; the runner completes what only the steps learn ({@link PlanOutcomes#success}),
 * and a failure logs its failed twin ({@link Outcome.Succeeded#failed}). Rolling back an intent is not in the plan: it
 * compensates, newest first, the steps the log says the intent started ({@link Action#undo()}), so that an engine
 * that restarts can roll back what a dead one left.
 *
 * @param stages  at least one stage for any plan that does something; a stage holds at least one step
 * @param outcome the success outcome to log
 */
public record Plan(List<Stage> stages, Outcome.Succeeded outcome) {

    public Plan {
        stages = List.copyOf(stages);
        Objects.requireNonNull(outcome, "outcome");
    }

    /** What a failed step of a stage means. */
    public enum OnFailure {
        /** Stop and roll the intent back: it fails with its failed twin (every intent but clean). */
        ROLL_BACK,
        /**
         * Go on; the failure is in the log and nothing else (clean's compensations: the sweeps after them remove by
         * the lab's mark whatever an undo left).
         */
        CONTINUE,
        /** Go on; once every stage ran, the intent fails with the message of each such failure (clean's sweeps). */
        REPORT
    }

    /**
     * One step: an action, and for a compensation the id of the logged step it undoes ({@code StepStarted.undoes}),
     * else null.
     */
    public record Step(Action action, String undoes) {
        public Step {
            Objects.requireNonNull(action, "action");
        }

        public static Step of(Action action) {
            return new Step(action, null);
        }
    }

    /**
     * Steps that run concurrently, and what a failure among them means. A stage holds each action once: two equal
     * actions run concurrently would do the same work twice and race (the second {@code del-port} of a tunnel
     * fails or finds nothing); of steps with equal actions the first is kept, and its success also ends, in the
     * projection, the ledger entries the others would have undone (a compensation undoes every entry it is the undo
     * of). Every planner's stages go through here, so no plan can hold the same step twice in a stage.
     */
    public record Stage(List<Step> steps, OnFailure onFailure) {
        public Stage {
            java.util.Map<Action, Step> byAction = new java.util.LinkedHashMap<>();
            steps.forEach(s -> byAction.putIfAbsent(s.action(), s));
            steps = List.copyOf(byAction.values());
            Objects.requireNonNull(onFailure, "onFailure");
            if (steps.isEmpty()) {
                throw new IllegalArgumentException("an empty stage");
            }
        }

        /** A stage of forward actions whose failure rolls the intent back. */
        public static Stage of(List<Action> actions) {
            return new Stage(actions.stream().map(Step::of).toList(), OnFailure.ROLL_BACK);
        }

        public List<Action> actions() {
            return steps.stream().map(Step::action).toList();
        }
    }

    /** A plan whose stages all roll back on failure: what every intent but clean gets. */
    public static Plan of(List<List<Action>> stages, Outcome.Succeeded outcome) {
        return new Plan(stages.stream().filter(s -> !s.isEmpty()).map(Stage::of).toList(), outcome);
    }

    /** The actions alone, stage by stage. */
    public List<List<Action>> actions() {
        return stages.stream().map(Stage::actions).toList();
    }

    /**
     * Whether the plan runs to its end whatever fails (clean): no stage rolls back. Such a plan is run even on a
     * node that is paused, stopped or broken.
     */
    public boolean bestEffort() {
        return stages.stream().noneMatch(s -> s.onFailure() == OnFailure.ROLL_BACK);
    }
}
