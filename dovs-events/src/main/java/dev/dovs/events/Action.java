package dev.dovs.events;

import java.util.List;
import java.util.Objects;

/**
 * A single side effect on the host, executed by the verticle of its {@link #subsystem()}. Forward actions name
 * their {@link #undo()}; the engine compensates them in reverse order on rollback and on {@code clean}.
 * Actions are idempotent: applying or undoing one whose resource is already in the wanted state succeeds.
 */
public sealed interface Action {

    /** Fact key set to "false" by an action that found its resource already present. */
    String CREATED = "created";

    /**
     * Fact key of a step that did nothing, with why: an undo whose resource is already gone or is not the lab's
     * (never removed). Progress lines show it as {@code skip}, not {@code ok}, so they never claim a removal.
     */
    String SKIPPED = "skipped";

    Subsystem subsystem();

    /** The compensating action, or null when undoing the owner (container, namespace) already removes it. */
    Action undo();

    String describe();

    /**
     * How long the action waits by design (for a controller to act), in seconds, on top of the engine's usual step
     * timeout; 0 for actions that do not wait.
     */
    default int waitSeconds() {
        return 0;
    }

    /**
     * An action addressed to an SDN controller (one subsystem per controller kind): it names the controller, so that
     * {@code clean} knows every controller that may hold objects of the lab.
     */
    sealed interface ControllerAction extends Action {
        Intent.ControllerKind controllerKind();

        /** The controller's endpoint as the engine reaches it. */
        String endpoint();
    }

    /** An action addressed to OpenDaylight at {@link #odl()} ({@code HOST:PORT}), run by the ODL subsystem. */
    sealed interface OdlAction extends ControllerAction {
        /**
         * How long, in seconds, an ODL write waits for netvirt to follow it where a later write depends on that
         * (a subnet's subnetmap, a deleted router's VPN instance).
         */
        int NETVIRT_WAIT_SECONDS = 30;

        String odl();

        default Intent.ControllerKind controllerKind() {
            return Intent.ControllerKind.ODL;
        }

        default String endpoint() {
            return odl();
        }

        default Subsystem subsystem() {
            return Subsystem.ODL;
        }
    }

    /** An action addressed to the OVN databases {@link #db()}, run by the OVN subsystem. */
    sealed interface OvnAction extends ControllerAction {
        OvnDb db();

        default Intent.ControllerKind controllerKind() {
            return Intent.ControllerKind.OVN;
        }

        default String endpoint() {
            return db().endpoint();
        }

        default Subsystem subsystem() {
            return Subsystem.OVN;
        }
    }

    enum Subsystem {
        DOCKER, OVS, NETNS, ODL, OVN;

