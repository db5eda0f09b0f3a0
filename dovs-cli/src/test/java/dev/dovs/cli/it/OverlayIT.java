package dev.dovs.cli.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Seed examples 2 and 3 and the overlay's behaviour across nodes, with no controller. */
class OverlayIT {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void example2IsolatesOverlappingNetsBothWays() throws Exception {
        try (LabFixture lab = new LabFixture("ovb")) {
            lab.ok("add-node", "--name", "node-1", "-q");
            lab.ok("add-node", "--name", "node-2", "-q");
            lab.ok("add-guest", "--name", "vm-1", "--ip", "10.0.0.1/24", "--node", "node-1", "--net", "subnet-A", "-q");
            lab.ok("add-guest", "--name", "vm-2", "--ip", "10.0.0.1/24", "--node", "node-1", "--net", "subnet-B", "-q");
            lab.ok("add-guest", "--name", "vm-3", "--ip", "10.0.0.2/24", "--node", "node-2", "--net", "subnet-A", "-q");
            lab.ok("add-guest", "--name", "vm-4", "--ip", "10.0.0.2/24", "--node", "node-2", "--net", "subnet-B", "-q");

            JsonNode check = lab.checkPasses();
            assertEquals(12, check.path("pairs").asInt());
            // Each guest's peer answers from its own net: the neighbour MAC is the same-net guest's.
            lab.assertPing("vm-1", "10.0.0.2");
            String mac3 = lab.guestMac("vm-3");
            assertTrue(lab.inGuest("vm-1", "ip", "neigh", "show", "10.0.0.2").out().contains(mac3));
            lab.assertPing("vm-4", "10.0.0.1");
            assertTrue(lab.inGuest("vm-4", "ip", "neigh", "show", "10.0.0.1").out().contains(lab.guestMac("vm-2")));

            // Negative, both ways: with the same-net peer down, the other net's holder of the address stays silent.
            lab.assertExample2IsolatedBothWays();
            lab.checkPasses();
            lab.ok("clean");
            lab.assertNothingLeft();
        }
    }

    @Test
    void example3RoutesBetweenSubnetsAcrossNodes() throws Exception {
        try (LabFixture lab = new LabFixture("ovc")) {
            lab.ok("add-node", "--name", "node-1", "-q");
            lab.ok("add-node", "--name", "node-2", "-q");
            String[][] guests = {{"vm-1", "10.0.0.1/24", "node-1", "subnet-A"}, {"vm-2", "10.0.1.1/24", "node-1",
                    "subnet-B"}, {"vm-3", "10.0.0.2/24", "node-2", "subnet-A"}, {"vm-4", "10.0.1.2/24", "node-2",
                    "subnet-B"}};
            for (String[] g : guests) {
                lab.ok("add-guest", "--name", g[0], "--ip", g[1], "--node", g[2], "--net", g[3], "--router",
                        "router-1", "-q");
            }
            lab.checkPasses();
            assertTrue(lab.inGuest("vm-1", "ip", "route").out().contains("default via 10.0.0.254"));
            lab.assertPing("vm-1", "10.0.1.254");
            SingleNodeLabIT.assertTcpTransfer(lab, "vm-1", "vm-4", "10.0.1.2"); // routed, across nodes, MTU fits

            Sh.Result wrongRouter = lab.dovs("add-guest", "--name", "vm-5", "--ip", "10.0.0.5/24", "--node", "node-1",
                    "--net", "subnet-A", "--router", "router-2");
            assertEquals(2, wrongRouter.exit(), wrongRouter.all());
            Sh.Result gateway = lab.dovs("add-guest", "--name", "vm-5", "--ip", "10.0.0.254/24", "--node", "node-1",
                    "--net", "subnet-A");
            assertEquals(2, gateway.exit(), gateway.all());
            Sh.Result outside = lab.dovs("add-guest", "--name", "vm-5", "--ip", "10.0.9.5/24", "--node", "node-1",
                    "--net", "subnet-A");
            assertEquals(2, outside.exit(), outside.all());
            lab.ok("clean");
            lab.assertNothingLeft();
        }
    }

    @Test
    void threeNodesFullMeshHasNoBroadcastLoopAndALateNodeJoins() throws Exception {
        try (LabFixture lab = new LabFixture("ovd")) {
            for (int n = 1; n <= 3; n++) {
                lab.ok("add-node", "--name", "n" + n, "-q");
                lab.ok("add-guest", "--name", "g" + n, "--ip", "10.3.0." + n + "/24", "--node", "n" + n, "--net", "a",
                        "-q");
            }
            lab.checkPasses();
            long before = underlayRxPackets(lab, "n1");
            lab.inGuest("g2", "ping", "-b", "-c", "3", "-i", "0.2", "-W", "1", "10.3.0.255");
            Thread.sleep(1500);
            long frames = underlayRxPackets(lab, "n1") - before;
            assertTrue(frames < 200, "broadcast storm on n1's underlay: " + frames + " frames for 3 broadcasts");

            // A node added after the net exists joins it.
            lab.ok("add-node", "--name", "n4", "-q");
            lab.ok("add-guest", "--name", "g4", "--ip", "10.3.0.4/24", "--node", "n4", "--net", "a", "-q");
            lab.assertPing("g4", "10.3.0.1");
            lab.checkPasses();
        }
    }

