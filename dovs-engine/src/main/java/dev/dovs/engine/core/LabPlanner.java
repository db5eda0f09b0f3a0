package dev.dovs.engine.core;

import dev.dovs.engine.odl.OdlEndpoint;
import dev.dovs.engine.odl.OdlLab;
import dev.dovs.engine.odl.OdlSnapshot;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
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
 * <p>Overlay without a controller: every net is a VXLAN full mesh between all nodes (one VNI per net, one local
 * VLAN per net on br-int, tunnel ports protected for split horizon); a router is a namespace on a node with one
 * interface per attached subnet, like neutron's legacy L3 agent.
 *
 * <p>With OpenDaylight ({@code --odl}) the overlay is ODL's: nodes are handed to it (manager, controller, VTEP),
 * guests get neutron objects ({@link OdlPlanner}), and dovs adds no tunnels, router namespaces or VLAN tags of its
 * own. A lab is either ODL-managed or not, for all its nodes: mixing would leave guests that neither can reach.
 */
final class LabPlanner {
    private static final ObjectMapper JSON = new ObjectMapper();

    private record Net(String name, Ipv4Cidr subnet, int vni, int vlan, String router, boolean isNew) {
        Net withRouter(String r) {
            return new Net(name, subnet, vni, vlan, r, isNew);
        }
    }

    private record RouterPort(String router, String net, String node, String gatewayCidr, int vlan) {
    }

    private final LabProjection state;
    private final LabNaming naming;
    private final Map<String, Boolean> nodes = new LinkedHashMap<>(); // node -> is new
    private final Map<String, String> images = new LinkedHashMap<>();
    private final Map<String, Net> nets = new LinkedHashMap<>();
    private final Map<String, String> routerHosts = new LinkedHashMap<>(); // router -> node
    private final Set<String> newRouters = new LinkedHashSet<>();
    private final Map<String, List<Ipv4Cidr>> routerSubnets = new LinkedHashMap<>();
    private final List<RouterPort> newRouterPorts = new ArrayList<>();
    private final List<GuestView> guests = new ArrayList<>();
    private final List<GuestView> newGuests = new ArrayList<>();
    private final Map<String, Intent.OdlTarget> controllers = new LinkedHashMap<>(); // node -> its ODL, if any
    private final OdlSnapshot odlSnapshot;
    private final OdlLab odlLab;
    private OdlPlanner odl;
    private String odlToRead;

    LabPlanner(LabProjection state) {
        this(state, null);
    }

    /** {@code odlSnapshot}: what ODL holds for the lab, read before deciding; null when no guest needs ODL. */
    LabPlanner(LabProjection state, OdlSnapshot odlSnapshot) {
        this.state = state;
        this.naming = state.naming();
        this.odlSnapshot = odlSnapshot;
        this.odlLab = OdlLab.of(naming);
        state.nodes().forEach(n -> nodes.put(n.name(), false));
        state.nodes().forEach(n -> state.odlOfNode(n.name()).ifPresent(o -> controllers.put(n.name(), o)));
        for (NetView n : state.nets()) {
            nets.put(n.name(), new Net(n.name(), Ipv4Cidr.parseAny(n.subnet()), n.vni(), n.vlan(), n.router(), false));
        }
        for (RouterView r : state.routers()) {
            routerHosts.put(r.name(), r.node());
            r.ports().forEach(p -> routerSubnets.computeIfAbsent(r.name(), k -> new ArrayList<>())
                    .add(nets.get(p.net()).subnet()));
        }
        guests.addAll(state.guests());
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
        nodes.put(add.node(), true);
        if (add.odl() != null) {
            controllers.put(add.node(), add.odl());
        }
        images.put(add.node(), add.image());
        return null;
    }

    private String controllerProblem(Intent.AddNode add) {
        String existing = nodes.isEmpty() ? null : endpointOf(nodes.keySet().iterator().next());
        String wanted = add.odl() == null ? null : add.odl().endpoint();
        if (nodes.isEmpty() || java.util.Objects.equals(existing, wanted)) {
            return null;
        }
        if (existing == null) {
            return "the nodes of this lab run without a controller: an ODL-managed node needs a lab of its own "
                    + "(--lab) or a clean lab";
        }
        return "the nodes of this lab are managed by ODL at " + existing + ": add-node needs --odl " + existing;
    }

    private String endpointOf(String node) {
        Intent.OdlTarget o = controllers.get(node);
        return o == null ? null : o.endpoint();
    }

