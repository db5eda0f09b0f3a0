package dev.dovs.engine.core;

import dev.dovs.engine.controller.Controllers;
import dev.dovs.engine.controller.OverlayController;
import dev.dovs.events.Action;
import dev.dovs.events.Intent;
import dev.dovs.events.Outcome;
import dev.dovs.events.model.LabNaming;
import dev.dovs.events.projection.LabProjection;
import dev.dovs.events.projection.LedgerEntry;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What {@code clean} does, from the projection alone; the {@link Decider} asks it for clean's {@link Plan}, so the
 * orchestrator and {@code clean --dry-run} get it from the same place as every other plan. First every
 * uncompensated step is undone, newest first, in layers by {@link CleanOrder} rank (a layer's compensations run in
 * parallel, {@link Plan.OnFailure#CONTINUE}; a controller's objects in the order it gives); then the sweeps by the
 * lab's mark run one after the other ({@link Plan.OnFailure#REPORT}): namespaces, OVS ports, containers and
 * networks, then what each controller sweeps of the lab. {@code keepController} ({@code --keep-odl}) leaves the
 * controllers alone: their steps are neither compensated nor swept.
 */
final class CleanPlanner {

    private CleanPlanner() {
    }

    /** Clean's plan; its outcome is {@code LabCleaned} with the counts the run fills in. */
    static Plan plan(LabProjection state, Intent.Clean clean) {
        List<LedgerEntry> entries = new ArrayList<>(state.ledger());
        if (clean.keepController()) {
            entries.removeIf(e -> e.action() instanceof Action.ControllerAction);
        }
        Collections.reverse(entries);
        Map<Integer, List<Plan.Step>> layers = new TreeMap<>();
        for (LedgerEntry e : entries) {
            layers.computeIfAbsent(CleanOrder.rank(e.action().undo()), k -> new ArrayList<>())
                    .add(new Plan.Step(e.action().undo(), e.step()));
        }
        List<Plan.Stage> stages = new ArrayList<>();
        layers.values().forEach(l -> stages.add(new Plan.Stage(l, Plan.OnFailure.CONTINUE)));
        sweeps(state, clean).forEach(s -> stages.add(new Plan.Stage(List.of(Plan.Step.of(s)),
                Plan.OnFailure.REPORT)));
        return new Plan(stages, new Outcome.LabCleaned(0, 0));
    }
    private static List<Action> sweeps(LabProjection state, Intent.Clean clean) {
        LabNaming naming = state.naming();
        List<Action> sweeps = new ArrayList<>();
        for (Action.Subsystem target : List.of(Action.Subsystem.NETNS, Action.Subsystem.OVS,
                Action.Subsystem.DOCKER)) {
            sweeps.add(new Action.Sweep(target, naming.lab(),
                    target == Action.Subsystem.NETNS ? naming.netnsPrefix() : null));
        }
        if (clean.keepController()) {
            return sweeps;
        }
        for (OverlayController c : Controllers.all()) {
            sweeps.addAll(c.sweeps(state, clean));
        }
        return sweeps;
    }
}
