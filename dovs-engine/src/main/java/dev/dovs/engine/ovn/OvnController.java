package dev.dovs.engine.ovn;

import dev.dovs.engine.controller.EngineContext;
import dev.dovs.engine.controller.LabPlan;
import dev.dovs.engine.controller.OverlayController;
import dev.dovs.engine.controller.OverlayPlanner;
import dev.dovs.engine.controller.RemoteState;
import dev.dovs.engine.exec.ProcessRunner;
import dev.dovs.engine.image.ImageBuilder;
import dev.dovs.events.Action;
import dev.dovs.events.Intent;
import dev.dovs.events.model.Ipv4Cidr;
import dev.dovs.events.model.LabNaming;
import dev.dovs.events.projection.GuestView;
import dev.dovs.events.projection.LabProjection;
import dev.dovs.events.projection.LedgerEntry;
import dev.dovs.events.projection.NodeView;
import io.vertx.core.Deployable;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.Set;

/**
 * OVN ({@code --ovn}) makes the overlay, as with neutron's ML2/OVN: dovs writes logical switches, routers and ports
 * to the OVN Northbound database ({@link OvnPlanner}, {@link NbCommands}), each node runs ovn-controller as a
 * chassis, and ovn-controller programs br-int and the Geneve (or VXLAN) tunnels. dovs adds no tunnels, VLAN tags
 * or router namespaces of its own.
 *
 * <p>Target: endpoint {@value #LAB_CENTRAL} for the lab's own central (a container of the lab, made with its first
 * node), or the NB remote of an OVN that already runs ({@code tcp:IP:6641}) with option {@value #SB} (its SB
 * remote). Options: {@value #ENCAP} ({@code geneve}, the default, or {@code vxlan}), {@value #BINDING_TIMEOUT} (how
 * long add-guest and move-guest wait for the chassis to bind a port, default 30 s), {@value #CENTRAL_IMAGE}.
 */
public final class OvnController implements OverlayController {
    public static final String LAB_CENTRAL = "lab";
    public static final String SB = "sb";
    public static final String ENCAP = "encap";
    public static final String BINDING_TIMEOUT = "bindingTimeoutSeconds";
    public static final String CENTRAL_IMAGE = "centralImage";
    public static final String DEFAULT_CENTRAL_IMAGE = ImageBuilder.OVN_CENTRAL.defaultImage();

    /**
     * The target of the lab's own central ({@code nb} null) or of an OVN that runs already.
     *
     * @param encap                 {@code geneve} or {@code vxlan}
     * @param bindingTimeoutSeconds 1..3600
     * @throws IllegalArgumentException on an invalid combination or value
     */
    public static Intent.ControllerTarget target(String nb, String sb, String encap, int bindingTimeoutSeconds) {
        if ((nb == null) != (sb == null)) {
            throw new IllegalArgumentException("--ovn-nb and --ovn-sb go together");
        }
        if (nb != null) {
            OvnRemote.check(nb, "--ovn-nb");
            OvnRemote.check(sb, "--ovn-sb");
        }
        if (!OvnNames.GENEVE.equals(encap) && !OvnNames.VXLAN.equals(encap)) {
            throw new IllegalArgumentException("--ovn-encap is geneve or vxlan, not " + encap);
        }
        if (bindingTimeoutSeconds < 1 || bindingTimeoutSeconds > 3600) {
            throw new IllegalArgumentException("--ovn-binding-timeout must be 1..3600 seconds");
        }
        Map<String, String> options = new LinkedHashMap<>();
        if (sb != null) {
            options.put(SB, sb);
        }
        options.put(ENCAP, encap);
        options.put(BINDING_TIMEOUT, String.valueOf(bindingTimeoutSeconds));
        return new Intent.ControllerTarget(Intent.ControllerKind.OVN, nb == null ? LAB_CENTRAL : nb, options);
    }

