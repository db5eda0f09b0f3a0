package dev.dovs.engine.fake;

import dev.dovs.engine.ovs.OvsDriver;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The OVS database of each running node (by the container's init pid), as {@code ovs-vsctl} answers: no database
 * when the node is not running; {@code add-port} onto a missing bridge fails, {@code --may-exist} keeps an existing
 * port but refuses one on another bridge; VLAN tags 1-4095, VXLAN keys below 2^24, a 16-hex-digit datapath id; a
 * system port whose device is not in the node has no ofport (-1) and an error, as OVS reports it; a bridge gets
 * its datapath (ofport 65534) only on a node that can have one.
 */
public final class FakeOvs implements OvsDriver {
    private static final Pattern DATAPATH_ID = Pattern.compile("[0-9a-fA-F]{16}");
    private static final int MAX_VNI = (1 << 24) - 1;

    /** One port with its single interface. */
    public static final class Port {
        final String name;
        final String bridge;
        String type = "";
        int tag;
        boolean isProtected;
        long ofport;
        String error;
        final Map<String, String> externalIds = new LinkedHashMap<>();
        final Map<String, String> otherConfig = new LinkedHashMap<>();
        final Map<String, String> options = new LinkedHashMap<>();

        Port(String name, String bridge) {
            this.name = name;
            this.bridge = bridge;
        }

        public String type() {
            return type;
        }

        public int tag() {
            return tag;
        }

        public boolean isProtected() {
            return isProtected;
        }

        public long ofport() {
            return ofport;
        }

        public Map<String, String> externalIds() {
            return Map.copyOf(externalIds);
        }

        public Map<String, String> otherConfig() {
            return Map.copyOf(otherConfig);
        }

        public Map<String, String> options() {
            return Map.copyOf(options);
        }

        public String bridge() {
            return bridge;
        }
    }

    /** One bridge. */
    public static final class Bridge {
        final String name;
        String datapathType = "";
        String failMode = "";
        String controller;
        final Map<String, String> externalIds = new LinkedHashMap<>();
        final Map<String, String> otherConfig = new LinkedHashMap<>();
        /** The OpenFlow flow table (what a controller pushed; a test sets it). */
        final List<FlowEntry> flows = new ArrayList<>();
        /** What the controller pushes when the switch reconnects (null: nothing changes). */
        List<FlowEntry> flowsOnReconnect;
        int reconnects;

        Bridge(String name) {
            this.name = name;
        }

        public String datapathType() {
            return datapathType;
        }

        public String controller() {
            return controller;
        }

        public String failMode() {
            return failMode;
        }

        public Map<String, String> externalIds() {
            return Map.copyOf(externalIds);
        }

        public Map<String, String> otherConfig() {
            return Map.copyOf(otherConfig);
        }

        public int reconnects() {
            return reconnects;
        }
    }

    private static final class Db {
        final Map<String, Bridge> bridges = new LinkedHashMap<>();
        final Map<String, Port> ports = new LinkedHashMap<>();
        final Map<String, String> externalIds = new LinkedHashMap<>();
        String manager;
        boolean nftUnderlayDrop;
        long nextOfport = 1;
    }

    private final FakeHost host;
    private final Map<Long, Db> dbs = new LinkedHashMap<>();
    private volatile boolean datapathAvailable = true;
    /** The controller (ODL) creates br-int as soon as a node is handed to it. */
    private volatile boolean controllerCreatesBridge;

    FakeOvs(FakeHost host) {
        this.host = host;
    }

    // ---- test controls and views ---------------------------------------------------------------------------

    /** Nodes without /dev/net/tun: a netdev bridge gets no datapath. */
    public void withoutDatapath() {
        datapathAvailable = false;
    }

    public void controllerCreatesBridge(boolean creates) {
        controllerCreatesBridge = creates;
    }

    public Bridge bridge(long pid, String name) {
        synchronized (host) {
            return db(pid).bridges.get(name);
        }
    }

    /**
     * The bridge's flow table as a controller programmed it ({@code now}), and what the controller sends when the
     * switch reconnects ({@code onReconnect}, null: nothing more), as ODL's rules manager does.
     */
    public void flows(long pid, String bridge, List<FlowEntry> now, List<FlowEntry> onReconnect) {
        synchronized (host) {
            Bridge b = requireBridge(db(pid), bridge);
            b.flows.clear();
            b.flows.addAll(now);
            b.flowsOnReconnect = onReconnect == null ? null : List.copyOf(onReconnect);
        }
    }

    public Port port(long pid, String name) {
        synchronized (host) {
            return db(pid).ports.get(name);
        }
    }

    public List<String> portNames(long pid) {
        synchronized (host) {
            return List.copyOf(db(pid).ports.keySet());
        }
    }

    public String manager(long pid) {
        synchronized (host) {
            return db(pid).manager;
        }
    }

    public boolean underlayDropped(long pid) {
        synchronized (host) {
            return db(pid).nftUnderlayDrop;
        }
    }

    void started(long pid) {
        synchronized (host) {
            dbs.put(pid, new Db());
        }
    }

    void stopped(long pid) {
        synchronized (host) {
            dbs.remove(pid);
        }
    }

    // ---- OvsDriver -----------------------------------------------------------------------------------------

    /** As the real probe finds it: no database at that pid (no running node there) means no daemons. */
    @Override
    public String unavailable(long pid, java.time.Duration timeout) {
        synchronized (host) {
            return dbs.containsKey(pid) ? null : "ovsdb-server is not running (no pid file)";
        }
    }

    @Override
    public void createBridge(long pid, String bridge, String lab, String localIp) {
        synchronized (host) {
            Db db = db(pid);
            Bridge b = addBridge(db, bridge);
            b.datapathType = "netdev";
            b.failMode = "standalone";
            mark(db, b, lab, localIp);
            requireDatapath(db, bridge);
        }
    }

    private Bridge addBridge(Db db, String name) {
        FakeHost.requireIfname(name);
        if (db.ports.containsKey(name) && !name.equals(db.ports.get(name).bridge)) {
            throw new IllegalStateException("ovs-vsctl: cannot create a bridge named " + name
                    + " because a port named " + name + " already exists on bridge " + db.ports.get(name).bridge);
        }
        Bridge b = db.bridges.computeIfAbsent(name, Bridge::new);
        Port local = db.ports.computeIfAbsent(name, n -> new Port(n, n));
        local.type = "internal";
        return b;
    }

    private void mark(Db db, Bridge b, String lab, String localIp) {
        b.externalIds.put("dovs-lab", lab);
        db.externalIds.put("dovs-lab", lab);
        if (localIp != null && !localIp.isEmpty()) {
            FakeHost.requireIp(localIp);
            b.otherConfig.put("local_ip", localIp);
        }
    }

    private void requireDatapath(Db db, String bridge) {
        Port local = db.ports.get(bridge);
        local.ofport = datapathAvailable ? 65534 : -1;
        local.error = datapathAvailable ? null : "could not open network device " + bridge + " (No such device)";
        if (!datapathAvailable) {
            throw new IllegalStateException("bridge " + bridge + " has no datapath (ofport -1, error \"" + local.error
                    + "\"): the node needs /dev/net/tun and NET_ADMIN");
        }
    }

    @Override
    public boolean connectController(long pid, String bridge, String lab, String controllerHost, Duration bridgeWait,
                                     String datapathId, String localIp, String ovsdbNodeId) {
        synchronized (host) {
            Db db = db(pid);
            if (controllerHost == null || controllerHost.isBlank()) {
                throw new IllegalArgumentException("ovs-vsctl: tcp: bad peer name format");
            }
            if (!DATAPATH_ID.matcher(datapathId).matches()) {
                throw new IllegalArgumentException("ovs-vsctl: other_config:datapath-id must be exactly 16 hex "
                        + "digits: " + datapathId);
            }
            db.externalIds.put("opendaylight-iid", ovsdbNodeId);
            // dovs makes the bridge first (netdev, secure, its datapath id), then hands the switch over
            Bridge b = addBridge(db, bridge);
            b.datapathType = "netdev";
            b.failMode = "secure";
            b.otherConfig.put("datapath-id", datapathId);
            requireDatapath(db, bridge);
            db.manager = "tcp:" + controllerHost + ":6640";
            // a controller that takes bridges (netvirt) sets itself as controller; else dovs does after the wait
            boolean byController = controllerCreatesBridge;
            b.controller = "tcp:" + controllerHost + ":6653";
            mark(db, b, lab, localIp);
            return byController;
        }
    }

    /** OVS's own id (from the bridge's mac) when no datapath-id is configured: here a fixed one. */
    @Override
    public String datapathId(long pid, String bridge) {
        synchronized (host) {
            return requireBridge(db(pid), bridge).otherConfig.getOrDefault("datapath-id", "0000020000000001");
        }
    }

    @Override
    public List<FlowEntry> flows(long pid, String bridge) {
        synchronized (host) {
            return List.copyOf(requireBridge(db(pid), bridge).flows);
        }
    }

    @Override
    public boolean reconnectController(long pid, String bridge) {
        synchronized (host) {
            Bridge b = requireBridge(db(pid), bridge);
            if (b.controller == null) {
                return false;
            }
            b.reconnects++;
            if (b.flowsOnReconnect != null) {
                b.flows.clear();
                b.flows.addAll(b.flowsOnReconnect);
            }
            return true;
        }
    }

    @Override
    public void plugPort(long pid, String bridge, String port, String ifaceId, String mac, String guest, String lab,
                         String info, int tag) {
        plugPorts(pid, bridge, List.of(new PortSpec(port, ifaceId, mac, guest, lab, info, tag)));
    }

    /** One transaction: every port is checked before any is added. */
    @Override
    public void plugPorts(long pid, String bridge, List<PortSpec> ports) {
        synchronized (host) {
            Db db = db(pid);
            requireBridge(db, bridge);
            for (PortSpec p : ports) {
                FakeHost.requireIfname(p.port());
                requireOnBridgeOrAbsent(db, bridge, p.port());
                FakeHost.requireMac(p.mac());
                if (p.tag() < 0 || p.tag() > 4095) {
                    throw new IllegalArgumentException("ovs-vsctl: constraint violation: " + p.tag()
                            + " is not in the valid range 0 to 4095 (inclusive)");
                }
                if (p.ifaceId() == null || p.ifaceId().isEmpty() || p.lab() == null) {
                    throw new IllegalArgumentException("ovs-vsctl: a plugged port needs iface-id and the lab mark");
                }
            }
            for (PortSpec p : ports) {
                Port port = db.ports.computeIfAbsent(p.port(), n -> new Port(n, bridge));
                port.externalIds.put("iface-id", p.ifaceId());
                port.externalIds.put("attached-mac", p.mac());
                port.externalIds.put("dovs-lab", p.lab());
                port.externalIds.put("dovs-guest", p.guest());
                port.otherConfig.put("dovs-info", p.info());
                if (p.tag() > 0) {
                    port.tag = p.tag();
                }
                attach(db, pid, port);
            }
        }
    }

    /** A system port gets an ofport when its device is in the node, else OVS reports the error. */
    private void attach(Db db, long pid, Port port) {
        if (host.netns.hasLink(pid, port.name)) {
            if (port.ofport <= 0) {
                port.ofport = db.nextOfport++;
            }
            port.error = null;
        } else {
            port.ofport = -1;
            port.error = "could not open network device " + port.name + " (No such device)";
        }
    }

    @Override
    public void setupUnderlay(long pid, String cidr, String mac, String lab) {
        synchronized (host) {
            Db db = db(pid);
            FakeHost.requireCidr(cidr);
            FakeHost.requireMac(mac);
            Map<String, FakeHost.Link> links = host.netns.linksOf(pid);
            String iface = null;
            for (FakeHost.Link l : links.values()) {
                if (l.addresses.containsKey(cidr)) {
                    iface = l.name;
                }
            }
            if ("br-phy".equals(iface)) {
                return;
            }
            if (iface == null) {
                throw new IllegalStateException("no interface holds the underlay address " + cidr + " in the node");
            }
            Bridge phy = addBridge(db, "br-phy");
            phy.datapathType = "netdev";
            phy.externalIds.put("dovs-lab", lab);
            phy.otherConfig.put("hwaddr", mac);
            Port nic = db.ports.computeIfAbsent(iface, n -> new Port(n, "br-phy"));
            attach(db, pid, nic);
            links.get(iface).addresses.remove(cidr);
            FakeHost.Link brPhy = links.computeIfAbsent("br-phy", n -> new FakeHost.Link(n, mac, 1500, null));
            brPhy.addresses.put(cidr, "");
            brPhy.up = true;
            db.nftUnderlayDrop = true;
        }
    }

    @Override
    public void addTunnels(long pid, String bridge, String lab, List<TunnelSpec> tunnels) {
        synchronized (host) {
            Db db = db(pid);
            requireBridge(db, bridge);
            for (TunnelSpec t : tunnels) {
                requireOnBridgeOrAbsent(db, bridge, t.port());
                FakeHost.requireIp(t.remoteIp());
                if (t.vni() < 0 || t.vni() > MAX_VNI) {
                    throw new IllegalArgumentException("ovs-vsctl: vxlan key " + t.vni() + " is out of range");
                }
                if (t.vlan() < 1 || t.vlan() > 4095) {
                    throw new IllegalArgumentException("ovs-vsctl: constraint violation: " + t.vlan()
                            + " is not in the valid range 0 to 4095 (inclusive)");
                }
            }
            for (TunnelSpec t : tunnels) {
                Port p = db.ports.computeIfAbsent(t.port(), n -> new Port(n, bridge));
                p.type = "vxlan";
                p.options.put("remote_ip", t.remoteIp());
                p.options.put("key", String.valueOf(t.vni()));
                p.externalIds.put("dovs-lab", lab);
                p.tag = t.vlan();
                p.isProtected = true;
                if (p.ofport <= 0) {
                    p.ofport = db.nextOfport++;
                }
            }
        }
    }

    @Override
    public void removePorts(long pid, String bridge, List<String> ports) {
        synchronized (host) {
            Db db = db(pid);
            requireBridge(db, bridge);
            for (String p : ports) {
                Port port = db.ports.get(p);
                if (port != null && !port.bridge.equals(bridge)) {
                    throw new IllegalStateException("ovs-vsctl: bridge " + bridge + " does not have a port " + p
                            + " (although its parent bridge " + port.bridge + " does)");
                }
            }
            ports.forEach(db.ports::remove);
        }
    }

    @Override
    public boolean unplugPort(long pid, String bridge, String port) {
        synchronized (host) {
            Db db = db(pid);
            Port p = db.ports.get(port);
            if (p == null) {
                return false;
            }
            if (!p.bridge.equals(bridge)) {
                throw new IllegalStateException("ovs-vsctl: bridge " + bridge + " does not have a port " + port
                        + " (although its parent bridge " + p.bridge + " does)");
            }
            db.ports.remove(port);
            return true;
        }
    }

    @Override
    public List<PortInfo> labPorts(long pid, String lab) {
        synchronized (host) {
            List<PortInfo> out = new ArrayList<>();
            for (Port p : db(pid).ports.values()) {
                if (lab.equals(p.externalIds.get("dovs-lab"))) {
                    out.add(new PortInfo(p.name, p.ofport, p.externalIds.get("iface-id"),
                            p.externalIds.get("attached-mac"), p.externalIds.get("dovs-guest"), p.error));
                }
            }
            return out;
        }
    }

    private Db db(long pid) {
        Db db = dbs.get(pid);
        if (db == null) {
            throw new IllegalStateException("ovs-vsctl: unix:/proc/" + pid + "/root/run/openvswitch/db.sock: "
                    + "database connection failed (No such file or directory)");
        }
        return db;
    }

    private static Bridge requireBridge(Db db, String bridge) {
        Bridge b = db.bridges.get(bridge);
        if (b == null) {
            throw new IllegalStateException("ovs-vsctl: no bridge named " + bridge);
        }
        return b;
    }

    private static void requireOnBridgeOrAbsent(Db db, String bridge, String port) {
        Port existing = db.ports.get(port);
        if (existing != null && !existing.bridge.equals(bridge)) {
            throw new IllegalStateException("ovs-vsctl: cannot create a port named " + port
                    + " because a port named " + port + " already exists on bridge " + existing.bridge);
        }
    }
}
