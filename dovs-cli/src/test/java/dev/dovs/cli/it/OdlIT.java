package dev.dovs.cli.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.dovs.engine.odl.OdlLab;
import dev.dovs.events.model.LabNaming;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.math.BigInteger;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The CLI against the fake ODL running as a separate process (a real OpenDaylight cannot run on this host), with
 * real nodes and guests: what ends up in ODL, what ends up in each node's OVS, and what every fault leaves behind.
 * The fake listens on ODL's fixed southbound ports 6640/6653, so the nodes' manager and controller connections are
 * real TCP connections it records.
 */
class OdlIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Generous: the fake creates br-int as soon as a node connects, so this wait ends at once. */
    private static final String BRIDGE_WAIT = "20";
    private static FakeOdlProcess fake;
    private static String odl;

    @BeforeAll
    static void startFake() {
        LabFixture.requirePrerequisites();
        fake = FakeOdlProcess.start(List.of());
        odl = "127.0.0.1:" + fake.port();
    }

    @AfterAll
    static void stopFake() {
        if (fake != null) {
            fake.close();
        }
    }

    @BeforeEach
    void emptyFake() {
        fake.reset();
        fake.geniusMissing(false);
        fake.autoPlug(-1); // the fake learns the real plugs from the nodes' OVS (its Interface monitor), as ODL does
        fake.binds(true);
        fake.createBridges(true);
    }

    @Test
    void example2WiresNodesForOdlAndCreatesExactlyTheNeutronObjects() throws Exception {
        try (LabFixture lab = new LabFixture("oda")) {
            OdlLab ids = OdlLab.of(new LabNaming(lab.lab()));
            addNodes(lab, "node-1", "node-2");
            String[][] guests = {{"vm-1", "10.0.0.1/24", "node-1", "subnet-A"}, {"vm-2", "10.0.0.1/24", "node-1",
                    "subnet-B"}, {"vm-3", "10.0.0.2/24", "node-2", "subnet-A"}, {"vm-4", "10.0.0.2/24", "node-2",
                    "subnet-B"}};
            for (String[] g : guests) {
                lab.ok("add-guest", "--name", g[0], "--ip", g[1], "--node", g[2], "--net", g[3], "--odl", odl, "-q");
            }

            // ODL holds one network per net (isolation: netvirt makes one ELAN per network), two subnets and four
            // compute ports; no router.
            JsonNode ds = fake.datastore();
            Map<String, JsonNode> networks = byName(entries(ds, "networks", "network"));
            assertEquals(Set.of("dovs" + lab.lab() + "-net-subnet-A", "dovs" + lab.lab() + "-net-subnet-B"),
                    networks.keySet(), ds::toPrettyString);
            Set<String> vnis = new TreeSet<>();
            for (String netName : List.of("subnet-A", "subnet-B")) {
                JsonNode net = networks.get("dovs" + lab.lab() + "-net-" + netName);
                assertEquals(ids.networkId(netName), net.path("uuid").asText());
                assertEquals(ids.tenant(), net.path("tenant-id").asText());
                assertEquals("neutron-networks:network-type-vxlan",
                        net.path("neutron-provider-ext:network-type").asText());
                vnis.add(net.path("neutron-provider-ext:segmentation-id").asText());
            }
            assertEquals(2, vnis.size(), "each network has its own VNI");
            Map<String, JsonNode> subnets = byName(entries(ds, "subnets", "subnet"));
            assertEquals(Set.of("subnet-A", "subnet-B"), subnets.keySet());
            for (JsonNode s : subnets.values()) {
                assertEquals("10.0.0.0/24", s.path("cidr").asText());
                assertEquals("10.0.0.254", s.path("gateway-ip").asText());
                assertEquals(ids.networkId(s.path("name").asText()), s.path("network-id").asText());
                assertEquals("neutron-constants:ip-version-v4", s.path("ip-version").asText());
            }
            assertTrue(entries(ds, "routers", "router").isEmpty(), "no router was asked for");
            Map<String, JsonNode> ports = byName(entries(ds, "ports", "port"));
            assertEquals(Set.of("vm-1", "vm-2", "vm-3", "vm-4"), ports.keySet());

            for (String[] g : guests) {
                JsonNode port = ports.get(g[0]);
                Map<String, String> iface = ovsInterface(lab, g[2], port.path("uuid").asText());
                // The port ODL knows is the one plugged on the node: same uuid as iface-id, same MAC, tap name.
                assertEquals("tap" + port.path("uuid").asText().substring(0, 11), iface.get("name"));
                assertEquals(port.path("mac-address").asText(), iface.get("attached-mac"));
                assertEquals("compute", port.path("device-owner").asText());
                assertEquals(g[2], port.path("neutron-binding:host-id").asText());
                assertTrue(port.path("fixed-ips").isArray());
                assertEquals(subnets.get(g[3]).path("uuid").asText(),
                        port.path("fixed-ips").get(0).path("subnet-id").asText());
                assertEquals(g[1].split("/")[0], port.path("fixed-ips").get(0).path("ip-address").asText());
                assertEquals("[]", vsctl(lab, g[2], "get", "Port", iface.get("name"), "tag"),
                        "ODL programs br-int: dovs sets no VLAN tag");
            }

            // Each node: manager and controller point at ODL through the mgmt gateway, local_ip, and its VTEP.
            JsonNode tz = ds.path("itm:transport-zones").path("transport-zone").get(0);
            assertEquals(ids.zone(), tz.path("zone-name").asText());
            assertEquals("odl-interface:tunnel-type-vxlan", tz.path("tunnel-type").asText(),
                    "netvirt's ELAN only uses VXLAN tunnels");
            JsonNode tzSubnet = tz.path("subnets").get(0);
            Map<String, JsonNode> vteps = new TreeMap<>();
            tzSubnet.path("vteps").forEach(v -> vteps.put(v.path("portname").asText(), v));
            assertEquals(Set.of("vxlan-node-1", "vxlan-node-2"), vteps.keySet());
            String gateway = mgmtGateway(lab);
            for (String node : List.of("node-1", "node-2")) {
                String intIp = containerIp(lab, node, "dovs" + lab.lab() + "-int");
                assertEquals("tcp:" + gateway + ":6640", unquote(vsctl(lab, node, "get-manager")));
                assertEquals("tcp:" + gateway + ":6653", unquote(vsctl(lab, node, "get-controller", "br-int")));
                assertEquals(intIp, unquote(vsctl(lab, node, "get", "Open_vSwitch", ".", "other_config:local_ip")));
                assertEquals(intIp, unquote(vsctl(lab, node, "get", "Bridge", "br-int", "other_config:local_ip")));
                JsonNode vtep = vteps.get("vxlan-" + node);
                assertEquals(intIp, vtep.path("ip-address").asText());
                String dpid = unquote(vsctl(lab, node, "get", "Bridge", "br-int", "datapath_id"));
                assertEquals(new BigInteger(dpid, 16), vtep.path("dpn-id").bigIntegerValue());
                assertEquals(dockerSubnet("dovs" + lab.lab() + "-int"), tzSubnet.path("prefix").asText());
                String mgmtIp = containerIp(lab, node, "dovs" + lab.lab() + "-mgmt");
                Set<String> kinds = new TreeSet<>();
                fake.peers().forEach(p -> {
                    if (p.path("host").asText().equals(mgmtIp)) {
                        kinds.add(p.path("kind").asText());
                    }
                });
                assertEquals(Set.of("ovsdb", "openflow"), kinds, node + " did not connect to ODL's southbound");
                // br-int is dovs' own (netdev, fixed datapath id), made before the manager connected; "netvirt" kept
                // it and only became its controller, as a real netvirt does
                assertEquals(List.of("exists", "adopted"), bridgeOutcomes(mgmtIp), () -> fake.bridges().toPrettyString());
                assertEquals("secure", unquote(vsctl(lab, node, "get", "Bridge", "br-int", "fail_mode")));
                assertEquals("netdev", unquote(vsctl(lab, node, "get", "Bridge", "br-int", "datapath_type")));
                assertEquals("65534", vsctl(lab, node, "get", "Interface", "br-int", "ofport"));
            }

            // The REST conversation is in the log, without credentials.
            String log = lab.ok("log", "--json").out();
            assertTrue(log.contains("\"step.odl-exchanged\""), "no exchange in the log");
            assertFalse(log.contains("Authorization") || log.contains("YWRtaW46YWRtaW4"), "credentials in the log");

            lab.ok("clean", "-q");
            assertOdlEmpty();
            lab.assertNothingLeft();
        }
    }

    @Test
    void example3RoutesThroughAnOdlRouterMovesAGuestAndReplaysTheSameUuids() throws Exception {
        try (LabFixture lab = new LabFixture("odb")) {
            addNodes(lab, "node-1", "node-2");
            String[][] guests = {{"vm-1", "10.0.0.1/24", "node-1", "subnet-A"}, {"vm-2", "10.0.1.1/24", "node-1",
                    "subnet-B"}, {"vm-3", "10.0.0.2/24", "node-2", "subnet-A"}, {"vm-4", "10.0.1.2/24", "node-2",
                    "subnet-B"}};
            for (String[] g : guests) {
                lab.ok("add-guest", "--name", g[0], "--ip", g[1], "--node", g[2], "--net", g[3], "--router",
                        "router1", "--odl", odl, "-q");
            }
            JsonNode ds = fake.datastore();
            List<JsonNode> routers = entries(ds, "routers", "router");
            assertEquals(1, routers.size(), ds::toPrettyString);
            assertEquals("router1", routers.get(0).path("name").asText());
            String routerId = routers.get(0).path("uuid").asText();
            Map<String, JsonNode> subnets = byName(entries(ds, "subnets", "subnet"));
            Map<String, JsonNode> ports = byName(entries(ds, "ports", "port"));
            assertEquals(Set.of("vm-1", "vm-2", "vm-3", "vm-4", "router1-subnet-A", "router1-subnet-B"), ports.keySet());
            for (String s : List.of("subnet-A", "subnet-B")) {
                JsonNode rp = ports.get("router1-" + s);
                assertEquals("network:router_interface", rp.path("device-owner").asText());
                assertEquals(routerId, rp.path("device-id").asText());
                assertEquals(subnets.get(s).path("uuid").asText(), rp.path("fixed-ips").get(0).path("subnet-id").asText());
                assertEquals(subnets.get(s).path("gateway-ip").asText(),
                        rp.path("fixed-ips").get(0).path("ip-address").asText());
            }
            assertTrue(lab.inGuest("vm-1", "ip", "route").out().contains("default via 10.0.0.254"));
            assertTrue(lab.inGuest("vm-4", "ip", "route").out().contains("default via 10.0.1.254"));

            // A subnet routed by router1 refuses another router; an address outside it is refused; nothing is created.
            Sh.Result other = lab.dovs("add-guest", "--name", "vm-5", "--ip", "10.0.0.5/24", "--node", "node-1",
                    "--net", "subnet-A", "--router", "router2", "--odl", odl);
            assertEquals(2, other.exit(), other.all());
            Sh.Result outside = lab.dovs("add-guest", "--name", "vm-5", "--ip", "10.0.7.5/24", "--node", "node-1",
                    "--net", "subnet-A", "--odl", odl);
            assertEquals(2, outside.exit(), outside.all());
            assertEquals(ports.keySet(), byName(entries(fake.datastore(), "ports", "port")).keySet());

            // move-guest: the same port, bound to the new host; the same iface-id plugged on the new node.
            String portId = ports.get("vm-1").path("uuid").asText();
            lab.ok("move-guest", "--name-guest", "vm-1", "--name-dstnode", "node-2", "-q");
            JsonNode moved = byName(entries(fake.datastore(), "ports", "port")).get("vm-1");
            assertEquals(portId, moved.path("uuid").asText());
            assertEquals("node-2", moved.path("neutron-binding:host-id").asText());
            assertEquals(portId, ovsInterface(lab, "node-2", portId).get("iface-id"));
            assertTrue(vsctl(lab, "node-1", "--bare", "--columns=name", "find", "Interface",
                    "external_ids:iface-id=" + portId).isBlank(), "tap still on node-1");

            // clean empties ODL; replay re-creates the very same objects (same uuids).
            Set<String> uuidsBefore = allNeutronUuids();
            lab.ok("clean", "-q");
            assertOdlEmpty();
            lab.ok("replay", "-q");
            assertEquals(uuidsBefore, allNeutronUuids());
            lab.ok("clean", "-q");
            assertOdlEmpty();
            lab.assertNothingLeft();
        }
    }

    @Test
    void spawnWithOdlCreatesTheOriginalsPlanInOdl() throws Exception {
        try (LabFixture lab = new LabFixture("odc")) {
            lab.ok("spawn", "--nodes", "2", "--guests", "2", "--nets", "2", "--routed", "--odl", odl,
                    "--odl-bridge-wait", BRIDGE_WAIT, "-q");
            JsonNode ds = fake.datastore();
            Map<String, JsonNode> subnets = byName(entries(ds, "subnets", "subnet"));
            assertEquals(Set.of("dovs-net-1", "dovs-net-2"), subnets.keySet());
            assertEquals("10.0.1.0/24", subnets.get("dovs-net-1").path("cidr").asText());
            assertEquals("10.0.0.0/24", subnets.get("dovs-net-2").path("cidr").asText());
            assertEquals(Set.of("node-1-guest-1", "node-1-guest-2", "node-2-guest-1", "node-2-guest-2",
                    "router1-dovs-net-1", "router1-dovs-net-2"), byName(entries(ds, "ports", "port")).keySet());
            assertEquals(2, ds.path("itm:transport-zones").path("transport-zone").get(0).path("subnets").get(0)
                    .path("vteps").size());
            lab.ok("clean", "-q");
            assertOdlEmpty();
            lab.assertNothingLeft();
        }
    }

    @Test
    void cleanWithOdlFindsTheLabsObjectsWithoutItsLog() throws Exception {
        try (LabFixture lab = new LabFixture("odd")) {
            addNodes(lab, "node-1");
            lab.ok("add-guest", "--name", "vm-1", "--ip", "10.0.0.1/24", "--node", "node-1", "--net", "subnet-A",
                    "--router", "router1", "--odl", odl, "-q");
            // A neighbour of another tenant, which must survive.
            String stranger = "{\"network\":[{\"uuid\":\"0b0b0b0b-0000-4000-8000-000000000001\",\"name\":\"theirs\","
                    + "\"tenant-id\":\"0c0c0c0c-0000-4000-8000-000000000001\"}]}";
            restconfPut("/restconf/config/neutron:neutron/networks/network/0b0b0b0b-0000-4000-8000-000000000001",
                    stranger);
            // The log is lost (disk wiped): clean still finds the containers by label and ODL's objects by tenant.
            Sh.run("rm", "-rf", lab.stateDir().resolve(lab.lab()).toString());
            lab.ok("clean", "--odl", odl, "-q");
            JsonNode ds = fake.datastore();
            assertEquals(List.of("theirs"), entries(ds, "networks", "network").stream()
                    .map(n -> n.path("name").asText()).toList());
            assertTrue(entries(ds, "subnets", "subnet").isEmpty() && entries(ds, "ports", "port").isEmpty()
                    && entries(ds, "routers", "router").isEmpty(), ds::toPrettyString);
            assertTrue(ds.path("itm:transport-zones").path("transport-zone").isMissingNode()
                    || ds.path("itm:transport-zones").path("transport-zone").isEmpty(), ds::toPrettyString);
            lab.assertNothingLeft();
        }
    }

    @Test
    void cleanKeepingOdlCleansTheHostWhenOdlIsGoneAndCleanWithOdlSweepsLater() throws Exception {
        try (LabFixture lab = new LabFixture("odg")) {
            addNodes(lab, "node-1");
            lab.ok("add-guest", "--name", "vm-1", "--ip", "10.0.0.1/24", "--node", "node-1", "--net", "subnet-A",
                    "--odl", odl, "-q");
            Set<String> objects = allNeutronUuids();
            // ODL is unreachable: a plain clean cleans the host but fails, naming the request
            fake.inject(null, "/restconf", 503, 0, -1);
            Sh.Result failed = lab.dovs("clean", "-q");
            assertEquals(1, failed.exit(), failed.all());
            assertTrue(failed.err().contains("503"), failed.err());
            assertTrue(lab.leftovers().isEmpty(), lab.leftovers()::toString);
            // --keep-odl gives up on ODL: the lab is clean and empty, the objects stay (with a warning)
            Sh.Result kept = lab.ok("clean", "--keep-odl", "-q");
            assertTrue(kept.err().contains("leaving this lab's objects in ODL at " + odl), kept.err());
            assertTrue(lab.ok("info").out().contains("Empty"));
            fake.clearFaults();
            assertEquals(objects, allNeutronUuids());
            // and a later clean naming that ODL removes them by tenant
            lab.ok("clean", "--odl", odl, "-q");
            assertOdlEmpty();
            lab.assertNothingLeft();
        }
    }

    @Test
    void everyOdlFaultFailsInBoundedTimeWithOneLineAndRollsBack() throws Exception {
        try (LabFixture lab = new LabFixture("ode")) {
            addNodes(lab, "node-1");
            Set<String> before = allNeutronUuids(); // nothing yet: the zone only

            // 500 on the subnet PUT: the network created just before is deleted again.
            fake.inject("PUT", "/restconf/config/neutron:neutron/subnets", 500, 0, -1);
            assertGuestFails(lab, Map.of(), List.of(), "500", "Injected fault");
            fake.clearFaults();

            // 409 on the (router interface) port: network, subnet and router are rolled back.
            fake.inject("PUT", "/restconf/config/neutron:neutron/ports", 409, 0, -1);
            assertGuestFails(lab, Map.of(), List.of("--router", "router1"), "409", "data-exists");
            fake.clearFaults();

            // 401: a wrong password, never shown.
            Sh.Result denied = assertGuestFails(lab, Map.of("DOVS_ODL_PASSWORD", "not-the-password"), List.of(),
                    "401", "unauthorized");
            assertFalse(denied.all().contains("not-the-password"));

            // Slow ODL: every request has a timeout.
            fake.inject("GET", "/restconf/config/neutron:neutron", 0, 4000, -1);
            assertGuestFails(lab, Map.of(), List.of("--odl-timeout", "1"), "", "within 1000 ms");
            fake.clearFaults();

            // The binding never appears (genius never binds the tap OVS reports): fails after its bound; the port
            // and the namespace are gone again.
            fake.binds(false);
            assertGuestFails(lab, Map.of(), List.of("--odl-binding-timeout", "2"), "",
                    "was not set as parent interface");
            fake.binds(true);

            // Another ODL than the node's: refused before any request.
            Sh.Result mixed = lab.dovs("add-guest", "--name", "vm-x", "--ip", "10.0.0.9/24", "--node", "node-1",
                    "--net", "subnet-A", "--odl", "127.0.0.1:1");
            assertEquals(2, mixed.exit(), mixed.all());

            assertEquals(before, allNeutronUuids(), "a failed add-guest left objects in ODL");
            assertFalse(Sh.run("ip", "netns", "list").out().contains(lab.netns("vm-x")));
            String log = lab.ok("log", "--json").out();
            assertTrue(log.contains("\"step.failed\"") && log.contains("\"step.odl-exchanged\""));
            assertFalse(log.contains("not-the-password"));
            lab.ok("clean", "-q");
            assertOdlEmpty();
            lab.assertNothingLeft();
        }
    }

    @Test
    void addNodeAgainstAnUnreachableOdlFailsAndRollsBackWhileMissingGeniusAndBridgeAreOnlyWarnings()
            throws Exception {
        try (LabFixture lab = new LabFixture("odf")) {
            Sh.Result refused = lab.dovs("add-node", "--name", "node-1", "--odl", "127.0.0.1:1", "--odl-bridge-wait",
                    BRIDGE_WAIT);
            assertEquals(1, refused.exit(), refused.all());
            assertTrue(refused.err().contains("connection refused"), refused.err());
            assertEquals(1, Sh.lines(refused.err()).stream().filter(l -> l.startsWith("dovs: error")).count(),
                    refused.err());
            assertTrue(lab.leftovers().stream().noneMatch(l -> l.startsWith("container")), lab.leftovers()::toString);

            // No genius, and netvirt does not take br-int: dovs points it at ODL itself after the wait.
            fake.geniusMissing(true);
            fake.createBridges(false);
            Sh.Result warned = lab.ok("add-node", "--name", "node-1", "--odl", odl, "--odl-bridge-wait", "1", "-q");
            assertTrue(warned.err().contains("genius is not installed"), warned.err());
            assertTrue(warned.err().contains("was not taken by ODL within 1 s"), warned.err());
            assertTrue(fake.datastore().path("itm:transport-zones").isMissingNode());
            String gateway = mgmtGateway(lab);
            assertEquals("tcp:" + gateway + ":6653", unquote(vsctl(lab, "node-1", "get-controller", "br-int")));
            assertEquals("tcp:" + gateway + ":6640", unquote(vsctl(lab, "node-1", "get-manager")));
            assertEquals("netdev", unquote(vsctl(lab, "node-1", "get", "Bridge", "br-int", "datapath_type")));
            assertEquals(List.of(), bridgeOutcomes(containerIp(lab, "node-1", "dovs" + lab.lab() + "-mgmt")));
            lab.ok("clean", "-q");
            lab.assertNothingLeft();
        }
    }

    // ---- helpers -------------------------------------------------------------------------------------------

    private static void addNodes(LabFixture lab, String... nodes) {
        for (String n : nodes) {
            lab.ok("add-node", "--name", n, "--odl", odl, "--odl-bridge-wait", BRIDGE_WAIT, "-q");
        }
    }

    /** A guest that must fail with exit 1 and one error line holding {@code status} and {@code text}. */
    private static Sh.Result assertGuestFails(LabFixture lab, Map<String, String> env, List<String> extra,
                                              String status, String text) {
        List<String> args = new ArrayList<>(List.of("add-guest", "--name", "vm-x", "--ip", "10.0.0.9/24", "--node",
                "node-1", "--net", "subnet-A", "--odl", odl, "-q"));
        args.addAll(extra);
        Sh.Result r = lab.dovsWith(env, args.toArray(String[]::new));
        assertEquals(1, r.exit(), r.all());
        List<String> errors = Sh.lines(r.err()).stream().filter(l -> l.startsWith("dovs: error")).toList();
        assertEquals(1, errors.size(), r.err());
        assertTrue(errors.get(0).contains(status) && errors.get(0).contains(text), errors.get(0));
        // "(rolled back)" when something was created and undone, "(nothing was changed)" when the first request
        // (the read before deciding) already failed: both leave nothing, as the next two assertions check.
        assertTrue(errors.get(0).contains("(rolled back)") || errors.get(0).contains("(nothing was changed)"),
                errors.get(0));
        assertFalse(Sh.run("ip", "netns", "list").out().contains(lab.netns("vm-x")), "namespace left behind");
        assertTrue(allNeutronUuids().isEmpty(), () -> "ODL objects left behind: " + allNeutronUuids());
        return r;
    }

    /** The fake's br-int transactions for the node reaching it from {@code mgmtIp}. */
    private static List<String> bridgeOutcomes(String mgmtIp) {
        List<String> out = new ArrayList<>();
        fake.bridges().forEach(b -> {
            if (b.path("host").asText().equals(mgmtIp)) {
                out.add(b.path("outcome").asText());
            }
        });
        return out;
    }

    private static void assertOdlEmpty() {
        JsonNode ds = fake.datastore();
        assertTrue(allNeutronUuids().isEmpty(), ds::toPrettyString);
        JsonNode zones = ds.path("itm:transport-zones").path("transport-zone");
        assertTrue(zones.isMissingNode() || zones.isEmpty(), ds::toPrettyString);
    }

    private static Set<String> allNeutronUuids() {
        JsonNode ds = fake.datastore();
        Set<String> out = new TreeSet<>();
        for (String[] c : new String[][]{{"networks", "network"}, {"subnets", "subnet"}, {"routers", "router"},
                {"ports", "port"}}) {
            entries(ds, c[0], c[1]).forEach(e -> out.add(c[1] + ":" + e.path("uuid").asText()));
        }
        return out;
    }

    private static List<JsonNode> entries(JsonNode ds, String container, String list) {
        List<JsonNode> out = new ArrayList<>();
        ds.path("neutron:neutron").path(container).path(list).forEach(out::add);
        return out;
    }

    private static Map<String, JsonNode> byName(List<JsonNode> entries) {
        Map<String, JsonNode> out = new TreeMap<>();
        entries.forEach(e -> out.put(e.path("name").asText(), e));
        return out;
    }

    private static String vsctl(LabFixture lab, String node, String... args) {
        String pid = Sh.run("docker", "inspect", "-f", "{{.State.Pid}}", lab.container(node)).out().strip();
        List<String> argv = new ArrayList<>(List.of("ovs-vsctl", "--db=unix:/proc/" + pid
                + "/root/run/openvswitch/db.sock"));
        argv.addAll(List.of(args));
        Sh.Result r = Sh.run(Map.of(), 30, argv);
        assertEquals(0, r.exit(), r.all());
        return r.out().strip();
    }

    /** name, iface-id and attached-mac of the interface carrying {@code ifaceId} on the node. */
    private static Map<String, String> ovsInterface(LabFixture lab, String node, String ifaceId) throws Exception {
        JsonNode table = JSON.readTree(vsctl(lab, node, "--format=json", "--columns=name,external_ids", "find",
                "Interface", "external_ids:iface-id=" + ifaceId));
        JsonNode rows = table.path("data");
        assertEquals(1, rows.size(), () -> "no interface with iface-id " + ifaceId + " on " + node);
        Map<String, String> out = new HashMap<>();
        out.put("name", rows.get(0).get(0).asText());
        rows.get(0).get(1).get(1).forEach(kv -> out.put(kv.get(0).asText(), kv.get(1).asText()));
        return out;
    }

    private static String containerIp(LabFixture lab, String node, String network) {
        String ip = Sh.run("docker", "inspect", "-f", "{{(index .NetworkSettings.Networks \"" + network
                + "\").IPAddress}}", lab.container(node)).out().strip();
        assertFalse(ip.isEmpty(), node + " has no address on " + network);
        return ip;
    }

    private static String mgmtGateway(LabFixture lab) {
        String gw = Sh.run("docker", "network", "inspect", "-f", "{{(index .IPAM.Config 0).Gateway}}",
                "dovs" + lab.lab() + "-mgmt").out().strip();
        assertNotNull(gw);
        assertFalse(gw.isEmpty());
        return gw;
    }

    private static String dockerSubnet(String network) {
        return Sh.run("docker", "network", "inspect", "-f", "{{(index .IPAM.Config 0).Subnet}}", network).out()
                .strip();
    }

    private static String unquote(String s) {
        return s.strip().replace("\"", "");
    }

    /** A write of somebody else's, straight to the fake's RESTCONF (admin/admin). */
    private static void restconfPut(String path, String body) throws Exception {
        HttpRequest req = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + fake.port() + path))
                .header("Authorization", "Basic " + Base64.getEncoder().encodeToString("admin:admin".getBytes(
                        StandardCharsets.UTF_8)))
                .header("Content-Type", "application/json").header("Accept", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString(body)).build();
        int status = HttpClient.newHttpClient().send(req, HttpResponse.BodyHandlers.ofString()).statusCode();
        assertEquals(201, status, "PUT " + path);
    }
}