    /** Where a target's databases are, for a lab. */
    static Action.OvnDb db(LabNaming naming, Intent.ControllerTarget t) {
        if (LAB_CENTRAL.equals(t.endpoint())) {
            return Action.OvnDb.central(new OvnNames(naming).centralContainer());
        }
        String sb = t.options().get(SB);
        if (sb == null) {
            throw new IllegalArgumentException("OVN at " + t.endpoint() + " has no SB remote (option sb)");
        }
        return Action.OvnDb.remote(t.endpoint(), sb);
    }

    static OvnPlanner.Target plannerTarget(LabNaming naming, Intent.ControllerTarget t) {
        return new OvnPlanner.Target(db(naming, t), t.options().getOrDefault(ENCAP, OvnNames.GENEVE),
                t.options().getOrDefault(CENTRAL_IMAGE, DEFAULT_CENTRAL_IMAGE),
                OvnPlanner.DEFAULT_CHASSIS_TIMEOUT_SECONDS,
                t.intOption(BINDING_TIMEOUT, OvnPlanner.DEFAULT_BINDING_TIMEOUT_SECONDS));
    }

    @Override
    public Intent.ControllerKind kind() {
        return Intent.ControllerKind.OVN;
    }

    @Override
    public String cliOption() {
        return "--ovn";
    }

    /** Geneve over an IPv4 underlay: 1500 less 58 bytes (with OVN's option TLV). */
    @Override
    public int overlayMtu() {
        return OvnNames.GENEVE_MTU;
    }

    /** {@code --ovn} for the lab's own central, else {@code --ovn-nb NB --ovn-sb SB}. */
    @Override
    public String cliArgs(Intent.ControllerTarget target) {
        return LAB_CENTRAL.equals(target.endpoint()) ? "--ovn"
                : "--ovn-nb " + target.endpoint() + " --ovn-sb " + target.options().get(SB);
    }

    @Override
    public String label(Intent.ControllerTarget target) {
        return LAB_CENTRAL.equals(target.endpoint()) ? "the lab's own OVN central" : target.label();
    }

    @Override
    public OverlayPlanner planner(LabPlan plan, RemoteState remote) {
        return new Planner(plan);
    }

    /**
     * One sweep per OVN that may hold the lab's objects: that of its nodes and guests, those that OVN steps not
     * compensated yet name, and the one {@code clean} names (found by mark there: works from a lost log).
     */
    @Override
    public List<Action> sweeps(LabProjection state, Intent.Clean clean) {
        LabNaming naming = state.naming();
        Set<Action.OvnDb> dbs = new LinkedHashSet<>();
        state.controller().filter(t -> t.kind() == Intent.ControllerKind.OVN).ifPresent(t -> dbs.add(db(naming, t)));
        state.guests().forEach(g -> state.controllerOfGuest(g.name())
                .filter(t -> t.kind() == Intent.ControllerKind.OVN).ifPresent(t -> dbs.add(db(naming, t))));
        for (LedgerEntry e : state.ledger()) {
            Action.OvnDb d = dbOf(e.action());
            if (d != null) {
                dbs.add(d);
            }
        }
        if (clean.controller() != null && clean.controller().kind() == Intent.ControllerKind.OVN) {
            dbs.add(db(naming, clean.controller()));
        }
        List<Action> out = new ArrayList<>();
        dbs.forEach(d -> out.add(new Action.OvnSweep(d, naming.lab())));
        return out;
    }

    private static Action.OvnDb dbOf(Action a) {
        if (a instanceof Action.OvnNbTransact t) {
            return t.db();
        } else if (a instanceof Action.OvnStartController t) {
            return t.db();
        }
        return null;
    }

    /** NB deletions and chassis removals before the containers (the lab's central among them) go. */
    @Override
    public OptionalInt cleanRank(Action undo) {
        if (undo instanceof Action.OvnNbTransact t) {
            boolean port = t.commands().size() > 1 && t.commands().get(1).equals("lsp-del");
            return OptionalInt.of(port ? 0 : 1);
        }
        if (undo instanceof Action.OvnRemoveChassis) {
            return OptionalInt.of(0);
        }
        return OptionalInt.empty();
    }

