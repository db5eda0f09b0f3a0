package dev.dovs.engine.odl;

import dev.dovs.engine.controller.EngineContext;
import dev.dovs.engine.controller.LabPlan;
import dev.dovs.engine.controller.OverlayController;
import dev.dovs.engine.controller.OverlayPlanner;
import dev.dovs.engine.controller.RemoteState;
import dev.dovs.events.Action;
import dev.dovs.events.Intent;
import dev.dovs.events.model.LabNaming;
import dev.dovs.events.projection.GuestView;
import dev.dovs.events.projection.LabProjection;
import dev.dovs.events.projection.LedgerEntry;
import dev.dovs.events.projection.NodeView;
import io.vertx.core.Deployable;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.Set;
import java.util.TreeSet;

/**
 * OpenDaylight ({@code --odl}) makes the overlay: dovs hands the nodes to it (manager, controller, VTEP) and creates
 * neutron objects for the guests ({@link OdlPlanner}); it adds no tunnels, router namespaces or VLAN tags of its
 * own. Its plan depends on what ODL already holds, so it is decided after an {@code odl.inspect} step.
 *
 * <p>Target options: {@value #BRIDGE_WAIT} (how long add-node waits for ODL to take br-int, default 20 s) and
 * {@value #BINDING_TIMEOUT} (how long add-guest waits for ODL to bind the guest's tap, default 60 s).
 */
public final class OdlController implements OverlayController {
    public static final String BRIDGE_WAIT = "bridgeWaitSeconds";
    public static final String BINDING_TIMEOUT = "bindingTimeoutSeconds";
    public static final int DEFAULT_BRIDGE_WAIT_SECONDS = 20;
    public static final int DEFAULT_BINDING_TIMEOUT_SECONDS = 60;

    /** The target of an ODL at {@code endpoint} ({@code HOST:PORT}) with these waits, in seconds. */
    public static Intent.ControllerTarget target(String endpoint, int bridgeWaitSeconds, int bindingTimeoutSeconds) {
        if (bridgeWaitSeconds < 0 || bindingTimeoutSeconds < 0) {
            throw new IllegalArgumentException("ODL waits must not be negative");
        }
        return new Intent.ControllerTarget(Intent.ControllerKind.ODL, endpoint, Map.of(
                BRIDGE_WAIT, String.valueOf(bridgeWaitSeconds), BINDING_TIMEOUT, String.valueOf(bindingTimeoutSeconds)));
    }

    /** The target of an ODL at {@code endpoint} with the default waits. */
    public static Intent.ControllerTarget target(String endpoint) {
        return target(endpoint, DEFAULT_BRIDGE_WAIT_SECONDS, DEFAULT_BINDING_TIMEOUT_SECONDS);
    }

    static int bridgeWaitSeconds(Intent.ControllerTarget t) {
        return t == null ? DEFAULT_BRIDGE_WAIT_SECONDS : t.intOption(BRIDGE_WAIT, DEFAULT_BRIDGE_WAIT_SECONDS);
    }

    static int bindingTimeoutSeconds(Intent.ControllerTarget t) {
        return t == null ? DEFAULT_BINDING_TIMEOUT_SECONDS
                : t.intOption(BINDING_TIMEOUT, DEFAULT_BINDING_TIMEOUT_SECONDS);
    }

    @Override
    public Intent.ControllerKind kind() {
        return Intent.ControllerKind.ODL;
    }

    @Override
    public String cliOption() {
        return "--odl";
    }

    @Override
    public OverlayPlanner planner(LabPlan plan, RemoteState remote) {
        if (remote != null && !(remote instanceof OdlSnapshot)) {
            throw new IllegalArgumentException("not an ODL snapshot: " + remote.getClass().getSimpleName());
        }
        return new Planner(plan, (OdlSnapshot) remote);
    }

    /**
     * Every ODL that may hold objects of the lab (the ODL of its nodes and guests, and of ODL steps not compensated
     * yet), plus the one the clean names: the lab's tenant and transport zone are swept there.
     */
    @Override
    public List<Action> sweeps(LabProjection state, Intent.Clean clean) {
        OdlLab odlLab = OdlLab.of(state.naming());
        Set<String> odls = new TreeSet<>(state.controllerEndpoints(Intent.ControllerKind.ODL));
        if (clean.controller() != null && clean.controller().kind() == Intent.ControllerKind.ODL) {
            odls.add(clean.controller().endpoint());
        }
        List<Action> sweeps = new ArrayList<>();
        odls.forEach(o -> sweeps.add(new Action.OdlSweep(o, odlLab.tenant(), odlLab.zone())));
        return sweeps;
    }

    /** Neutron's own dependencies: ports reference subnets and routers, subnets the network; zone entries last. */
    @Override
    public OptionalInt cleanRank(Action undo) {
        if (undo instanceof Action.OdlDelete d) {
            return OptionalInt.of(switch (d.resource()) {
                case "port" -> 0;
                case "subnet" -> 1;
                case "router" -> 2;
                default -> 3;
            });
        }
        if (undo instanceof Action.OdlRemoveVtep) {
            // After the guests' ports left br-int (rank 0), before the node goes (rank 2): ITM then removes the
            // node's tunnels while the switch is still connected, so genius also clears their state. Removed after
            // the node (the original's order), stale tunnel state stayed in ODL's operational datastore and broke
            // the tunnels of a later lab whose nodes got the same addresses (seen with a real ODL Neon).
            return OptionalInt.of(1);
        }
        return OptionalInt.empty();
    }

