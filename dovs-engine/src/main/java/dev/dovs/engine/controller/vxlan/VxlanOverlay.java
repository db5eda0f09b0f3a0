package dev.dovs.engine.controller.vxlan;

import dev.dovs.engine.controller.LabPlan;
import dev.dovs.engine.controller.OverlayController;
import dev.dovs.engine.controller.OverlayPlanner;
import dev.dovs.engine.controller.RemoteState;
import dev.dovs.events.Action;
import dev.dovs.events.Intent;
import dev.dovs.events.model.Ipv4Cidr;
import dev.dovs.events.model.LabNaming;
import dev.dovs.events.model.Topology;
import dev.dovs.events.projection.GuestView;

import dev.dovs.events.projection.LabProjection;
import dev.dovs.events.projection.RouterView;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * dovs' own overlay, the default: no controller, made the way a neutron OVS agent with VXLAN would, with only the
 * NORMAL action. Every net is a VXLAN mesh between the nodes that host a port of it, as l2population builds it (one
 * VNI per net, one local VLAN per net on br-int, tunnel ports {@code protected} for split horizon, the underlay on
 * br-phy); a router is a namespace on a
 * node with one interface per attached subnet, like neutron's legacy L3 agent.
 */
public final class VxlanOverlay implements OverlayController {

    @Override
    public Intent.ControllerKind kind() {
        return null;
    }

    @Override
    public String cliOption() {
        return null;
    }

    @Override
    public OverlayPlanner planner(LabPlan plan, RemoteState remote) {
        return new Planner(plan);
    }

    private static final class Planner implements OverlayPlanner {
        private final LabPlan plan;
        private final LabNaming naming;

        Planner(LabPlan plan) {
            this.plan = plan;
            this.naming = plan.naming();
        }

        @Override
        public Action bridge(String node) {
            return new Action.CreateBridge(naming.container(node), LabNaming.BRIDGE, naming.lab());
        }

        /** Actions {@link #alongsideBridges} already placed: {@link #overlayStages()} leaves them out. */
        private final java.util.Set<Action> early = new java.util.HashSet<>();

        /**
         * A new node's underlay (br-phy is not br-int) and a new router's namespace (on the host) need no bridge:
         * they are made with the bridges.
         */
        @Override
        public List<Action> alongsideBridges(List<String> addedNodes) {
            List<Action> out = new ArrayList<>();
            tunnelsToAdd().keySet().stream().filter(addedNodes::contains).map(naming::container)
                    .filter(c -> !plan.state().underlayReady(c))
                    .forEach(c -> out.add(new Action.SetupUnderlay(c, naming.intNetwork(), naming.lab())));
            plan.newRouters().forEach(r -> out.add(new Action.CreateNamespace(Topology.routerNetns(naming, r))));
            early.addAll(out);
            return out;
        }

        @Override
        public List<List<Action>> overlayStages() {
            List<List<Action>> tunnels = new ArrayList<>();
            addTunnelStages(tunnels);
            List<List<Action>> routers = new ArrayList<>();
            addRouterStages(routers);
            // Independent: a router's namespace and interfaces need its node's br-int, not the tunnels. Side by side,
            // stage by stage, instead of one after the other.
            List<List<Action>> stages = new ArrayList<>();
            for (int i = 0; i < Math.max(tunnels.size(), routers.size()); i++) {
                List<Action> stage = new ArrayList<>();
                if (i < tunnels.size()) {
                    stage.addAll(tunnels.get(i));
                }
                if (i < routers.size()) {
                    stage.addAll(routers.get(i));
                }
                stages.add(stage);
            }
            return stages;
        }

        /** A port on its net's local VLAN needs neither the tunnels nor the routers to exist first. */
        @Override
        public boolean plugsAfterOverlay() {
            return false;
        }

        @Override
        public String gateway(GuestView g) {
            return g.router() == null ? null : Ipv4Cidr.parseHost(g.cidr()).gatewayIp();
        }

        @Override
        public int tag(GuestView g) {
            return g.net() == null ? Topology.LOCAL_VLAN : plan.net(g.net()).vlan();
        }

        /**
         * l2population (neutron's OVS agent with the l2pop mechanism driver): a node has a VXLAN port for a net to
         * another node only when both host a port of that net (a guest or a router interface). An addition gets the
         * tunnels that its new ports need and that did not exist before.
         */
        private Map<String, List<Action.Tunnel>> tunnelsToAdd() {
            Map<String, Set<String>> before = hosting(plan.state());
            Map<String, Set<String>> after = copy(before);
            plan.newGuests().stream().filter(g -> g.net() != null)
                    .forEach(g -> after.computeIfAbsent(g.node(), k -> new TreeSet<>()).add(g.net()));
            plan.newRouterPorts().forEach(p -> after.computeIfAbsent(p.node(), k -> new TreeSet<>()).add(p.net()));
            return diff(after, before);
        }

        private void addTunnelStages(List<List<Action>> stages) {
            Map<String, List<Action.Tunnel>> add = tunnelsToAdd();
            List<Action> underlay = new ArrayList<>();
            List<Action> tunnels = new ArrayList<>();
            add.forEach((node, list) -> {
                String container = naming.container(node);
                Action setup = new Action.SetupUnderlay(container, naming.intNetwork(), naming.lab());
                if (!plan.state().underlayReady(container) && !early.contains(setup)) {
                    underlay.add(setup);
                }
                tunnels.add(new Action.AddTunnels(container, naming.intNetwork(), naming.lab(), list));
            });
            if (!underlay.isEmpty()) {
                stages.add(underlay);
            }
            if (!tunnels.isEmpty()) {
                stages.add(tunnels);
            }
        }

