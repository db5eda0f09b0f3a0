package dev.dovs.engine.ovn;

import dev.dovs.events.Action;
import dev.dovs.events.model.Ipv4Cidr;
import dev.dovs.events.model.LabNaming;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Turns a lab's nodes, nets, routers and guests into the actions that make OVN their overlay (pure: no I/O).
 * <ul>
 *   <li>the lab's central: a container of the lab on its mgmt network (layout B: the SB traffic never crosses
 *       OVS), unless the lab uses an OVN that already runs;</li>
 *   <li>a node: its tunnel network on {@code br-phy} (userspace tunnelling needs the underlay on a bridge), then
 *       ovn-controller with chassis name = the node's container;</li>
 *   <li>a net: a logical switch with its subnet; a router: a logical router, with one router port per attached
 *       subnet on the subnet's gateway address (second-to-last); a guest: a logical switch port named by its port
 *       id with "MAC IP" addresses and port security. A guest without a net is on its node's local switch
 *       (reachable from the same node only, as without a controller);</li>
 *   <li>after the guests' taps are plugged ({@code iface-id} = port id), a bounded wait per guest until its node's
 *       chassis bound the port.</li>
 * </ul>
 * dovs adds no tunnels, VLAN tags or router namespaces of its own: ovn-controller programs br-int.
 */
public final class OvnPlanner {
    /** Default bounds of the chassis registration and port binding waits. */
    public static final int DEFAULT_CHASSIS_TIMEOUT_SECONDS = 30;
    public static final int DEFAULT_BINDING_TIMEOUT_SECONDS = 30;

    /**
     * The OVN a lab uses.
     *
     * @param db           the lab's central, or the remotes of an OVN that runs already
     * @param encapType    {@link OvnNames#GENEVE} or {@link OvnNames#VXLAN}
     * @param centralImage the image of the lab's central (ignored with remotes)
     */
    public record Target(Action.OvnDb db, String encapType, String centralImage, int chassisTimeoutSeconds,
                         int bindingTimeoutSeconds) {
        public Target {
            if (!OvnNames.GENEVE.equals(encapType) && !OvnNames.VXLAN.equals(encapType)) {
                throw new IllegalArgumentException("OVN encapsulation is geneve or vxlan, not " + encapType);
            }
        }
    }

    /** A new net: a logical switch. */
    public record NetSpec(String name, String subnet) {
    }

    /** A new router interface: (router, net) with the subnet's gateway address, e.g. {@code 10.0.0.254/24}. */
    public record RouterPortSpec(String router, String net, String gatewayCidr) {
    }

    /** A guest's port: {@code net} null for a guest on its node's local switch. */
    public record GuestSpec(String guest, String node, String portId, String mac, String cidr, String net) {
    }

    private final LabNaming naming;
    private final OvnNames names;
    private final NbCommands nb;
    private final Target target;

    public OvnPlanner(LabNaming naming, Target target) {
        this.naming = naming;
        this.names = new OvnNames(naming);
        this.nb = new NbCommands(names);
        this.target = target;
    }

    public OvnNames names() {
        return names;
    }

    /** The lab's central container (first node of the lab only), or null with an OVN that runs already. */
    public Action centralContainer() {
        if (target.db().central() == null) {
            return null;
        }
        return new Action.OvnStartCentral(target.db().central(), target.centralImage(), naming.mgmtNetwork(),
                naming.lab());
    }

    /** Before the chassis: each new node's tunnel network onto br-phy. */
    public List<Action> underlay(List<String> newNodes) {
        return newNodes.stream().<Action>map(n -> new Action.SetupUnderlay(naming.container(n),
                naming.intNetwork(), naming.lab())).toList();
    }

    /** Each new node becomes a chassis (ovn-controller started, registration awaited). */
    public List<Action> chassis(List<String> newNodes) {
        return newNodes.stream().<Action>map(n -> new Action.OvnStartController(naming.container(n), naming.lab(),
                target.db(), target.encapType(), naming.intNetwork(), target.chassisTimeoutSeconds())).toList();
    }

    private Action transact(String summary, List<String> commands, List<String> undo) {
        return new Action.OvnNbTransact(target.db(), naming.lab(), summary, commands, undo);
    }

    /**
     * The switches and routers to create, in one stage: new nets, the local switches of nodes whose first
     * net-less guest this is ({@code newLocalNodes}), and new routers.
     */
    public List<Action> switchesAndRouters(List<NetSpec> nets, List<String> newLocalNodes, List<String> routers) {
        List<Action> out = new ArrayList<>();
        for (NetSpec n : nets) {
            out.add(transact("logical switch " + names.logicalSwitch(n.name()) + " for net " + n.name() + " ("
                    + n.subnet() + ")", nb.createSwitch(n.name(), n.subnet()), nb.deleteSwitch(n.name())));
        }
        for (String node : newLocalNodes) {
            out.add(localSwitch(node));
        }
        for (String r : routers) {
            out.add(transact("logical router " + names.logicalRouter(r) + " for router " + r, nb.createRouter(r),
                    nb.deleteRouter(r)));
        }
        return out;
    }

    private Action localSwitch(String node) {
        String net = localNet(node);
        return transact("logical switch " + names.logicalSwitch(net) + " for the net-less guests of " + node,
                nb.createSwitch(net, null), nb.deleteSwitch(net));
    }

