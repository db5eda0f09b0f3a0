package dev.dovs.engine.core;

import dev.dovs.engine.controller.Controllers;
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
import dev.dovs.events.projection.NetView;
import dev.dovs.events.projection.RouterView;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Plans additions to a lab (nodes, guests, the nets and routers they bring) against a scratch copy of the
 * projected state, so that one intent can add many things at once (spawn) and every check sees what the same
 * intent added before. Pure: it only computes actions.
 *
 * <p>What every lab shares is planned here: names, addresses, nets and routers, containers, guest namespaces,
 * veths and plugs. What the overlay needs is asked of the lab's {@link OverlayController} (dovs' own VXLAN mesh, or
 * an SDN controller), through its {@link OverlayPlanner}. A lab has one controller, that of its nodes: mixing
 * would leave guests that neither can reach, so it is refused.
 */
final class LabPlanner implements LabPlan {
    private final LabProjection state;
    private final LabNaming naming;
    private final RemoteState remote;
    private final Map<String, Boolean> nodes = new LinkedHashMap<>(); // node -> is new
    private final Map<String, String> images = new LinkedHashMap<>();
    private final Map<String, Net> nets = new LinkedHashMap<>();
    private final Map<String, String> routerHosts = new LinkedHashMap<>(); // router -> node
    private final Set<String> newRouters = new LinkedHashSet<>();
    private final Map<String, List<Ipv4Cidr>> routerSubnets = new LinkedHashMap<>();
    private final List<RouterPort> newRouterPorts = new ArrayList<>();
    private final List<GuestView> guests = new ArrayList<>();
    private final List<GuestView> newGuests = new ArrayList<>();
    /** Existing guests whose net gets its router in this intent: their default route changes. */
    private final List<GuestView> rerouted = new ArrayList<>();
    private final Map<String, Intent.ControllerTarget> controllers = new LinkedHashMap<>(); // node -> its controller
    private OverlayPlanner overlay;

    LabPlanner(LabProjection state) {
        this(state, null);
    }

    /** {@code remote}: what the lab's controller holds, read before deciding; null when not read (yet). */
    LabPlanner(LabProjection state, RemoteState remote) {
        this.state = state;
        this.naming = state.naming();
        this.remote = remote;
        state.nodes().forEach(n -> nodes.put(n.name(), false));
        state.nodes().forEach(n -> state.controllerOfNode(n.name()).ifPresent(o -> controllers.put(n.name(), o)));
        for (NetView n : state.nets()) {
            nets.put(n.name(), new Net(n.name(), Ipv4Cidr.parseAny(n.subnet()), n.vni(), n.vlan(), n.router(), false));
        }
        for (RouterView r : state.routers()) {
            routerHosts.put(r.name(), r.node());
            r.ports().forEach(p -> routerSubnets.computeIfAbsent(r.name(), k -> new ArrayList<>())
                    .add(nets.get(p.net()).subnet()));
        }
        guests.addAll(state.guests());
        if (!nodes.isEmpty()) {
            overlay = Controllers.of(controllers.get(nodes.keySet().iterator().next())).planner(this, remote);
        }
    }

    /** The overlay of the lab's controller; dovs' own while the lab has no node yet. */
    OverlayPlanner overlay() {
        if (overlay == null) {
            overlay = Controllers.own().planner(this, remote);
        }
        return overlay;
    }

    /** Null when the node can be added, else the reason. */
    String addNode(Intent.AddNode add) {
        if (nodes.containsKey(add.node())) {
            return "node " + add.node() + " already exists";
        }
        String mixed = controllerProblem(add);
        if (mixed != null) {
            return mixed;
        }
        if (nodes.isEmpty()) {
            OverlayController controller;
            try {
                controller = Controllers.of(add.controller());
            } catch (IllegalArgumentException e) {
                return e.getMessage();
            }
            overlay = controller.planner(this, remote);
        }
        nodes.put(add.node(), true);
        if (add.controller() != null) {
            controllers.put(add.node(), add.controller());
        }
        images.put(add.node(), add.image());
        return null;
    }

    private String controllerProblem(Intent.AddNode add) {
        if (nodes.isEmpty()) {
            return null;
        }
        Intent.ControllerTarget existing = controllers.get(nodes.keySet().iterator().next());
        Intent.ControllerTarget wanted = add.controller();
        if (existing == null && wanted == null || existing != null && existing.sameController(wanted)) {
            return null;
        }
        if (existing == null) {
            return "the nodes of this lab run without a controller: an " + wanted.kind().displayName()
                    + "-managed node needs a lab of its own (--lab) or a clean lab";
        }
        return "the nodes of this lab are managed by " + label(existing) + ": add-node needs "
                + cliArgs(existing);
    }