    @Test
    void moveGuestKeepsItsIdentityAndConnectivity() throws Exception {
        try (LabFixture lab = new LabFixture("ove")) {
            lab.ok("add-node", "--name", "n1", "-q");
            lab.ok("add-node", "--name", "n2", "-q");
            lab.ok("add-guest", "--name", "g1", "--ip", "10.4.0.1/24", "--node", "n1", "--net", "a", "-q");
            lab.ok("add-guest", "--name", "g2", "--ip", "10.4.0.2/24", "--node", "n2", "--net", "a", "-q");
            lab.ok("add-guest", "--name", "g3", "--ip", "10.4.0.3/24", "--node", "n1", "--net", "a", "-q");
            String macBefore = lab.guestMac("g1");

            lab.ok("move-guest", "--name-guest", "dovs" + lab.lab() + "-g1", "--name-dstnode", "n2");
            JsonNode g1 = lab.guest("g1");
            assertEquals("n2", g1.path("node").asText());
            assertEquals(macBefore, g1.path("mac").asText());
            assertEquals("ok", g1.path("status").asText());
            lab.assertPing("g3", "10.4.0.1"); // now across nodes
            lab.checkPasses();

            // A move that fails half-way (the destination already has a link with the tap's name, so the tap
            // cannot move there after it was detached) puts the guest back where it was.
            lab.ok("add-node", "--name", "n5", "-q");
            String pid = Sh.run("docker", "inspect", "-f", "{{.State.Pid}}", lab.container("n5")).out().strip();
            String tap = lab.guest("g1").path("tap").asText();
            assertEquals(0, Sh.run("nsenter", "-t", pid, "-n", "ip", "link", "add", tap, "type", "veth", "peer", "name", "blocker0").exit());
            Sh.Result failed = lab.dovs("move-guest", "--name-guest", "g1", "--name-dstnode", "n5");
            assertEquals(1, failed.exit(), failed.all());
            assertTrue(failed.err().contains("rolled back"), failed.err());
            assertEquals("n2", lab.guest("g1").path("node").asText());
            assertEquals("ok", lab.guest("g1").path("status").asText());
            lab.assertPing("g3", "10.4.0.1");

            // A destination that is not running is refused before anything is touched.
            lab.ok("add-node", "--name", "n3", "-q");
            assertEquals(0, Sh.run("docker", "stop", "-t", "1", lab.container("n3")).exit());
            Sh.Result refused = lab.dovs("move-guest", "--name-guest", "g1", "--name-dstnode", "n3");
            assertEquals(2, refused.exit(), refused.all());
            assertTrue(refused.err().contains("n3") && refused.err().contains("exited"), refused.err());
            assertEquals("n2", lab.guest("g1").path("node").asText());
            lab.assertPing("g3", "10.4.0.1");

            Sh.Result same = lab.dovs("move-guest", "--name-guest", "g1", "--name-dstnode", "n2");
            assertEquals(2, same.exit(), same.all());
            Sh.Result unknown = lab.dovs("move-guest", "--name-guest", "g1", "--name-dstnode", "n9");
            assertEquals(2, unknown.exit(), unknown.all());

            lab.ok("clean"); // with a stopped node too
            lab.assertNothingLeft();
        }
    }

    @Test
    void spawnThenCheckThenCleanLeavesNothingAndReplayRestores() throws Exception {
        try (LabFixture lab = new LabFixture("ovf")) {
            lab.ok("spawn", "--nodes", "3", "--guests", "2", "--nets", "2", "-q");
            JsonNode check = lab.checkPasses();
            assertEquals(30, check.path("pairs").asInt());
            assertTrue(lab.ok("info").out().contains("Node: dovs-node-3"));
            lab.ok("clean");
            lab.assertNothingLeft();

            lab.ok("replay", "-q");
            lab.checkPasses();
            lab.ok("clean");
            lab.assertNothingLeft();
        }
    }

    @Test
    void spawnRoutedReachesEverything() throws Exception {
        try (LabFixture lab = new LabFixture("ovg")) {
            lab.ok("spawn", "--nodes", "2", "--guests", "3", "--nets", "2", "--routed", "-q");
            JsonNode check = lab.checkPasses();
            for (JsonNode r : check.path("results")) {
                assertTrue(r.path("expected").asBoolean(), "routed spawn: every pair must be reachable " + r);
            }
            lab.ok("clean");
            lab.assertNothingLeft();
        }
    }

    /** Packets received on the node's underlay NIC (the br-phy port), from /proc/net/dev in its netns. */
    private static long underlayRxPackets(LabFixture lab, String node) {
        String pid = Sh.run("docker", "inspect", "-f", "{{.State.Pid}}", lab.container(node)).out().strip();
        long total = 0;
        for (String line : Sh.run(Map.of(), 10, List.of("cat", "/proc/" + pid + "/net/dev")).out().lines().toList()) {
            String l = line.strip();
            if (l.startsWith("eth")) {
                String[] f = l.split("[:\\s]+");
                total += Long.parseLong(f[2]);
            }
        }
        return total;
    }
}