    /** Null when the guest can be added, else the reason. */
    String addGuest(Intent.AddGuest add) {
        String problem = guestProblem(add);
        if (problem == null) {
            problem = odlGuestProblem(add);
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
            }
            router = net.router();
        }
        GuestView g = new GuestView(add.guest(), add.node(), naming.netns(add.guest()), LabNaming.tap(add.portId()),
                add.cidr(), add.mac(), add.portId(), add.net(), router, add.mtu(), null);
        guests.add(g);
        newGuests.add(g);
        return null;
    }

    /** An ODL node's nets are ODL's, a plain node's are dovs': the guest must ask for the right one. */
    private String odlGuestProblem(Intent.AddGuest add) {
        if (add.net() == null) {
            return null;
        }
        String managedBy = endpointOf(add.node());
        String wanted = add.odl() == null ? null : add.odl().endpoint();
        if (managedBy == null && wanted != null) {
            return "node " + add.node() + " was added without --odl: ODL cannot manage its guests";
        }
        if (managedBy != null && !managedBy.equals(wanted)) {
            return "node " + add.node() + " is managed by ODL at " + managedBy + ": add-guest --net needs --odl "
                    + managedBy;
        }
        if (wanted == null) {
            return null;
        }
        if (odlSnapshot == null) {
            odlToRead = wanted; // every other check passed: what ODL holds decides the rest
            return null;
        }
        if (odl == null) {
            odl = new OdlPlanner(odlLab, wanted, odlSnapshot);
        }
        return odl.addGuest(add);
    }

    /**
     * The ODL to read before this plan can be completed: set when guests need neutron objects and the planner was
     * made without a snapshot. The plan is incomplete then, and only good for finding refusals early.
     */
    String odlToRead() {
        return odlToRead;
    }

    /** True when the lab's overlay belongs to ODL. */
    private boolean odlManaged() {
        return !controllers.isEmpty();
    }

    private String guestProblem(Intent.AddGuest add) {
        if (!nodes.containsKey(add.node())) {
            return "node " + add.node() + " does not exist";
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
            boolean sameAddress = Ipv4Cidr.parseHost(g.cidr()).address() == ip.address();
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
            return "net " + add.net() + " has subnet " + net.subnet().subnet() + ": address " + add.cidr()
                    + " is outside it";
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
        List<List<Action>> stages = new ArrayList<>();
        String lab = naming.lab();
        List<String> added = nodes.entrySet().stream().filter(Map.Entry::getValue).map(Map.Entry::getKey).toList();
        if (!added.isEmpty()) {
            stages.add(List.of(new Action.EnsureNetwork(naming.mgmtNetwork(), lab),
                    new Action.EnsureNetwork(naming.intNetwork(), lab)));
            stages.add(added.stream().<Action>map(n -> new Action.CreateContainer(naming.container(n), n,
                    images.get(n), List.of(naming.mgmtNetwork(), naming.intNetwork()), lab)).toList());
            stages.add(added.stream().map(this::bridgeAction).toList());
            // ODL's tunnels on the userspace datapath need the underlay bridge as much as dovs' own do (route and
            // ARP for the tunnel endpoints); ODL leaves br-phy alone.
            List<Action> odlUnderlay = added.stream().filter(controllers::containsKey).map(naming::container)
                    .filter(c -> !state.underlayReady(c))
                    .<Action>map(c -> new Action.SetupUnderlay(c, naming.intNetwork(), naming.lab())).toList();
            if (!odlUnderlay.isEmpty()) {
                stages.add(odlUnderlay);
            }
            List<Action> vteps = added.stream().filter(controllers::containsKey).<Action>map(n ->
                    new Action.OdlRegisterVtep(controllers.get(n).endpoint(), odlLab.zone(), naming.container(n),
                            naming.intNetwork(), OdlLab.dpnId(odlLab.datapathId(n)), OdlLab.vtepPortname(n))).toList();
            if (!vteps.isEmpty()) {
                stages.add(vteps);
            }
        }
        if (!odlManaged()) {
            addTunnelStages(stages);
            addRouterStages(stages);
        }
        if (odl != null) {
            stages.addAll(odl.objectStages());
        }
        if (!newGuests.isEmpty()) {
            stages.add(newGuests.stream().<Action>map(g -> new Action.CreateNamespace(g.netns())).toList());
            stages.add(newGuests.stream().<Action>map(g -> new Action.CreateVeth(g.netns(), LabNaming.GUEST_IFNAME,
                    g.tap(), naming.container(g.node()), g.mac(), g.mtu())).toList());
            List<Action> last = new ArrayList<>();
            Map<String, List<Action.PlugPort>> plugsByNode = new LinkedHashMap<>();
            for (GuestView g : newGuests) {
                String gateway = gatewayOf(g);
                last.add(new Action.ConfigureGuest(g.netns(), LabNaming.GUEST_IFNAME, g.cidr(), gateway));
                plugsByNode.computeIfAbsent(g.node(), k -> new ArrayList<>()).add(plug(g));
            }
            if (odl != null) {
                // A net that gets its router only now: its guests from before have no default route yet. Their
                // addressing is re-applied with the gateway (idempotent: replace, not add).
                Map<String, String> routed = odl.newlyRoutedNets();
                for (GuestView g : guests) {
                    if (!newGuests.contains(g) && g.net() != null && routed.containsKey(g.net())) {
                        last.add(new Action.ConfigureGuest(g.netns(), LabNaming.GUEST_IFNAME, g.cidr(),
                                routed.get(g.net())));
                    }
                }
            }
            // One OVS transaction per node: a single guest keeps its plain plug, several are batched (spawn).
            plugsByNode.forEach((node, plugs) -> last.add(plugs.size() == 1 ? plugs.get(0)
                    : new Action.PlugPorts(naming.container(node), LabNaming.BRIDGE, plugs)));
            stages.add(last);
        }
        if (odl != null) {
            stages.add(odl.bindingStage());
        }
        return stages;
    }

    private Action bridgeAction(String node) {
        String container = naming.container(node);
        Intent.OdlTarget o = controllers.get(node);
        if (o == null) {
            return new Action.CreateBridge(container, LabNaming.BRIDGE, naming.lab());
        }
        String odlHost = OdlEndpoint.parse(o.endpoint()).host();
        return new Action.ConnectController(container, LabNaming.BRIDGE, naming.lab(), odlHost, naming.mgmtNetwork(),
                naming.intNetwork(), o.bridgeWaitSeconds(), odlLab.datapathId(node));
    }

    private String gatewayOf(GuestView g) {
        if (odlManaged()) {
            return odl == null || g.net() == null ? null : odl.gateway(g.name());
        }
        return g.router() == null ? null : Ipv4Cidr.parseHost(g.cidr()).gatewayIp();
    }

    /** Full mesh: every (node, other node, net) not tunnelled yet gets a VXLAN port. */
    private void addTunnelStages(List<List<Action>> stages) {
        List<String> all = List.copyOf(nodes.keySet());
        if (all.size() < 2 || nets.isEmpty()) {
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
                for (Net n : nets.values()) {
                    if (nodes.get(a) || nodes.get(b) || n.isNew()) {
                        list.add(new Action.Tunnel(Topology.tunnelPort(n.vni(), naming.container(b)),
                                naming.container(b), n.vni(), n.vlan()));
                    }
                }
            }
            if (!list.isEmpty()) {
                String container = naming.container(a);
                if (!state.underlayReady(container)) {
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
        if (!newRouters.isEmpty()) {
            stages.add(newRouters.stream().<Action>map(r -> new Action.CreateNamespace(Topology.routerNetns(naming,
                    r))).toList());
            stages.add(newRouters.stream().<Action>map(r -> new Action.EnableForwarding(Topology.routerNetns(naming,
                    r))).toList());
        }
        if (newRouterPorts.isEmpty()) {
            return;
        }
        List<Action> veths = new ArrayList<>();
        List<Action> finish = new ArrayList<>();
        for (RouterPort p : newRouterPorts) {
            String portId = Topology.routerPortId(p.router(), p.net());
            String mac = Topology.routerMac(portId);
            String ns = Topology.routerNetns(naming, p.router());
            String ifname = Topology.routerIfname(portId);
            String peer = LabNaming.tap(portId);
            String container = naming.container(p.node());
            veths.add(new Action.CreateVeth(ns, ifname, peer, container, mac, Topology.OVERLAY_MTU));
            finish.add(new Action.ConfigureGuest(ns, ifname, p.gatewayCidr(), null));
            finish.add(new Action.PlugPort(container, LabNaming.BRIDGE, peer, portId, mac, "router." + p.router(),
                    naming.lab(), info("router." + p.router(), ns, p.gatewayCidr(), p.net(), p.router()), p.vlan()));
        }
        stages.add(veths);
        stages.add(finish);
    }

    Action.PlugPort plug(GuestView g) {
        // ODL programs br-int itself: a dovs VLAN tag would only get in its way.
        int tag = odlManaged() ? 0 : g.net() == null ? Topology.LOCAL_VLAN : nets.get(g.net()).vlan();
        return new Action.PlugPort(naming.container(g.node()), LabNaming.BRIDGE, g.tap(), g.portId(), g.mac(),
                g.name(), naming.lab(), info(g.name(), g.netns(), g.cidr(), g.net(), g.router()), tag);
    }

    /** The original's per-port marker, as JSON instead of a Python repr: name, ns, ip, net, router. */
    static String info(String name, String netns, String cidr, String net, String router) {
        ObjectNode o = JSON.createObjectNode();
        o.put("name", name).put("ns", netns).put("ip", cidr).put("net", net == null ? "" : net)
                .put("router", router == null ? "" : router);
        return o.toString();
    }

}