    private static String option(Intent.ControllerTarget target) {
        return Controllers.of(target.kind()).cliOption();
    }

    private static String cliArgs(Intent.ControllerTarget target) {
        return Controllers.of(target.kind()).cliArgs(target);
    }

    private static String label(Intent.ControllerTarget target) {
        return Controllers.of(target.kind()).label(target);
    }

    /** Null when the guest can be added, else the reason. */
    String addGuest(Intent.AddGuest add) {
        String problem = guestProblem(add);
        if (problem == null) {
            problem = controllerProblem(add);
        }
        if (problem == null) {
            problem = overlay().addGuest(add);
        }
        if (problem != null) {
            return problem;
        }
        Ipv4Cidr ip = Ipv4Cidr.parseHost(add.cidr());
        String router = add.router();
        if (add.net() != null) {
            Net net = nets.get(add.net());
            if (net == null) {
                int k = nets.size() + 1;
                net = new Net(add.net(), Ipv4Cidr.parseAny(ip.subnet()), Topology.vni(k), Topology.vlan(k), null,
                        true);
                nets.put(net.name(), net);
            }
            if (net.router() == null && router != null) {
                if (!routerHosts.containsKey(router)) {
                    routerHosts.put(router, add.node());
                    newRouters.add(router);
                }
                routerSubnets.computeIfAbsent(router, k -> new ArrayList<>()).add(net.subnet());
                newRouterPorts.add(new RouterPort(router, net.name(), routerHosts.get(router),
                        ip.gatewayIp() + "/" + ip.prefix(), net.vlan()));
                net = net.withRouter(router);
                nets.put(net.name(), net);
                routeExistingGuests(net.name(), router);
            }
            router = net.router();
        }
        GuestView g = new GuestView(add.guest(), add.node(), naming.netns(add.guest()), LabNaming.tap(add.portId()),
                add.cidr(), add.mac(), add.portId(), add.net(), router, add.mtu(), null);
        guests.add(g);
        newGuests.add(g);
        return null;
    }

    /**
     * The net got its router after some of its guests joined it: they are routed now too. Guests planned by this
     * intent get the gateway when they are configured; guests that exist already get it as a step of their own
     * ({@code netns.set-gateway}, undone by removing it), so the log, {@code replay} and {@code clean} know.
     */
    private void routeExistingGuests(String net, String router) {
        for (int i = 0; i < guests.size(); i++) {
            GuestView e = guests.get(i);
            if (net.equals(e.net()) && e.router() == null) {
                GuestView routed = new GuestView(e.name(), e.node(), e.netns(), e.tap(), e.cidr(), e.mac(),
                        e.portId(), e.net(), router, e.mtu(), e.intentId());
                guests.set(i, routed);
                int j = newGuests.indexOf(e);
                if (j >= 0) {
                    newGuests.set(j, routed);
                } else {
                    rerouted.add(routed);
                }
            }
        }
    }

    /** A controller's nets are its own, dovs' are dovs': a guest on a net must ask its node's controller. */
    private String controllerProblem(Intent.AddGuest add) {
        if (add.net() == null) {
            return null;
        }
        Intent.ControllerTarget managedBy = controllers.get(add.node());
        Intent.ControllerTarget wanted = add.controller();
        if (managedBy == null && wanted != null) {
            return "node " + add.node() + " was added without " + option(wanted) + ": "
                    + wanted.kind().displayName() + " cannot manage its guests";
        }
        if (managedBy != null && !managedBy.sameController(wanted)) {
            return "node " + add.node() + " is managed by " + label(managedBy) + ": add-guest --net needs "
                    + cliArgs(managedBy);
        }
        return null;
    }

    /** The step reading the controller before this plan can be completed, or null (see {@link OverlayPlanner}). */
    Action inspection() {
        return overlay().inspection();
    }