    /**
     * The guest's logical switch port goes: the undo of the logged transaction that made it when that made it alone,
     * else one {@code lsp-del} (a spawn made its guests' ports in one transaction per switch).
     */
    @Override
    public List<Action> removeGuest(LabProjection state, GuestView g, Intent.ControllerTarget target) {
        OvnPlanner ovn = new OvnPlanner(state.naming(), plannerTarget(state.naming(), target));
        Action.OvnNbTransact delete = ovn.deleteGuestPort(g.name(), g.portId(),
                g.net() != null ? g.net() : OvnPlanner.localNet(g.node()));
        for (LedgerEntry e : state.ledger()) {
            if (e.action() instanceof Action.OvnNbTransact t && t.undoCommands().equals(delete.commands())) {
                return List.of(t.undo());
            }
        }
        return List.of(delete);
    }

    /**
     * The node's chassis leaves the SB once its container (and the ovn-controller in it, which would register it
     * again) is gone: the undo of the step that started it, as logged.
     */
    @Override
    public List<Action> removeNodeAfter(LabProjection state, NodeView node, Intent.ControllerTarget target) {
        String container = node.container();
        for (LedgerEntry e : state.ledger()) {
            if (e.action() instanceof Action.OvnStartController c && c.container().equals(container)) {
                return List.of(c.undo());
            }
        }
        return List.of(new Action.OvnRemoveChassis(db(state.naming(), target),
                new OvnNames(state.naming()).chassis(node.name())));
    }

    @Override
    public List<Deployable> verticles(EngineContext context) {
        return List.of(new OvnVerticle(new CtlOvnDriver(new ProcessRunner(Duration.ofSeconds(30))),
                context.docker()));
    }

    /** One intent's OVN plan. */
    private static final class Planner implements OverlayPlanner {
        private final LabPlan plan;
        private final LabNaming naming;
        private final Map<String, Integer> bindingTimeouts = new LinkedHashMap<>(); // guest -> seconds

        Planner(LabPlan plan) {
            this.plan = plan;
            this.naming = plan.naming();
        }

        /** Each guest waits for its binding as long as its own intent says. */
        @Override
        public String addGuest(Intent.AddGuest add) {
            if (add.controller() != null && add.controller().kind() == Intent.ControllerKind.OVN) {
                try {
                    bindingTimeouts.put(add.guest(), add.controller().intOption(BINDING_TIMEOUT,
                            OvnPlanner.DEFAULT_BINDING_TIMEOUT_SECONDS));
                } catch (IllegalArgumentException e) {
                    return e.getMessage();
                }
            }
            return null;
        }

        private Intent.ControllerTarget target() {
            for (String n : plan.nodes().keySet()) {
                Intent.ControllerTarget t = plan.controllerOf(n);
                if (t != null) {
                    return t;
                }
            }
            throw new IllegalStateException("no OVN node in this lab");
        }

        private OvnPlanner ovn() {
            return new OvnPlanner(naming, plannerTarget(naming, target()));
        }

        @Override
        public Action bridge(String node) {
            return new Action.CreateBridge(naming.container(node), LabNaming.BRIDGE, naming.lab());
        }

        /**
         * An OVN that runs already must answer before anything is created for a new node: one read of the NB
         * (bounded by ovn-nbctl's timeout). The lab's own central starts with the nodes instead.
         */
        @Override
        public List<List<Action>> preflightStages(List<String> addedNodes) {
            if (addedNodes.isEmpty()) {
                return List.of();
            }
            Action.OvnDb db = plannerTarget(naming, target()).db();
            if (db.central() != null) {
                return List.of();
            }
            return List.of(List.of(new Action.OvnNbTransact(db, naming.lab(), "check that the OVN NB at " + db.nb()
                    + " answers", List.of("--columns=_uuid", "list", "NB_Global"), List.of())));
        }

        /** The lab's own central starts with its first node's container, in parallel. */
        @Override
        public List<Action> containers(List<String> addedNodes) {
            if (addedNodes.isEmpty()) {
                return List.of();
            }
            Action central = ovn().centralContainer();
            return central == null || centralCreated(plan.state(), (Action.OvnStartCentral) central) ? List.of()
                    : List.of(central);
        }

