package dev.dovs.engine.core;

import dev.dovs.events.Outcome;
import dev.dovs.events.Outcome.Failure;
import dev.dovs.events.StepResult;

/**
 * The outcome a run of a {@link Plan} logs: the one place where what the steps reported meets what the plan
 * describes. Pure.
 */
public final class PlanOutcomes {
    private PlanOutcomes() {
    }

    /**
     * The plan's outcome, completed with what only the steps learn: an added node's container id and addresses
     * (its {@link StepResult.ContainerCreated}), clean's counts of compensations that succeeded and of what the
     * sweeps removed ({@link StepResult.Swept}). Any other outcome is logged as planned.
     */
    public static Outcome success(Plan plan, StepResults results) {
        Outcome o = plan.outcome();
        if (o instanceof Outcome.NodeAdded n) {
            StepResult.ContainerCreated c = results.last(StepResult.ContainerCreated.class).orElse(null);
            return c == null ? n : new Outcome.NodeAdded(n.node(), n.container(), c.containerId(), c.mgmtIp(),
                    c.intIp());
        }
        if (o instanceof Outcome.LabCleaned) {
            int swept = results.all().stream().filter(r -> r instanceof StepResult.Swept)
                    .mapToInt(r -> ((StepResult.Swept) r).swept()).sum();
            return new Outcome.LabCleaned(results.compensated(), swept);
        }
        return o;
    }
}
