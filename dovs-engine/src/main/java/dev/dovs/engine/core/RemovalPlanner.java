package dev.dovs.engine.core;

import dev.dovs.engine.controller.Controllers;
import dev.dovs.engine.controller.OverlayController;
import dev.dovs.events.Action;
import dev.dovs.events.Intent;
import dev.dovs.events.Outcome;
import dev.dovs.events.Outcome.Failure;
import dev.dovs.events.model.LabNaming;
import dev.dovs.events.projection.GuestView;
import dev.dovs.events.projection.LabProjection;
import dev.dovs.events.projection.LedgerEntry;
import dev.dovs.events.projection.NodeView;
import dev.dovs.events.projection.RouterView;

import java.util.ArrayList;
import java.util.List;

/**
 * Plans what undoes additions and what shapes links (issue 12): {@code del-guest}, {@code del-node} and
 * {@code netem}. Pure, from the projection alone, like the {@link Decider} that calls it.
 *
 * <ul>
 *   <li>del-guest: unplug its port from the node's br-int, then delete its namespace (the veth pair goes with it),
 *       then remove the VXLAN ports its net no longer needs on its node (l2population).
 *   <li>del-node: delete its guests' namespaces ({@code --force}), remove the other nodes' VXLAN ports towards it
 *       (those the log says were created), then remove its container.
 *   <li>netem: replace the root qdisc of the guest's {@code eth0} with netem, or remove it.
 * </ul>
 * With a controller, what it holds goes too, once the host's side is gone: a guest's neutron port (ODL) or logical
 * switch port (OVN); a node's VTEP (ODL, before its container goes) or chassis (OVN, after: its ovn-controller
 * would register it again). Each of those that undoes a logged step runs as that step's compensation, so the log
 * (and {@code clean}) knows it is gone ({@link OverlayController#removeGuest}).
 *
 * <p>Refused: an unknown guest or node, a node with guests without {@code force}, and a node hosting a router
 * namespace of dovs' own overlay (its nets would lose their gateway; a controller's routers are on no node).
 */
final class RemovalPlanner {
    private RemovalPlanner() {
    }

    /** The decision for a del-guest, del-node or netem intent; null for any other intent. */
    static Decision decide(LabProjection state, Intent intent) {
        if (intent instanceof Intent.DelGuest d) {
            return delGuest(state, d);
        } else if (intent instanceof Intent.DelNode d) {
            return delNode(state, d);
        } else if (intent instanceof Intent.Netem n) {
            return netem(state, n);
        }
        return null;
    }

    static Decision delGuest(LabProjection state, Intent.DelGuest del) {
        GuestView g = state.resolveGuest(del.guest()).orElse(null);
        if (g == null) {
            return reject(del, "guest " + del.guest()
                    + " does not exist");
        }
        String name = g.name();
        String container = state.naming().container(g.node());
        List<Plan.Stage> stages = new ArrayList<>(List.of(
                Plan.Stage.of(List.of(new Action.UnplugPort(container, LabNaming.BRIDGE, g.tap()))),
                Plan.Stage.of(List.of(new Action.DeleteNamespace(g.netns())))));
        List<Action> tunnels = unneededTunnels(state, g);
        if (!tunnels.isEmpty()) {
            stages.add(Plan.Stage.of(tunnels));
        }
        List<Action> controller = controllerRemoval(state, List.of(g));
        if (!controller.isEmpty()) {
            stages.add(compensating(state, controller));
        }
        return new Decision.Planned(new Plan(stages, new Outcome.GuestRemoved(name, g.node())));
    }

    /**
     * What the guests' controllers hold of them goes (their neutron or logical switch ports). A guest without a net
     * is asked of its node's controller, which knows whether it holds such a guest (OVN does, on the node's local
     * switch; ODL does not).
     */
    private static List<Action> controllerRemoval(LabProjection state, List<GuestView> guests) {
        List<Action> out = new ArrayList<>();
        for (GuestView g : guests) {
            state.controllerOfGuest(g.name()).or(() -> state.controllerOfNode(g.node()))
                    .ifPresent(t -> out.addAll(Controllers.of(t).removeGuest(state, g, t)));
        }
        return out;
    }

    /**
     * A stage whose actions that undo a logged step run as that step's compensation ({@link Plan.Step#undoes()}):
     * once they succeed, the log no longer holds the object as something to undo.
     */
    private static Plan.Stage compensating(LabProjection state, List<Action> actions) {
        List<LedgerEntry> ledger = new ArrayList<>(state.ledger());
        List<Plan.Step> steps = new ArrayList<>();
        for (Action a : actions) {
            LedgerEntry undone = ledger.stream().filter(e -> a.equals(e.action().undo())).findFirst().orElse(null);
            if (undone != null) {
                ledger.remove(undone);
            }
            steps.add(new Plan.Step(a, undone == null ? null : undone.step()));
        }
        return new Plan.Stage(steps, Plan.OnFailure.ROLL_BACK);
    }