    private String guestProblem(Intent.AddGuest add) {
        if (!nodes.containsKey(add.node())) {
            return "node " + add.node() + " does not exist";
        }
        String badName = naming.guestNameProblem(add.guest());
        if (badName != null) {
            return badName;
        }
        // a replayed or imported intent obeys the same rules as the CLI's options
        String badMac = dev.dovs.events.model.AddressRules.macProblem(add.mac()).orElse(null);
        if (badMac != null) {
            return "invalid MAC '" + add.mac() + "': " + badMac;
        }
        Ipv4Cidr ip = Ipv4Cidr.parseHost(add.cidr());
        for (GuestView g : guests) {
            if (g.name().equals(add.guest())) {
                return "guest " + add.guest() + " already exists";
            }
            if (g.portId().equals(add.portId())) {
                return "port " + add.portId() + " is already used by guest " + g.name();
            }
            if (g.mac().equals(add.mac())) {
                return "MAC " + add.mac() + " is already used by guest " + g.name();
            }
            boolean sameAddress = Ipv4Cidr.parseAny(g.cidr()).address() == ip.address();
            if (sameAddress && add.net() == null && g.net() == null && g.node().equals(add.node())) {
                return "address " + ip.ip() + " is already used by guest " + g.name() + " on node " + add.node();
            }
            if (sameAddress && add.net() != null && add.net().equals(g.net())) {
                return "address " + ip.ip() + " is already used in net " + add.net() + " by guest " + g.name();
            }
        }
        if (add.net() == null) {
            return add.router() != null ? "--router needs --net" : null;
        }
        Net net = nets.get(add.net());
        Ipv4Cidr subnet = net != null ? net.subnet() : Ipv4Cidr.parseAny(ip.subnet());
        if (net != null && !net.subnet().subnet().equals(ip.subnet())) {
            if (net.subnet().contains(ip.address())) {
                return "address " + add.cidr() + " is inside net " + add.net() + "'s subnet " + net.subnet().subnet()
                        + " but has prefix /" + ip.prefix() + ", not /" + net.subnet().prefix() + ": use "
                        + ip.ip() + "/" + net.subnet().prefix();
            }
            return "address " + add.cidr() + " is outside net " + add.net() + "'s subnet " + net.subnet().subnet();
        }
        if (add.router() != null || net != null && net.router() != null) {
            String notRoutable = dev.dovs.events.model.AddressRules.routableProblem(ip).orElse(null);
            if (notRoutable != null) {
                return notRoutable;
            }
        }
        if (ip.address() == ip.gateway()) {
            return "address " + ip.ip() + " is the gateway of subnet " + ip.subnet() + " (reserved for routers)";
        }
        if (add.router() != null && net != null && net.router() != null && !net.router().equals(add.router())) {
            return "net " + add.net() + " is attached to router " + net.router() + ", not " + add.router();
        }
        if (add.router() != null && (net == null || net.router() == null)) {
            for (Ipv4Cidr other : routerSubnets.getOrDefault(add.router(), List.of())) {
                if (other.overlaps(subnet)) {
                    return "router " + add.router() + " already has an interface in " + other.subnet()
                            + ", which overlaps " + subnet.subnet();
                }
            }
        }
        return null;
    }