        /**
         * A move brings the tunnels the guest's net needs at the destination first (with the underlay, if the node
         * has none yet), and removes those the source no longer needs last, once the guest answers elsewhere: each
         * step is undone if a later one fails, so a failed move leaves the tunnels as they were.
         */
        @Override
        public List<List<Action>> moveStages(GuestView guest, String toNode, List<List<Action>> hostStages,
                                             Action announce) {
            List<List<Action>> stages = new ArrayList<>();
            if (guest.net() != null) {
                Map<String, Set<String>> before = hosting(plan.state());
                Map<String, Set<String>> after = hosting(plan.state(), guest.name(), toNode);
                List<Action> underlay = new ArrayList<>();
                List<Action> add = new ArrayList<>();
                diff(after, before).forEach((node, list) -> {
                    String container = naming.container(node);
                    if (!plan.state().underlayReady(container)) {
                        underlay.add(new Action.SetupUnderlay(container, naming.intNetwork(), naming.lab()));
                    }
                    add.add(new Action.AddTunnels(container, naming.intNetwork(), naming.lab(), list));
                });
                if (!underlay.isEmpty()) {
                    stages.add(underlay);
                }
                if (!add.isEmpty()) {
                    stages.add(add);
                }
                stages.addAll(hostStages);
                stages.add(List.of(announce));
                List<Action> remove = new ArrayList<>();
                diff(before, after).forEach((node, list) -> remove.add(new Action.RemoveTunnels(
                        naming.container(node), naming.intNetwork(), naming.lab(), list)));
                if (!remove.isEmpty()) {
                    stages.add(remove);
                }
                return stages;
            }
            stages.addAll(hostStages);
            stages.add(List.of(announce));
            return stages;
        }

        /** Per node, the tunnels {@code want} has and {@code have} lacks: (node, other node, net) both host. */
        private Map<String, List<Action.Tunnel>> diff(Map<String, Set<String>> want, Map<String, Set<String>> have) {
            Map<String, List<Action.Tunnel>> out = new LinkedHashMap<>();
            List<String> all = List.copyOf(plan.nodes().keySet());
            for (String a : all) {
                for (String b : all) {
                    if (a.equals(b)) {
                        continue;
                    }
                    for (String net : want.getOrDefault(a, Set.of())) {
                        if (want.getOrDefault(b, Set.of()).contains(net) && !(have.getOrDefault(a, Set.of())
                                .contains(net) && have.getOrDefault(b, Set.of()).contains(net))) {
                            LabPlan.Net n = plan.net(net);
                            out.computeIfAbsent(a, k -> new ArrayList<>()).add(new Action.Tunnel(
                                    Topology.tunnelPort(n.vni(), naming.container(b)), naming.container(b), n.vni(),
                                    n.vlan()));
                        }
                    }
                }
            }
            return out;
        }

        private static Map<String, Set<String>> copy(Map<String, Set<String>> m) {
            Map<String, Set<String>> out = new LinkedHashMap<>();
            m.forEach((k, v) -> out.put(k, new TreeSet<>(v)));
            return out;
        }

        /** Per node, the nets it hosts a port of: its guests' nets and its routers' interfaces. */
        static Map<String, Set<String>> hosting(LabProjection state) {
            return hosting(state, null, null);
        }

        /** The same, with guest {@code moved} on node {@code to} instead of its own. */
        static Map<String, Set<String>> hosting(LabProjection state, String moved, String to) {
            Map<String, Set<String>> out = new LinkedHashMap<>();
            for (GuestView g : state.guests()) {
                if (g.net() != null) {
                    out.computeIfAbsent(g.name().equals(moved) ? to : g.node(), k -> new TreeSet<>()).add(g.net());
                }
            }
            for (RouterView r : state.routers()) {
                r.ports().forEach(p -> out.computeIfAbsent(r.node(), k -> new TreeSet<>()).add(p.net()));
            }
            return out;
        }

        private void addRouterStages(List<List<Action>> stages) {
            List<Action> namespaces = plan.newRouters().stream().<Action>map(r -> new Action.CreateNamespace(
                    Topology.routerNetns(naming, r))).filter(a -> !early.contains(a)).toList();
            if (!namespaces.isEmpty()) {
                stages.add(namespaces);
            }
            // forwarding and the interfaces both need the namespace only
            List<Action> veths = new ArrayList<>(plan.newRouters().stream().<Action>map(r ->
                    new Action.EnableForwarding(Topology.routerNetns(naming, r))).toList());
            List<Action> finish = new ArrayList<>();
            for (LabPlan.RouterPort p : plan.newRouterPorts()) {
                String portId = Topology.routerPortId(p.router(), p.net());
                String mac = Topology.routerMac(portId);
                String ns = Topology.routerNetns(naming, p.router());
                String ifname = Topology.routerIfname(portId);
                String peer = LabNaming.tap(portId);
                String container = naming.container(p.node());
                veths.add(new Action.CreateVeth(ns, ifname, peer, container, mac, Topology.OVERLAY_MTU));
                finish.add(new Action.ConfigureGuest(ns, ifname, p.gatewayCidr(), null));
                finish.add(new Action.PlugPort(container, LabNaming.BRIDGE, peer, portId, mac,
                        "router." + p.router(), naming.lab(), LabPlan.portInfo("router." + p.router(), ns,
                        p.gatewayCidr(), p.net(), p.router()), p.vlan()));
            }
            if (!veths.isEmpty()) {
                stages.add(veths);
            }
            if (!finish.isEmpty()) {
                stages.add(finish);
            }
        }
    }
}