        @Override
        public List<List<Action>> nodeStages(List<String> addedNodes) {
            if (addedNodes.isEmpty()) {
                return List.of();
            }
            OvnPlanner ovn = ovn();
            return List.of(ovn.underlay(addedNodes), ovn.chassis(addedNodes));
        }

        private static boolean centralCreated(LabProjection state, Action.OvnStartCentral central) {
            for (LedgerEntry e : state.ledger()) {
                if (e.action() instanceof Action.OvnStartCentral c && c.container().equals(central.container())) {
                    return true;
                }
            }
            return false;
        }

        @Override
        public List<List<Action>> overlayStages() {
            List<GuestView> guests = plan.newGuests();
            boolean anyNew = !guests.isEmpty() || !plan.newRouters().isEmpty() || !plan.newRouterPorts().isEmpty()
                    || plan.nets().stream().anyMatch(LabPlan.Net::isNew);
            if (!anyNew) {
                return List.of();
            }
            OvnPlanner ovn = ovn();
            List<OvnPlanner.NetSpec> nets = plan.nets().stream().filter(LabPlan.Net::isNew)
                    .map(n -> new OvnPlanner.NetSpec(n.name(), n.subnet().subnet())).toList();
            Set<String> haveLocal = new LinkedHashSet<>();
            plan.state().guests().stream().filter(g -> g.net() == null).forEach(g -> haveLocal.add(g.node()));
            List<String> newLocal = new ArrayList<>();
            for (GuestView g : guests) {
                if (g.net() == null && haveLocal.add(g.node())) {
                    newLocal.add(g.node());
                }
            }
            List<List<Action>> stages = new ArrayList<>();
            List<Action> first = ovn.switchesAndRouters(nets, newLocal, List.copyOf(plan.newRouters()));
            if (!first.isEmpty()) {
                stages.add(first);
            }
            List<Action> ports = ovn.ports(plan.newRouterPorts().stream().map(p -> new OvnPlanner.RouterPortSpec(
                    p.router(), p.net(), p.gatewayCidr())).toList(), guests.stream().map(Planner::spec).toList());
            if (!ports.isEmpty()) {
                stages.add(ports);
            }
            return stages;
        }

        static OvnPlanner.GuestSpec spec(GuestView g) {
            return new OvnPlanner.GuestSpec(g.name(), g.node(), g.portId(), g.mac(), g.cidr(), g.net());
        }

        @Override
        public String gateway(GuestView guest) {
            return guest.router() == null ? null : Ipv4Cidr.parseHost(guest.cidr()).gatewayIp();
        }

        @Override
        public int tag(GuestView guest) {
            return 0; // ovn-controller programs br-int
        }

        @Override
        public List<List<Action>> finalStages() {
            List<GuestView> guests = plan.newGuests();
            if (guests.isEmpty()) {
                return List.of();
            }
            List<Action> waits = new ArrayList<>();
            for (Action a : ovn().bindings(guests.stream().map(Planner::spec).toList())) {
                Action.OvnAwaitBinding w = (Action.OvnAwaitBinding) a;
                String guest = guests.get(waits.size()).name();
                waits.add(new Action.OvnAwaitBinding(w.db(), w.port(), w.chassis(),
                        bindingTimeouts.getOrDefault(guest, w.timeoutSeconds())));
            }
            return List.of(waits);
        }

        /** OVN moves the binding to the chassis that now has the tap: no announcement needed. */
        @Override
        public List<List<Action>> moveStages(GuestView guest, String toNode, List<List<Action>> hostStages,
                                             Action announce) {
            boolean dstLocal = plan.state().guests().stream().anyMatch(g -> g.net() == null
                    && g.node().equals(toNode));
            Intent.ControllerTarget t = plan.state().controllerOfGuest(guest.name()).orElse(target());
            List<List<Action>> m = new OvnPlanner(naming, plannerTarget(naming, t)).move(spec(guest), toNode,
                    dstLocal);
            List<List<Action>> stages = new ArrayList<>();
            if (!m.get(0).isEmpty()) {
                stages.add(m.get(0));
            }
            stages.addAll(hostStages);
            stages.add(m.get(1));
            return stages;
        }
    }
}