    /** The pseudo net of a node's net-less guests ('.' is not allowed in net names: no clash). */
    static String localNet(String node) {
        return node + ".local";
    }

    /**
     * Router interfaces and guest ports, in one stage (their switches and routers exist by then). The guest ports of
     * one switch are one transaction (a spawn's hundred guests are a few transactions, not a hundred), each guest's
     * commands as {@link #guestPort} has them.
     */
    public List<Action> ports(List<RouterPortSpec> routerPorts, List<GuestSpec> guests) {
        List<Action> out = new ArrayList<>();
        for (RouterPortSpec p : routerPorts) {
            String mac = routerMac(p.router(), p.net());
            out.add(transact("router port of " + p.router() + " on net " + p.net() + " (" + p.gatewayCidr() + ")",
                    nb.createRouterPort(p.router(), p.net(), mac, p.gatewayCidr()),
                    nb.deleteRouterPort(p.router(), p.net())));
        }
        java.util.Map<String, List<GuestSpec>> bySwitch = new java.util.LinkedHashMap<>();
        for (GuestSpec g : guests) {
            bySwitch.computeIfAbsent(g.net() != null ? g.net() : localNet(g.node()), k -> new ArrayList<>()).add(g);
        }
        bySwitch.forEach((net, group) -> {
            if (group.size() == 1) {
                out.add(guestPort(group.get(0), group.get(0).node()));
                return;
            }
            List<String> commands = new ArrayList<>();
            List<String> undo = new ArrayList<>();
            for (GuestSpec g : group) {
                Action.OvnNbTransact one = (Action.OvnNbTransact) guestPort(g, g.node());
                if (!commands.isEmpty()) {
                    commands.add("--");
                    undo.add("--");
                }
                commands.addAll(one.commands());
                undo.addAll(one.undoCommands());
            }
            out.add(transact("logical switch ports of " + group.size() + " guests (" + group.get(0).guest() + " ... "
                    + group.get(group.size() - 1).guest() + ") on " + names.logicalSwitch(net), commands, undo));
        });
        return out;
    }

    private Action guestPort(GuestSpec g, String node) {
        String net = g.net() != null ? g.net() : localNet(node);
        String ip = Ipv4Cidr.parseHost(g.cidr()).ip();
        return transact("logical switch port " + g.portId() + " of guest " + g.guest() + " (" + g.mac() + " " + ip
                + ") on " + names.logicalSwitch(net), nb.createGuestPort(net, g.portId(), g.guest(), g.mac(), ip),
                nb.deletePort(g.portId()));
    }

    /** Deletes a guest's logical switch port from the switch of {@code net} (a node's local one for a net-less guest). */
    public Action.OvnNbTransact deleteGuestPort(String guest, String portId, String net) {
        return (Action.OvnNbTransact) transact("delete logical switch port " + portId + " of guest " + guest
                + " from " + names.logicalSwitch(net), nb.deletePort(portId), List.of());
    }

    /** The MAC of a router port: neutron's fa:16:3e prefix and three bytes of its port id. */
    public String routerMac(String router, String net) {
        return dev.dovs.events.model.Topology.routerMac(names.routerPortId(router, net));
    }

    /** After the plugs: one bounded wait per guest for its node's chassis to bind its port. */
    public List<Action> bindings(List<GuestSpec> guests) {
        return guests.stream().<Action>map(g -> binding(g.portId(), g.node())).toList();
    }

    private Action binding(String portId, String node) {
        return new Action.OvnAwaitBinding(target.db(), portId, names.chassis(node), target.bindingTimeoutSeconds());
    }

    /**
     * Moving a guest: a guest on a net keeps its logical port (OVN moves the binding to the chassis that now has
     * the tap), so only the binding is awaited, after the re-plug. A net-less guest's port moves to the new node's
     * local switch first ({@code dstLocalExists}: that switch is there already).
     *
     * @return {@code [before the re-plug, after the re-plug]}
     */
    public List<List<Action>> move(GuestSpec g, String newNode, boolean dstLocalExists) {
        List<Action> before = new ArrayList<>();
        if (g.net() == null) {
            if (!dstLocalExists) {
                before.add(localSwitch(newNode));
            }
            String ip = Ipv4Cidr.parseHost(g.cidr()).ip();
            List<String> to = new ArrayList<>(nb.deletePort(g.portId()));
            to.add("--");
            to.addAll(nb.createGuestPort(localNet(newNode), g.portId(), g.guest(), g.mac(), ip));
            List<String> back = new ArrayList<>(nb.deletePort(g.portId()));
            back.add("--");
            back.addAll(nb.createGuestPort(localNet(g.node()), g.portId(), g.guest(), g.mac(), ip));
            before.add(transact("move logical switch port " + g.portId() + " of guest " + g.guest() + " to "
                    + names.logicalSwitch(localNet(newNode)), to, back));
        }
        return List.of(before, List.of(binding(g.portId(), newNode)));
    }

    /** The clean's sweep of the lab's NB objects and SB chassis, found by mark. */
    public Action sweep() {
        return new Action.OvnSweep(target.db(), naming.lab());
    }

    /** Whether these local switches exist: a node has one once it had a net-less guest. */
    public static boolean hasLocal(Set<String> nodesWithLocalGuests, String node) {
        return nodesWithLocalGuests.contains(node);
    }
}
