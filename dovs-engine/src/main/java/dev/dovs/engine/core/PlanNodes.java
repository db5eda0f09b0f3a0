package dev.dovs.engine.core;

import dev.dovs.events.Action;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The node containers a plan will touch: every container an action works in, minus those the plan creates itself.
 * The orchestrator checks each of them (running, not paused, OVS answering) before running the plan.
 */
final class PlanNodes {
    private PlanNodes() {
    }

    static Set<String> touched(List<List<Action>> stages) {
        Set<String> touched = new LinkedHashSet<>();
        Set<String> created = new LinkedHashSet<>();
        for (List<Action> stage : stages) {
            for (Action a : stage) {
                if (a instanceof Action.CreateContainer c) {
                    created.add(c.container());
                } else {
                    touched.addAll(containersOf(a));
                }
            }
        }
        touched.removeAll(created);
        return touched;
    }

    /** The node containers one action works in (empty for actions outside any node: namespaces, ODL, docker). */
    static List<String> containersOf(Action a) {
        if (a instanceof Action.CreateBridge x) {
            return List.of(x.container());
        } else if (a instanceof Action.ConnectController x) {
            return List.of(x.container());
        } else if (a instanceof Action.PlugPort x) {
            return List.of(x.container());
        } else if (a instanceof Action.PlugPorts x) {
            return List.of(x.container());
        } else if (a instanceof Action.DetachPort x) {
            return List.of(x.plugged().container());
        } else if (a instanceof Action.SetupUnderlay x) {
            return List.of(x.container());
        } else if (a instanceof Action.AddTunnels x) {
            return List.of(x.container());
        } else if (a instanceof Action.RemovePorts x) {
            return List.of(x.container());
        } else if (a instanceof Action.UnplugPort x) {
            return List.of(x.container());
        } else if (a instanceof Action.CreateVeth x) {
            return List.of(x.container());
        } else if (a instanceof Action.CreateGuests x) {
            return List.of(x.container());
        } else if (a instanceof Action.MoveLink x) {
            return List.of(x.from(), x.to());
        }
        return List.of();
    }
}