    /**
     * The guest's neutron port is deleted (as nova's unplug is followed by neutron's port delete): the undo of the
     * logged PUT that created it, or a DELETE of the port by its id when the log has none (a port that is already
     * gone is fine). A guest without a net has no neutron port (as the original).
     */
    @Override
    public List<Action> removeGuest(LabProjection state, GuestView g, Intent.ControllerTarget target) {
        if (g.net() == null) {
            return List.of();
        }
        for (LedgerEntry e : state.ledger()) {
            if (e.action() instanceof Action.OdlPut p && p.resource().equals("port") && p.uuid().equals(g.portId())) {
                return List.of(p.undo());
            }
        }
        return List.of(new Action.OdlDelete(target.endpoint(), "port", g.portId(), g.name()));
    }

    /**
     * The node's VTEP leaves the lab's transport zone while its switch is still connected (see {@link #cleanRank}):
     * the undo of the logged registration.
     */
    @Override
    public List<Action> removeNodeBefore(LabProjection state, NodeView node, Intent.ControllerTarget target) {
        List<Action> out = new ArrayList<>();
        for (LedgerEntry e : state.ledger()) {
            if (e.action() instanceof Action.OdlRegisterVtep v && v.container().equals(node.container())) {
                out.add(v.undo());
            }
        }
        return out;
    }

    @Override
    public List<Deployable> verticles(EngineContext context) {
        OdlCredentials c = context.settings(Intent.ControllerKind.ODL, OdlCredentials.class, OdlCredentials.DEFAULT);
        return List.<Deployable>of(new OdlVerticle(c.user(), c.password(),
                OdlClientOptions.DEFAULTS.withRequestTimeout(c.requestTimeout()), context.docker(),
                context.ovs()));
    }

    /** One intent's ODL plan: the nodes' hand-over, and the guests' neutron objects once ODL was read. */
    private static final class Planner implements OverlayPlanner {
        private final LabPlan plan;
        private final LabNaming naming;
        private final OdlLab odlLab;
        private final OdlSnapshot snapshot;
        private OdlPlanner objects;
        private String toRead;

        Planner(LabPlan plan, OdlSnapshot snapshot) {
            this.plan = plan;
            this.naming = plan.naming();
            this.odlLab = OdlLab.of(naming);
            this.snapshot = snapshot;
        }

        @Override
        public String addGuest(Intent.AddGuest add) {
            Intent.ControllerTarget wanted = add.controller();
            if (add.net() == null || wanted == null) {
                return null; // without a net, ODL has nothing to manage (as the original)
            }
            if (snapshot == null) {
                toRead = wanted.endpoint(); // every other check passed: what ODL holds decides the rest
                return null;
            }
            if (objects == null) {
                objects = new OdlPlanner(odlLab, wanted.endpoint(), snapshot);
            }
            return objects.addGuest(add);
        }

        @Override
        public Action inspection() {
            return toRead == null ? null : new Action.OdlInspect(toRead, odlLab.tenant());
        }

        /**
         * dovs makes br-int (netdev, its datapath id) before the manager connects; netvirt keeps it and sets itself
         * as its controller, which dovs waits for (bounded).
         */
        @Override
        public Action bridge(String node) {
            Intent.ControllerTarget o = plan.controllerOf(node);
            String odlHost = OdlEndpoint.parse(o.endpoint()).host();
            return new Action.ConnectController(naming.container(node), LabNaming.BRIDGE, naming.lab(), odlHost,
                    naming.mgmtNetwork(), naming.intNetwork(), bridgeWaitSeconds(o), datapathId(node));
        }

        /** The datapath id of a node this intent adds: one of its own for each incarnation of the node. */
        private String datapathId(String node) {
            return odlLab.datapathId(node, plan.state().lastIndex());
        }

        /**
         * ODL must answer before a node is handed to it: one read of the lab's tenant per ODL (no side effect, so a
         * refused connection fails the command at once with nothing to undo, instead of after the container and
         * the {@code --odl-bridge-wait}).
         */
        @Override
        public List<List<Action>> preflightStages(List<String> addedNodes) {
            List<Action> reads = addedNodes.stream().map(plan::controllerOf).filter(java.util.Objects::nonNull)
                    .map(Intent.ControllerTarget::endpoint).distinct()
                    .<Action>map(e -> new Action.OdlInspect(e, odlLab.tenant())).toList();
            return reads.isEmpty() ? List.of() : List.of(reads);
        }