    /** The actions, in dependency order; each stage's actions are independent of each other. */
    List<List<Action>> stages() {
        OverlayPlanner o = overlay();
        List<List<Action>> stages = new ArrayList<>();
        Map<String, Action> batched = guestBatches(o);
        int bridgeStage = -1;
        String lab = naming.lab();
        List<String> added = nodes.entrySet().stream().filter(Map.Entry::getValue).map(Map.Entry::getKey).toList();
        if (!added.isEmpty()) {
            addStages(stages, o.preflightStages(added));
            stages.add(List.of(new Action.EnsureNetwork(naming.mgmtNetwork(), lab),
                    new Action.EnsureNetwork(naming.intNetwork(), lab)));
            List<Action> containers = new ArrayList<>(added.stream().<Action>map(n -> new Action.CreateContainer(
                    naming.container(n), n, images.get(n), List.of(naming.mgmtNetwork(), naming.intNetwork()), lab))
                    .toList());
            containers.addAll(o.containers(added)); // the overlay's own (a controller the lab runs), alongside
            stages.add(containers);
            List<Action> bridges = new ArrayList<>(added.stream().map(o::bridge).toList());
            bridges.addAll(o.alongsideBridges(added));
            // A new node's guests need nothing but its container: made while OVS sets the node up.
            batched.entrySet().stream().filter(e -> added.contains(e.getKey())).forEach(e -> bridges.add(e.getValue()));
            stages.add(bridges);
            bridgeStage = stages.size() - 1;
            addStages(stages, o.nodeStages(added));
        }
        addStages(stages, o.overlayStages());
        addStages(stages, List.of(rerouted.stream().filter(g -> o.gateway(g) != null).<Action>map(g ->
                new Action.SetGateway(g.netns(), LabNaming.GUEST_IFNAME, o.gateway(g), null)).toList()));
        if (!newGuests.isEmpty()) {
            addStages(stages, List.of(batched.entrySet().stream().filter(e -> !added.contains(e.getKey()))
                    .map(Map.Entry::getValue).toList()));
            List<Action> last = new ArrayList<>();
            Map<String, List<Action.PlugPort>> plugsByNode = new LinkedHashMap<>();
            for (GuestView g : newGuests) {
                plugsByNode.computeIfAbsent(g.node(), k -> new ArrayList<>()).add(plug(g));
            }
            // One OVS transaction per node: a single guest keeps its plain plug, several are batched (spawn).
            // A new node's batch goes right after its bridge and veths when the overlay allows it.
            List<Action> early = new ArrayList<>();
            boolean plugEarly = !o.plugsAfterOverlay() && bridgeStage >= 0 && bridgeStage + 1 < stages.size();
            plugsByNode.forEach((node, plugs) -> {
                Action plug = plugs.size() == 1 ? plugs.get(0)
                        : new Action.PlugPorts(naming.container(node), LabNaming.BRIDGE, plugs);
                (plugEarly && batched.containsKey(node) && nodes.get(node) ? early : last).add(plug);
            });
            if (!early.isEmpty()) {
                List<Action> next = new ArrayList<>(stages.get(bridgeStage + 1));
                next.addAll(early);
                stages.set(bridgeStage + 1, next);
            }
            addStages(stages, List.of(last));
        }
        addStages(stages, o.finalStages());
        return stages;
    }

    /**
     * The new guests, per node: one {@link Action.CreateGuests} for its guests' namespaces, veths and addresses, a
     * single guest (add-guest) included: one step and three host processes instead of three steps and five (the
     * {@link Action.CreateNamespace}, {@link Action.CreateVeth} and {@link Action.ConfigureGuest} of older logs).
     * Node -> action.
     */
    private Map<String, Action> guestBatches(OverlayPlanner o) {
        Map<String, Action> out = new LinkedHashMap<>();
        Map<String, List<Action.GuestLink>> byNode = new LinkedHashMap<>();
        for (GuestView g : newGuests) {
            byNode.computeIfAbsent(g.node(), k -> new ArrayList<>()).add(new Action.GuestLink(g.netns(),
                    LabNaming.GUEST_IFNAME, g.tap(), g.mac(), g.mtu(), g.cidr(), o.gateway(g)));
        }
        byNode.forEach((node, links) -> out.put(node, new Action.CreateGuests(naming.container(node), links)));
        return out;
    }

    private static void addStages(List<List<Action>> stages, List<List<Action>> more) {
        more.stream().filter(s -> !s.isEmpty()).forEach(stages::add);
    }

    /** The guest's port on its node's br-int, with the tag the overlay gives it. */
    Action.PlugPort plug(GuestView g) {
        return new Action.PlugPort(naming.container(g.node()), LabNaming.BRIDGE, g.tap(), g.portId(), g.mac(),
                g.name(), naming.lab(), info(g.name(), g.netns(), g.cidr(), g.net(), g.router()), overlay().tag(g));
    }

    /** The original's per-port marker, as JSON instead of a Python repr: name, ns, ip, net, router. */
    static String info(String name, String netns, String cidr, String net, String router) {
        return LabPlan.portInfo(name, netns, cidr, net, router);
    }

    // ---- LabPlan: the view overlay planners get ------------------------------------------------------------

    @Override
    public LabProjection state() {
        return state;
    }

    @Override
    public LabNaming naming() {
        return naming;
    }

    @Override
    public Map<String, Boolean> nodes() {
        return Collections.unmodifiableMap(nodes);
    }

    @Override
    public Intent.ControllerTarget controllerOf(String node) {
        return controllers.get(node);
    }

    @Override
    public Collection<Net> nets() {
        return Collections.unmodifiableCollection(nets.values());
    }

    @Override
    public Net net(String name) {
        return nets.get(name);
    }

    @Override
    public Set<String> newRouters() {
        return Collections.unmodifiableSet(newRouters);
    }

    @Override
    public List<RouterPort> newRouterPorts() {
        return Collections.unmodifiableList(newRouterPorts);
    }

    @Override
    public List<GuestView> newGuests() {
        return Collections.unmodifiableList(newGuests);
    }
}
