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

import java.util.ArrayList;
import java.util.List;

/**
 * dovs' own overlay, the default: no controller, made the way a neutron OVS agent with VXLAN would, with only the
 * NORMAL action. Every net is a VXLAN full mesh between all nodes (one VNI per net, one local VLAN per net on
 * br-int, tunnel ports {@code protected} for split horizon, the underlay on br-phy); a router is a namespace on a
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

        @Override
        public List<List<Action>> overlayStages() {
            List<List<Action>> stages = new ArrayList<>();
            addTunnelStages(stages);
            addRouterStages(stages);
            return stages;
        }

        @Override
        public String gateway(GuestView g) {
            return g.router() == null ? null : Ipv4Cidr.parseHost(g.cidr()).gatewayIp();
        }

        @Override
        public int tag(GuestView g) {
            return g.net() == null ? Topology.LOCAL_VLAN : plan.net(g.net()).vlan();
        }

        /** Full mesh: every (node, other node, net) not tunnelled yet gets a VXLAN port. */
        private void addTunnelStages(List<List<Action>> stages) {
            List<String> all = List.copyOf(plan.nodes().keySet());
            if (all.size() < 2 || plan.nets().isEmpty()) {
                return;
            }
            List<Action> underlay = new ArrayList<>();
            List<Action> tunnels = new ArrayList<>();
            for (String a : all) {
                List<Action.Tunnel> list = new ArrayList<>();
                for (String b : all) {
                    if (a.equals(b)) {
                        continue;
                    }
                    for (LabPlan.Net n : plan.nets()) {
                        if (plan.nodes().get(a) || plan.nodes().get(b) || n.isNew()) {
                            list.add(new Action.Tunnel(Topology.tunnelPort(n.vni(), naming.container(b)),
                                    naming.container(b), n.vni(), n.vlan()));
                        }
                    }
                }
                if (!list.isEmpty()) {
                    String container = naming.container(a);
                    if (!plan.state().underlayReady(container)) {
                        underlay.add(new Action.SetupUnderlay(container, naming.intNetwork(), naming.lab()));
                    }
                    tunnels.add(new Action.AddTunnels(container, naming.intNetwork(), naming.lab(), list));
                }
            }
            if (!underlay.isEmpty()) {
                stages.add(underlay);
            }
            if (!tunnels.isEmpty()) {
                stages.add(tunnels);
            }
        }

        private void addRouterStages(List<List<Action>> stages) {
            if (!plan.newRouters().isEmpty()) {
                stages.add(plan.newRouters().stream().<Action>map(r -> new Action.CreateNamespace(
                        Topology.routerNetns(naming, r))).toList());
                stages.add(plan.newRouters().stream().<Action>map(r -> new Action.EnableForwarding(
                        Topology.routerNetns(naming, r))).toList());
            }
            if (plan.newRouterPorts().isEmpty()) {
                return;
            }
            List<Action> veths = new ArrayList<>();
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
            stages.add(veths);
            stages.add(finish);
        }
    }
}
