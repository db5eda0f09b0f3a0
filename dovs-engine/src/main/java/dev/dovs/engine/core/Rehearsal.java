package dev.dovs.engine.core;

import dev.dovs.events.Event;
import dev.dovs.events.EventEnvelope;
import dev.dovs.events.Intent;
import dev.dovs.events.StepEvent;
import dev.dovs.events.projection.LabProjection;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * What a sequence of intents would meet if each succeeded ({@code apply --dry-run}, {@code replay --dry-run}): each
 * is decided by the {@link Decider}, as the engine would, against the state the previous ones would leave, which is
 * their plans' steps and success outcomes folded into the projection (as an engine appends them). Pure: the
 * projection given is a scratch copy that this changes, nothing is appended or touched.
 *
 * <p>Limits: a step's results (a new container's id and addresses) are unknown, so they stay null in the scratch
 * state, as they would be before the step ran; a plan that depends on a lab controller ({@link Decision.Inspect})
 * ends the rehearsal there, since what follows depends on what the controller holds.
 */
public final class Rehearsal {
    private Rehearsal() {
    }

    /**
     * @param decisions one per intent decided, in order: the last is the refusal or the inspection that stopped the
     *                  rehearsal, if any
     */
    public record Result(List<Intent> intents, List<Decision> decisions) {
        /** The first intent the decider would refuse, or null. */
        public Decision.Rejected refusal() {
            return decisions.isEmpty() || !(decisions.get(decisions.size() - 1) instanceof Decision.Rejected r)
                    ? null : r;
        }

        public Intent refused() {
            return refusal() == null ? null : intents.get(decisions.size() - 1);
        }

        /** Whether an inspection (a controller's state) stopped the rehearsal before the last intent. */
        public boolean incomplete() {
            return !decisions.isEmpty() && decisions.get(decisions.size() - 1) instanceof Decision.Inspect
                    && decisions.size() < intents.size();
        }
    }

    /** Decides each intent in turn against {@code scratch}, into which each plan's success is folded. */
    public static Result run(LabProjection scratch, List<? extends Intent> intents) {
        List<Decision> decisions = new ArrayList<>();
        long index = scratch.lastIndex() + 1;
        int n = 0;
        for (Intent intent : intents) {
            Decision d = Decider.decide(scratch, intent);
            decisions.add(d);
            if (!(d instanceof Decision.Planned p)) {
                break;
            }
            String id = "rehearsal-" + ++n;
            List<Event> events = new ArrayList<>();
            events.add(intent);
            int s = 0;
            for (Plan.Stage stage : p.plan().stages()) {
                for (Plan.Step step : stage.steps()) {
                    String stepId = id + "-" + ++s;
                    events.add(new StepEvent.StepStarted(stepId, step.action(), step.undoes()));
                    events.add(new StepEvent.StepSucceeded(stepId, Map.of()));
                }
            }
            events.add(PlanOutcomes.success(p.plan(), StepResults.of()));
            for (Event e : events) {
                scratch.apply(new EventEnvelope(index++, Instant.now(), scratch.naming().lab(), id, null, "dry-run",
                        e));
            }
        }
        return new Result(List.copyOf(intents), decisions);
    }
}
