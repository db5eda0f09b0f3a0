package dev.dovs.engine.core;

import dev.dovs.engine.controller.Controllers;
import dev.dovs.engine.controller.OverlayController;
import dev.dovs.events.Action;
import dev.dovs.events.Intent;
import dev.dovs.events.model.LabNaming;
import dev.dovs.events.projection.LabProjection;
import dev.dovs.events.projection.LedgerEntry;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What {@code clean} does, from the projection alone: the single place the orchestrator and {@code clean --dry-run}
 * take it from. First every uncompensated step is undone, newest first, in layers by {@link CleanOrder} rank (a
 * layer's compensations run in parallel; a controller's objects in the order it gives); then the sweeps by the lab's
 * mark run one after the other: namespaces, OVS ports, containers and networks, then what each controller sweeps of
 * the lab. {@code keepController} ({@code --keep-odl}) leaves the controllers alone: their steps are neither
 * compensated nor swept.
 */
public final class CleanPlanner {

    /** {@code layers}: the ledger entries to compensate, by layer; {@code sweeps}: run after them, in order. */
    public record CleanPlan(List<List<LedgerEntry>> layers, List<Action> sweeps) {
        public CleanPlan {
            layers = layers.stream().map(List::copyOf).toList();
            sweeps = List.copyOf(sweeps);
        }

        /** The plan as stages of actions: one per layer of undos, then one per sweep. */
        public List<List<Action>> stages() {
            List<List<Action>> out = new ArrayList<>();
            layers.forEach(l -> out.add(l.stream().map(e -> e.action().undo()).toList()));
            sweeps.forEach(s -> out.add(List.of(s)));
            return out;
        }
    }

    private CleanPlanner() {
    }

    public static CleanPlan plan(LabProjection state, Intent.Clean clean) {
        List<LedgerEntry> entries = new ArrayList<>(state.ledger());
        if (clean.keepController()) {
            entries.removeIf(e -> e.action() instanceof Action.ControllerAction);
        }
        Collections.reverse(entries);
        Map<Integer, List<LedgerEntry>> layers = new TreeMap<>();
        for (LedgerEntry e : entries) {
            layers.computeIfAbsent(CleanOrder.rank(e.action().undo()), k -> new ArrayList<>()).add(e);
        }
        return new CleanPlan(List.copyOf(layers.values()), sweeps(state, clean));
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