    /**
     * l2population (as dovs' own overlay does it): once the guest is gone, its node keeps the VXLAN ports of the
     * guest's net only if another guest or a router interface of that net is still there; otherwise they go, on
     * both ends. A lab with a controller has no dovs tunnels.
     */
    private static List<Action> unneededTunnels(LabProjection state, GuestView g) {
        if (g.net() == null || state.controller().isPresent()) {
            return List.of();
        }
        java.util.Set<String> hosts = new java.util.TreeSet<>(); // nodes hosting a port of the net, without g
        state.guests().stream().filter(o -> !o.name().equals(g.name()) && g.net().equals(o.net()))
                .forEach(o -> hosts.add(o.node()));
        state.routers().forEach(r -> r.ports().stream().filter(p -> p.net().equals(g.net()))
                .forEach(p -> hosts.add(r.node())));
        if (hosts.contains(g.node())) {
            return List.of();
        }
        int vni = state.net(g.net()).orElseThrow().vni();
        LabNaming n = state.naming();
        String here = n.container(g.node());
        List<String> fromHere = new ArrayList<>();
        List<Action> out = new ArrayList<>();
        for (String other : hosts) {
            String there = n.container(other);
            fromHere.add(dev.dovs.events.model.Topology.tunnelPort(vni, there));
            out.add(new Action.RemovePorts(there, LabNaming.BRIDGE,
                    List.of(dev.dovs.events.model.Topology.tunnelPort(vni, here))));
        }
        if (!fromHere.isEmpty()) {
            out.add(0, new Action.RemovePorts(here, LabNaming.BRIDGE, fromHere));
        }
        return out;
    }

    static Decision delNode(LabProjection state, Intent.DelNode del) {
        NodeView n = state.node(del.node()).orElse(null);
        if (n == null) {
            return reject(del, "node " + del.node() + " does not exist");
        }
        Intent.ControllerTarget controller = state.controllerOfNode(n.name()).orElse(null);
        for (RouterView r : controller != null ? List.<RouterView>of() : state.routers()) {
            // a controller's routers are its own logical objects, on no node
            if (r.node().equals(n.name())) {
                return reject(del, "node " + n.name() + " hosts router "
                        + r.name() + ": its nets would lose their gateway (a router stays until '"
                        + state.naming().command("clean") + "')");
            }
        }
        List<GuestView> guests = state.guestsOn(n.name());
        if (!guests.isEmpty() && !del.force()) {
            return reject(del, "node " + n.name() + " has guests "
                    + String.join(", ", guests.stream().map(GuestView::name).toList())
                    + ": del-node --force removes them first");
        }
        String container = n.container();
        List<Plan.Stage> stages = new ArrayList<>();
        if (!guests.isEmpty()) {
            stages.add(Plan.Stage.of(guests.stream().<Action>map(g -> new Action.DeleteNamespace(g.netns())).toList()));
        }
        List<Action> guestObjects = controllerRemoval(state, guests);
        if (!guestObjects.isEmpty()) {
            stages.add(compensating(state, guestObjects));
        }
        List<Action> tunnels = new ArrayList<>();
        for (LedgerEntry e : state.ledger()) {
            if (e.action() instanceof Action.AddTunnels t && !t.container().equals(container)) {
                List<String> ports = t.tunnels().stream().filter(x -> x.remote().equals(container))
                        .map(Action.Tunnel::port).toList();
                if (!ports.isEmpty()) {
                    tunnels.add(new Action.RemovePorts(t.container(), LabNaming.BRIDGE, ports));
                }
            }
        }
        if (!tunnels.isEmpty()) {
            stages.add(Plan.Stage.of(tunnels));
        }
        OverlayController overlay = controller == null ? null : Controllers.of(controller);
        List<Action> before = overlay == null ? List.of() : overlay.removeNodeBefore(state, n, controller);
        if (!before.isEmpty()) {
            stages.add(compensating(state, before));
        }
        stages.add(Plan.Stage.of(List.of(new Action.RemoveContainer(container, state.naming().lab()))));
        List<Action> after = overlay == null ? List.of() : overlay.removeNodeAfter(state, n, controller);
        if (!after.isEmpty()) {
            stages.add(compensating(state, after));
        }
        List<String> names = guests.stream().map(GuestView::name).toList();
        return new Decision.Planned(new Plan(stages, new Outcome.NodeRemoved(n.name(), names)));
    }

    static Decision netem(LabProjection state, Intent.Netem netem) {
        GuestView g = state.resolveGuest(netem.guest()).orElse(null);
        if (g == null) {
            return reject(netem, "guest " + netem.guest()
                    + " does not exist");
        }
        String name = g.name();
        Action action = netem.impairment() == null ? new Action.ClearNetem(g.netns(), LabNaming.GUEST_IFNAME)
                : new Action.SetNetem(g.netns(), LabNaming.GUEST_IFNAME, netem.impairment());
        return new Decision.Planned(Plan.of(List.of(List.of(action)),
                new Outcome.NetemSet(name, netem.impairment())));
    }

    private static Decision reject(Intent intent, String message) {
        return new Decision.Rejected(intent.failed(new Failure(Failure.Kind.REJECTED, message, true)));
    }
}