        public String address() {
            return "dovs." + name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /** A docker network, created when missing, labeled with the lab. */
    record EnsureNetwork(String network, String lab) implements Action {
        public Subsystem subsystem() {
            return Subsystem.DOCKER;
        }

        public Action undo() {
            return new RemoveNetwork(network, lab);
        }

        public String describe() {
            return "ensure docker network " + network;
        }
    }

    /** Removes a docker network of the lab; one still used by containers, or not the lab's, is left alone. */
    record RemoveNetwork(String network, String lab) implements Action {
        public Subsystem subsystem() {
            return Subsystem.DOCKER;
        }

        public Action undo() {
            return null;
        }

        public String describe() {
            return "remove docker network " + network;
        }
    }

    /** A node container attached to {@code networks} (first one primary), started and ready (OVS running). */
    record CreateContainer(String container, String node, String image, List<String> networks, String lab)
            implements Action {
        public CreateContainer {
            Objects.requireNonNull(container, "container");
            networks = List.copyOf(networks);
        }

        public Subsystem subsystem() {
            return Subsystem.DOCKER;
        }

        public Action undo() {
            return new RemoveContainer(container, lab);
        }

        public String describe() {
            return "create container " + container + " from " + image;
        }
    }

    /** Force-removes the container, only if it carries the lab's label: a same-named stranger is never touched. */
    record RemoveContainer(String container, String lab) implements Action {
        public Subsystem subsystem() {
            return Subsystem.DOCKER;
        }

        public Action undo() {
            return null;
        }

        public String describe() {
            return "remove container " + container;
        }
    }

    /** The integration bridge on the userspace datapath, verified to have one, marked with the lab. */
    record CreateBridge(String container, String bridge, String lab) implements Action {
        public Subsystem subsystem() {
            return Subsystem.OVS;
        }

        public Action undo() {
            return null;
        }

        public String describe() {
            return "create bridge " + bridge + " on " + container;
        }
    }

    record CreateNamespace(String netns) implements Action {
        public Subsystem subsystem() {
            return Subsystem.NETNS;
        }

        public Action undo() {
            return new DeleteNamespace(netns);
        }

        public String describe() {
            return "create namespace " + netns;
        }
    }

    /** Kills what runs inside the namespace, then deletes it (which destroys its veth pairs). */
    record DeleteNamespace(String netns) implements Action {
        public Subsystem subsystem() {
            return Subsystem.NETNS;
        }

        public Action undo() {
            return null;
        }

        public String describe() {
            return "delete namespace " + netns;
        }
    }

    /**
     * A veth pair: {@code ifname} (with {@code mac}, {@code mtu}) inside {@code netns}, {@code peer} inside the
     * network namespace of {@code container}. Deleting the namespace destroys the pair, hence no undo.
     */
    record CreateVeth(String netns, String ifname, String peer, String container, String mac, int mtu)
            implements Action {
        public Subsystem subsystem() {
            return Subsystem.NETNS;
        }

        public Action undo() {
            return null;
        }

        public String describe() {
            return "create veth " + netns + ":" + ifname + " <-> " + container + ":" + peer;
        }
    }

    /** Address, links up, TX checksum offload off (the userspace datapath does not complete checksums). */
    record ConfigureGuest(String netns, String ifname, String cidr, String gateway) implements Action {
        public Subsystem subsystem() {
            return Subsystem.NETNS;
        }

        public Action undo() {
            return null;
        }

        public String describe() {
            return "configure " + netns + ":" + ifname + " " + cidr + (gateway == null ? "" : " via " + gateway);
        }
    }

    /**
     * The new guests of one node in one step (add-guest: one; spawn: many): per guest what {@link CreateNamespace},
     * {@link CreateVeth} and {@link ConfigureGuest} do one by one (the namespace with its mark, {@code ifname} in it
     * with the guest's MAC and MTU, its peer up in {@code container}'s network namespace, the address, the links up,
     * the default route, TX checksum offload off), with one {@code ip -batch} for all the namespaces and veth pairs
     * instead of a round trip per guest. Refused with nothing created when any of the namespaces exists; a failure
     * part-way removes what the step made before it fails. Undone by deleting the namespaces, which destroys the
     * pairs.
     */
    record CreateGuests(String container, List<GuestLink> guests) implements Action {
        public CreateGuests {
            guests = List.copyOf(guests);
        }

        public Subsystem subsystem() {
            return Subsystem.NETNS;
        }

        public Action undo() {
            return new DeleteNamespaces(guests.stream().map(GuestLink::netns).toList());
        }

        public String describe() {
            if (guests.size() == 1) {
                GuestLink g = guests.get(0);
                return "create guest " + g.netns() + ":" + g.ifname() + " " + g.cidr()
                        + (g.gateway() == null ? "" : " via " + g.gateway()) + " <-> " + container + ":" + g.peer();
            }
            return "create " + guests.size() + " guest namespace(s) with veths to " + container;
        }
    }

    /**
     * One guest of {@link CreateGuests}: {@code ifname} (with {@code mac}, {@code mtu}, {@code cidr}) in
     * {@code netns}, {@code peer} in the node; {@code gateway} the default route, or null.
     */
    record GuestLink(String netns, String ifname, String peer, String mac, int mtu, String cidr, String gateway) {
    }

    /** {@link DeleteNamespace} of each, in one step: the undo of {@link CreateGuests}. */
    record DeleteNamespaces(List<String> netns) implements Action {
        public DeleteNamespaces {
            netns = List.copyOf(netns);
        }

        public Subsystem subsystem() {
            return Subsystem.NETNS;
        }

        public Action undo() {
            return null;
        }

        public String describe() {
            return "delete " + dev.dovs.events.model.Count.of(netns.size(), "namespace");
        }
    }

    /**
     * Plugs {@code port} into the bridge with the neutron-style external_ids and the dovs marker; {@code tag} is the
     * local VLAN of the port's net (0: none).
     */
    record PlugPort(String container, String bridge, String port, String ifaceId, String mac, String guest,
                    String lab, String info, int tag) implements Action {
        public Subsystem subsystem() {
            return Subsystem.OVS;
        }

        public Action undo() {
            return new UnplugPort(container, bridge, port);
        }

        public String describe() {
            return "plug " + port + " into " + container + ":" + bridge;
        }
    }

    /** Many ports of one node in a single OVS transaction (spawn): one round trip instead of one per guest. */
    record PlugPorts(String container, String bridge, List<PlugPort> ports) implements Action {
        public PlugPorts {
            ports = List.copyOf(ports);
        }

        public Subsystem subsystem() {
            return Subsystem.OVS;
        }

        public Action undo() {
            return new RemovePorts(container, bridge, ports.stream().map(PlugPort::port).toList());
        }

        public String describe() {
            return "plug " + dev.dovs.events.model.Count.of(ports.size(), "port") + " into " + container + ":" + bridge;
        }
    }

    record UnplugPort(String container, String bridge, String port) implements Action {
        public Subsystem subsystem() {
            return Subsystem.OVS;
        }

        public Action undo() {
            return null;
        }

        public String describe() {
            return "unplug " + port + " from " + container + ":" + bridge;
        }
    }

    /**
     * Turns a node's underlay interface (the one holding its address on {@code network}) into a port of br-phy
     * carrying that address, as OVS userspace tunnelling needs; the node kernel no longer sees the underlay frames.
     */
    record SetupUnderlay(String container, String network, String lab) implements Action {
        public Subsystem subsystem() {
            return Subsystem.OVS;
        }

        public Action undo() {
            return null;
        }

        public String describe() {
            return "set up the tunnel underlay (br-phy) on " + container;
        }
    }

    /** One VXLAN port: to {@code remote} (a node container), VNI {@code vni}, access port of VLAN {@code vlan}. */
    record Tunnel(String port, String remote, int vni, int vlan) {
    }

    /**
     * VXLAN ports on br-int in one OVS transaction, all marked {@code protected} (split horizon: no frame goes from
     * one tunnel to another, so a full mesh has no loop). Remote addresses are looked up when applied.
     */
    record AddTunnels(String container, String network, String lab, List<Tunnel> tunnels) implements Action {
        public AddTunnels {
            tunnels = List.copyOf(tunnels);
        }

        public Subsystem subsystem() {
            return Subsystem.OVS;
        }

        public Action undo() {
            return new RemovePorts(container, "br-int", tunnels.stream().map(Tunnel::port).toList());
        }

        public String describe() {
            return "add " + tunnels.size() + " tunnel(s) on " + container;
        }
    }

    /**
     * Removes VXLAN ports of br-int that no guest or router port needs any more (l2population: a node keeps a
     * tunnel for a net to another node only while both host a port of that net); undone by adding them back.
     */
    record RemoveTunnels(String container, String network, String lab, List<Tunnel> tunnels) implements Action {
        public RemoveTunnels {
            tunnels = List.copyOf(tunnels);
        }

        public Subsystem subsystem() {
            return Subsystem.OVS;
        }

        public Action undo() {
            return new AddTunnels(container, network, lab, tunnels);
        }

        public String describe() {
            return "remove " + tunnels.size() + " tunnel(s) on " + container;
        }
    }

    record RemovePorts(String container, String bridge, List<String> ports) implements Action {
        public RemovePorts {
            ports = List.copyOf(ports);
        }

        public Subsystem subsystem() {
            return Subsystem.OVS;
        }

        public Action undo() {
            return null;
        }

        public String describe() {
            return "remove " + dev.dovs.events.model.Count.of(ports.size(), "port") + " from " + container + ":"
                    + bridge;
        }
    }

    /** IPv4 forwarding in a router namespace. Deleting the namespace undoes it. */
    record EnableForwarding(String netns) implements Action {
        public Subsystem subsystem() {
            return Subsystem.NETNS;
        }

        public Action undo() {
            return null;
        }

        public String describe() {
            return "enable forwarding in " + netns;
        }
    }

    /** The first half of a move: unplug from the source node; undone by plugging it back as it was. */
    record DetachPort(PlugPort plugged) implements Action {
        public Subsystem subsystem() {
            return Subsystem.OVS;
        }

        public Action undo() {
            return plugged;
        }

        public String describe() {
            return "detach " + plugged.port() + " from " + plugged.container() + ":" + plugged.bridge();
        }
    }

    /** Moves a link between node network namespaces; undone by moving it back. */
    record MoveLink(String link, String from, String to) implements Action {
        public Subsystem subsystem() {
            return Subsystem.NETNS;
        }

        public Action undo() {
            return new MoveLink(link, to, from);
        }

        public String describe() {
            return "move " + link + " from " + from + " to " + to;
        }
    }

    /** Gratuitous ARP from the guest so that learning switches on every node point at its new location. */
    record Announce(String netns, String ifname, String ip) implements Action {
        public Subsystem subsystem() {
            return Subsystem.NETNS;
        }

        public Action undo() {
            return null;
        }

        public String describe() {
            return "announce " + ip + " from " + netns;
        }
    }

    /**
     * Sets an existing guest's default route: via {@code gateway}, or none when {@code gateway} is null. Used when
     * the guest's net gets a router after the guest joined it (the gateway appears) or loses it. Its undo puts
     * {@code previous} back, so a rollback and {@code clean} restore the route the guest had.
     */
    record SetGateway(String netns, String ifname, String gateway, String previous) implements Action {
        public SetGateway {
            Objects.requireNonNull(netns, "netns");
            Objects.requireNonNull(ifname, "ifname");
        }

        public Subsystem subsystem() {
            return Subsystem.NETNS;
        }

        public Action undo() {
            return new SetGateway(netns, ifname, previous, gateway);
        }

        public String describe() {
            return gateway == null ? "remove the default route of " + netns
                    : "set the default route of " + netns + " via " + gateway;
        }
    }

    /**
     * Removes whatever still carries the lab's mark in one subsystem: containers and networks by label, OVS
     * ports by external_ids, namespaces by the lab's prefix. Used by {@code clean} after compensation, so that
     * it also works from a damaged log. {@code netnsPrefix} only matters for the netns subsystem.
     */
    record Sweep(Subsystem target, String lab, String netnsPrefix) implements Action {
        public Subsystem subsystem() {
            return target;
        }

        public Action undo() {
            return null;
        }

        public String describe() {
            return "sweep " + target.name().toLowerCase(java.util.Locale.ROOT) + " leftovers of lab " + lab;
        }
    }

    // ---- OpenDaylight (--odl) ---------------------------------------------------------------------------------

    /**
     * Hands a node's OVS to ODL: manager {@code tcp:HOST:6640}, then waits up to {@code bridgeWaitSeconds} for
     * ODL (netvirt) to create {@code bridge}; if it does not, creates it and sets the controller
     * {@code tcp:HOST:6653}. Either way sets the bridge's {@code datapathId} (so the VTEP's dpn-id is known in
     * advance), {@code other_config:local_ip} (the node's address on {@code underlay}) and the lab's mark.
     * {@code odlHost} is the controller as the engine reaches it; a host-local address is reached from the node
     * through its {@code mgmtNetwork} gateway.
     */
    record ConnectController(String container, String bridge, String lab, String odlHost, String mgmtNetwork,
                             String underlay, int bridgeWaitSeconds, String datapathId) implements Action {
        public Subsystem subsystem() {
            return Subsystem.OVS;
        }

        public Action undo() {
            return null;
        }

        public int waitSeconds() {
            return bridgeWaitSeconds;
        }

        public String describe() {
            return "connect " + container + " to ODL " + odlHost + " (manager, " + bridge + ")";
        }
    }

    /**
     * Reads this tenant's neutron objects (networks, subnets, routers, ports) so that an intent reuses or refuses
     * existing ones before any side effect. Facts: the snapshot as JSON under {@code snapshot}.
     */
    record OdlInspect(String odl, String tenant) implements OdlAction {
        public Action undo() {
            return null;
        }

        public String describe() {
            return "read neutron objects of tenant " + tenant + " from ODL " + odl;
        }
    }

    /**
     * Creates a neutron object ({@code resource}: network, subnet, router or port) with PUT and the canonical JSON
     * {@code body}. Created means a 201; a 200 (it already existed and was replaced) leaves nothing to undo.
     */
    record OdlPut(String odl, String resource, String uuid, String name, String body) implements OdlAction {
        public Action undo() {
            return new OdlDelete(odl, resource, uuid, name);
        }

        /** A subnet is written once neutronvpn has its subnetmap (router interfaces need it): up to 30 s. */
        public int waitSeconds() {
            return "subnet".equals(resource) ? NETVIRT_WAIT_SECONDS : 0;
        }

        public String describe() {
            return "create neutron " + resource + " " + name + " (" + uuid + ") in ODL " + odl;
        }
    }

    /** Replaces an existing neutron object; undone by putting {@code previousBody} back. */
    record OdlUpdate(String odl, String resource, String uuid, String name, String body, String previousBody)
            implements OdlAction {
        public Action undo() {
            return new OdlUpdate(odl, resource, uuid, name, previousBody, body);
        }

        public String describe() {
            return "update neutron " + resource + " " + name + " (" + uuid + ") in ODL " + odl;
        }
    }

    /** Deletes a neutron object; one that is already gone is fine. */
    record OdlDelete(String odl, String resource, String uuid, String name) implements OdlAction {
        public Action undo() {
            return null;
        }

        /** A router is deleted once netvirt has deleted its VPN instance (a router of the same uuid is ignored
         * until then): up to 30 s. */
        public int waitSeconds() {
            return "router".equals(resource) ? NETVIRT_WAIT_SECONDS : 0;
        }

        public String describe() {
            return "delete neutron " + resource + " " + name + " (" + uuid + ") from ODL " + odl;
        }
    }

    /**
     * Registers a node as a VTEP of transport zone {@code zone} (created when missing, with the node's
     * {@code underlay} subnet as its prefix) by writing only this VTEP's entry: no read-modify-write race between
     * nodes added at once. The node's address is looked up when applied. A missing genius is a warning, not a
     * failure (facts: {@code warning}).
     */
    record OdlRegisterVtep(String odl, String zone, String container, String underlay, String dpnId,
                           String portname) implements OdlAction {
        public Action undo() {
            return new OdlRemoveVtep(odl, zone, dpnId, portname);
        }

        public String describe() {
            return "register " + container + " as VTEP " + portname + " in transport zone " + zone + " of ODL " + odl;
        }
    }

    /** Removes one VTEP entry, and the zone once no VTEP is left in it (each lab has its own zone). */
    record OdlRemoveVtep(String odl, String zone, String dpnId, String portname) implements OdlAction {
        public Action undo() {
            return null;
        }

        public String describe() {
            return "remove VTEP " + portname + " from transport zone " + zone + " of ODL " + odl;
        }
    }

    /** Waits, bounded, until ODL reports {@code tap} as the parent interface of the port's interface. */
    record OdlAwaitBinding(String odl, String portUuid, String tap, int timeoutSeconds) implements OdlAction {
        public Action undo() {
            return null;
        }

        public int waitSeconds() {
            return timeoutSeconds;
        }

        public String describe() {
            return "wait for ODL " + odl + " to bind " + tap + " to port " + portUuid;
        }
    }

    /**
     * Waits, bounded, until ODL has let go of the port's interface after its tap left OVS: genius has no interface
     * state for it and netvirt no VPN interface (its FIB clean-up is done). A move re-plugs the tap only then: a tap
     * that appears on the new node while netvirt still removes it from the old one is added by netvirt 0.8.0 only
     * after that removal, and the wait ("waiting for FIB to clean up", vpnmanager's {@code VpnInterfaceManager})
     * blocks one of its job threads for up to 180 s and then drops the add (seen with a real ODL Neon).
     */
    record OdlAwaitUnbinding(String odl, String portUuid, int timeoutSeconds) implements OdlAction {
        public Action undo() {
            return null;
        }

        public int waitSeconds() {
            return timeoutSeconds;
        }

        public String describe() {
            return "wait for ODL " + odl + " to release port " + portUuid;
        }
    }

    /**
     * Waits, bounded, until the OpenFlow switch {@code bridge} of {@code container} holds every flow ODL's config
     * inventory ({@code opendaylight-inventory:nodes/node/openflow:<dpn>}) holds for it, and reconnects the switch
     * to its controller when some stay missing: ODL Neon's rules manager at times never sends flows netvirt wrote
     * (its config held them, the switch did not), and sends everything its config holds when the switch connects.
     * Fails when the switch still lacks flows after that.
     */
    record OdlReconcileSwitch(String odl, String container, String bridge, int timeoutSeconds) implements OdlAction {
        /** The bound a plan gives it: ODL's burst of flows after a binding settles within seconds. */
        public static final int DEFAULT_TIMEOUT_SECONDS = 45;

        public Action undo() {
            return null;
        }

        public int waitSeconds() {
            return timeoutSeconds;
        }

        public String describe() {
            return "wait until " + bridge + " of " + container + " has the flows ODL " + odl + " holds for it";
        }
    }

    /**
     * Deletes whatever of {@code tenant} is still in ODL (ports, subnets, routers, networks, in that order) and the
     * lab's transport zone: {@code clean} from a damaged log.
     */
    record OdlSweep(String odl, String tenant, String zone) implements OdlAction {
        public Action undo() {
            return null;
        }

        public String describe() {
            return "sweep neutron objects of tenant " + tenant + " and zone " + zone + " from ODL " + odl;
        }
    }

    // ---- OVN (--ovn) ------------------------------------------------------------------------------------------

    /**
     * Where OVN actions reach the OVN databases: the lab's own central container ({@code central}, a container
     * name: NB and SB through its unix sockets from the host, the SB from the nodes at its mgmt address, port
     * 6642), or an OVN that already runs ({@code nb} and {@code sb} remotes, e.g. {@code tcp:192.0.2.1:6641} and
     * {@code tcp:192.0.2.1:6642}, as ovn-nbctl(8) and ovn-controller(8) take them). Exactly one of the two forms.
     */
    record OvnDb(String central, String nb, String sb) {
        public OvnDb {
            if ((central == null) == (nb == null || sb == null)) {
                throw new IllegalArgumentException("an OVN target is either the lab's central or NB and SB remotes");
            }
        }

        public static OvnDb central(String container) {
            return new OvnDb(container, null, null);
        }

        public static OvnDb remote(String nb, String sb) {
            return new OvnDb(null, nb, sb);
        }

        public String describe() {
            return central != null ? "central " + central : "NB " + nb;
        }

        /** The controller endpoint actions on it name: {@code lab} for the lab's own central, else the NB remote. */
        public String endpoint() {
            return central != null ? "lab" : nb;
        }
    }

    /**
     * Starts the lab's own OVN central: a container of the lab (label {@code dovs.lab}) from {@code image} (NB and
     * SB ovsdb-servers and ovn-northd), on {@code network} only, ready once both databases answer.
     */
    record OvnStartCentral(String container, String image, String network, String lab) implements ControllerAction {
        public Intent.ControllerKind controllerKind() {
            return Intent.ControllerKind.OVN;
        }

        public String endpoint() {
            return "lab";
        }

        public Subsystem subsystem() {
            return Subsystem.OVN;
        }

        public Action undo() {
            return new RemoveContainer(container, lab);
        }

        public String describe() {
            return "start the lab's OVN central " + container + " from " + image;
        }
    }

    /**
     * One ovn-nbctl transaction: {@code commands} are ovn-nbctl(8) command words, commands separated by
     * {@code --} (for example {@code [--may-exist, ls-add, dovs-net1, --, set, Logical_Switch, ...]}), applied
     * atomically by the NB ovsdb-server. {@code undoCommands} (possibly empty: nothing to undo) is the transaction
     * that removes what this one made. {@code summary} says what it does, for the log and progress output.
     */
    record OvnNbTransact(OvnDb db, String lab, String summary, List<String> commands, List<String> undoCommands)
            implements OvnAction {
        public OvnNbTransact {
            Objects.requireNonNull(db, "db");
            commands = List.copyOf(commands);
            undoCommands = List.copyOf(undoCommands);
        }

        public Action undo() {
            return undoCommands.isEmpty() ? null
                    : new OvnNbTransact(db, lab, "remove " + summary, undoCommands, List.of());
        }

        public String describe() {
            return "OVN NB (" + db.describe() + "): " + summary;
        }
    }

    /**
     * Makes a node an OVN chassis: br-int (netdev datapath, fail mode secure, the lab's mark), the
     * ovn-controller(8) keys of its Open_vSwitch row ({@code system-id} = the container's name = the chassis
     * name, {@code ovn-remote} = the SB, {@code ovn-encap-type} {@code geneve} or {@code vxlan},
     * {@code ovn-encap-ip} = the node's address on {@code tunnelNetwork}, {@code ovn-bridge-datapath-type=netdev},
     * {@code ovn-cms-options=dovs-lab=<lab>} so the SB's Chassis row carries the mark), starts ovn-controller in
     * the container and waits up to {@code timeoutSeconds} for the chassis to appear in the SB.
     */
    record OvnStartController(String container, String lab, OvnDb db, String encapType, String tunnelNetwork,
                              int timeoutSeconds) implements OvnAction {
        public int waitSeconds() {
            return timeoutSeconds;
        }

        public Action undo() {
            return new OvnRemoveChassis(db, container);
        }

        public String describe() {
            return "start ovn-controller in " + container + " (chassis " + container + ", " + encapType + ", "
                    + db.describe() + ")";
        }
    }

    /** Deletes a chassis (and its encaps) from the SB: a node container removed by force leaves it behind. */
    record OvnRemoveChassis(OvnDb db, String chassis) implements OvnAction {
        public Action undo() {
            return null;
        }

        public String describe() {
            return "remove chassis " + chassis + " from the OVN SB (" + db.describe() + ")";
        }
    }

    /**
     * Waits, bounded, until the SB's Port_Binding of logical port {@code port} names chassis {@code chassis} and
     * is up (ovn-controller installed its flows).
     */
    record OvnAwaitBinding(OvnDb db, String port, String chassis, int timeoutSeconds) implements OvnAction {
        public Action undo() {
            return null;
        }

        public int waitSeconds() {
            return timeoutSeconds;
        }

        public String describe() {
            return "wait for chassis " + chassis + " to bind OVN port " + port;
        }
    }

    /**
     * Deletes every NB object (logical switches, routers and their ports) and SB chassis carrying the lab's mark:
     * {@code clean} from a damaged log. A lab central that is gone took its databases with it: nothing to do.
     */
    record OvnSweep(OvnDb db, String lab) implements OvnAction {
        public Action undo() {
            return null;
        }

        public String describe() {
            return "sweep OVN objects of lab " + lab + " (" + db.describe() + ")";
        }
    }

    // ---- issue 12: link impairment (tc netem) --------------------------------------------------------------------

    /**
     * {@code tc qdisc replace dev IFNAME root netem ...} in {@code netns} (tc-netem(8)): replaces whatever root
     * qdisc the link had. No undo: the namespace's deletion removes it, and a later netem replaces it.
     */
    record SetNetem(String netns, String ifname, dev.dovs.events.model.Impairment impairment) implements Action {
        public SetNetem {
            Objects.requireNonNull(impairment, "impairment");
        }

        public Subsystem subsystem() {
            return Subsystem.NETNS;
        }

        public Action undo() {
            return null;
        }

        public String describe() {
            return "impair " + netns + ":" + ifname + " (" + impairment.describe() + ")";
        }
    }

    /** {@code tc qdisc del dev IFNAME root} in {@code netns}; a link without one is fine. */
    record ClearNetem(String netns, String ifname) implements Action {
        public Subsystem subsystem() {
            return Subsystem.NETNS;
        }

        public Action undo() {
            return null;
        }

        public String describe() {
            return "clear the impairment of " + netns + ":" + ifname;
        }
    }
    // ---- end issue 12 -------------------------------------------------------------------------------------------
}