        /**
         * The underlay bridge, then the VTEP. ODL's VXLAN tunnels on the userspace datapath need br-phy as much as
         * dovs' own do (route and ARP for the tunnel endpoints); ODL leaves br-phy alone (seen with a real ODL).
         */
        @Override
        public List<List<Action>> nodeStages(List<String> addedNodes) {
            List<String> odlNodes = addedNodes.stream().filter(n -> plan.controllerOf(n) != null).toList();
            List<Action> underlay = odlNodes.stream().map(naming::container)
                    .filter(c -> !plan.state().underlayReady(c))
                    .<Action>map(c -> new Action.SetupUnderlay(c, naming.intNetwork(), naming.lab())).toList();
            List<Action> vteps = odlNodes.stream().<Action>map(n ->
                    new Action.OdlRegisterVtep(plan.controllerOf(n).endpoint(), odlLab.zone(), naming.container(n),
                            naming.intNetwork(), OdlLab.dpnId(datapathId(n)), OdlLab.vtepPortname(n)))
                    .toList();
            List<List<Action>> stages = new ArrayList<>();
            if (!underlay.isEmpty()) {
                stages.add(underlay);
            }
            if (!vteps.isEmpty()) {
                stages.add(vteps);
            }
            return stages;
        }

        @Override
        public List<List<Action>> overlayStages() {
            return objects == null ? List.of() : objects.objectStages();
        }

        @Override
        public String gateway(GuestView g) {
            if (objects == null || g.net() == null) {
                return null;
            }
            String own = objects.gateway(g.name());
            return own != null ? own : objects.netGateway(g.net()); // a guest from before the router came
        }

        /** ODL programs br-int itself: a dovs VLAN tag would only get in its way. */
        @Override
        public int tag(GuestView g) {
            return 0;
        }

        /**
         * ODL's binding of each new guest, then every ODL node's switch reconciled with the flows ODL holds for it
         * ({@code odl.reconcile-switch}): a guest's port or a new node makes netvirt write flows on every switch of
         * its networks, and ODL Neon's rules manager at times never sends some of them.
         */
        @Override
        public List<List<Action>> finalStages() {
            List<List<Action>> stages = new ArrayList<>();
            if (objects != null) {
                stages.add(objects.bindingStage());
            }
            boolean nodeAdded = plan.nodes().entrySet().stream().anyMatch(e -> e.getValue()
                    && isOdl(plan.controllerOf(e.getKey())));
            List<Action> reconcile = reconciliations();
            if ((objects != null || nodeAdded) && !reconcile.isEmpty()) {
                stages.add(reconcile);
            }
            return stages;
        }

        /** One {@code odl.reconcile-switch} per node of the lab that ODL controls. */
        private List<Action> reconciliations() {
            List<Action> out = new ArrayList<>();
            for (String node : plan.nodes().keySet()) {
                Intent.ControllerTarget t = plan.controllerOf(node);
                if (isOdl(t)) {
                    out.add(new Action.OdlReconcileSwitch(t.endpoint(), naming.container(node), LabNaming.BRIDGE,
                            Action.OdlReconcileSwitch.DEFAULT_TIMEOUT_SECONDS));
                }
            }
            return out;
        }

        private static boolean isOdl(Intent.ControllerTarget t) {
            return t != null && t.kind() == Intent.ControllerKind.ODL;
        }

        /**
         * What nova does on a cold migration: the tap leaves the old node, the port is bound to the new host, the tap
         * is plugged there with the same iface-id, and the move completes once ODL has bound it. Between the unplug
         * and the plug dovs waits until ODL has let go of the port ({@code odl.await-unbinding}): netvirt 0.8.0 drops
         * the add of a port that reappears while it still removes it (seen with a real ODL Neon: the moved guest kept
         * its L2 but lost its routes for good).
         */
        @Override
        public List<List<Action>> moveStages(GuestView g, String toNode, List<List<Action>> hostStages,
                                             Action announce) {
            Intent.ControllerTarget target = plan.state().controllerOfGuest(g.name()).orElse(null);
            List<List<Action>> stages = new ArrayList<>(hostStages);
            if (target == null) {
                stages.add(List.of(announce));
                return stages;
            }
            if (snapshot == null) {
                toRead = target.endpoint();
                return null;
            }
            NeutronPort port = snapshot.ofTenant(odlLab.tenant()).port(g.portId()).orElse(null);
            if (port == null) {
                throw new IllegalArgumentException("ODL at " + target.endpoint() + " has no port " + g.portId()
                        + " for guest " + g.name() + " (deleted outside dovs?)");
            }
            int plug = 0;
            while (plug < stages.size() && stages.get(plug).stream().noneMatch(Action.PlugPort.class::isInstance)) {
                plug++;
            }
            int timeout = bindingTimeoutSeconds(target);
            stages.add(plug, List.of(new Action.OdlUpdate(target.endpoint(), "port", port.uuid(), port.name(),
                    port.withHostId(toNode).toBody().encode(), port.toBody().encode())));
            stages.add(plug, List.of(new Action.OdlAwaitUnbinding(target.endpoint(), g.portId(), timeout)));
            stages.add(List.of(new Action.OdlAwaitBinding(target.endpoint(), g.portId(), g.tap(), timeout)));
            List<Action> reconcile = reconciliations();
            if (!reconcile.isEmpty()) {
                stages.add(reconcile);
            }
            stages.add(List.of(announce));
            return stages;
        }
    }
}
