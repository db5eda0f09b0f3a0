package dev.dovs.cli.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.dovs.engine.ovn.OvnNames;
import dev.dovs.events.model.LabNaming;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * OVN as the lab's controller ({@code --ovn}), for real: the lab's central (ovn-central in a container of the lab),
 * ovn-controller in every node, Geneve between them. Needs the host's ovn-nbctl (ovn-common) and the image
 * dovs/ovn-central:latest ('dovs image build --ovn-central'), as setup-host.sh provides.
 */
class OvnIT {
    private static final ObjectMapper JSON = new ObjectMapper();

    private static LabFixture ovnLab(String name) throws Exception {
        LabFixture lab = new LabFixture(name);
        List<String> missing = new ArrayList<>();
        if (Sh.run("sh", "-c", "command -v ovn-nbctl && command -v ovn-sbctl").exit() != 0) {
            missing.add("ovn-nbctl/ovn-sbctl (apt-get install ovn-common)");
        }
        if (Sh.run("docker", "image", "inspect", "dovs/ovn-central:latest").exit() != 0) {
            missing.add("the image dovs/ovn-central:latest ('dovs image build --ovn-central')");
        }
        if (!missing.isEmpty()) {
            lab.close();
            String msg = "OVN integration test prerequisites missing: " + missing;
            if ("true".equals(System.getenv("CI"))) {
                throw new AssertionError(msg);
            }
            org.junit.jupiter.api.Assumptions.abort(msg);
        }
        return lab;
    }

    @Test
    void example2IsolatesOverlappingNetsBothWays() throws Exception {
        try (LabFixture lab = ovnLab("oa")) {
            lab.ok("add-node", "--name", "node-1", "--ovn", "-q");
            lab.ok("add-node", "--name", "node-2", "--ovn", "-q");
            String[][] guests = {{"vm-1", "10.0.0.1/24", "node-1", "subnet-A"}, {"vm-2", "10.0.0.1/24", "node-1",
                    "subnet-B"}, {"vm-3", "10.0.0.2/24", "node-2", "subnet-A"}, {"vm-4", "10.0.0.2/24", "node-2",
                    "subnet-B"}};
            for (String[] g : guests) {
                lab.ok("add-guest", "--name", g[0], "--ip", g[1], "--node", g[2], "--net", g[3], "--ovn", "-q");
            }
            assertEquals(12, lab.checkPasses().path("pairs").asInt());
            lab.assertPing("vm-1", "10.0.0.2");
            assertTrue(lab.inGuest("vm-1", "ip", "neigh", "show", "10.0.0.2").out().contains(lab.guestMac("vm-3")));
            lab.assertPing("vm-4", "10.0.0.1");
            assertTrue(lab.inGuest("vm-4", "ip", "neigh", "show", "10.0.0.1").out().contains(lab.guestMac("vm-2")));
            lab.assertExample2IsolatedBothWays();
            // OVN made it: no dovs tunnels or VLAN tags on br-int, Geneve ports made by ovn-controller.
            String ports = vsctl(lab, "node-1", "--columns=name,tag,external_ids", "list", "Port");
            assertFalse(ports.contains("vx"), ports);
            assertTrue(vsctl(lab, "node-1", "--columns=type", "list", "Interface").contains("geneve"));
            // The NB holds the guests' ports, named by port id, with MAC IP and port security, marked.
            String port = lab.guest("vm-1").path("ifaceid").asText();
            String lsp = nbctl(lab, "--columns=name,addresses,port_security,external_ids", "list",
                    "Logical_Switch_Port", port);
            assertTrue(lsp.contains(lab.guestMac("vm-1") + " 10.0.0.1"), lsp);
            assertTrue(lsp.contains("dovs-lab=" + lab.lab()), lsp);
            cleanLeavesNothing(lab);
        }
    }

    @Test
    void example3RoutesAcrossNodesAndTheLogIsTheAuditTrail() throws Exception {
        try (LabFixture lab = ovnLab("ob")) {
            lab.ok("add-node", "--name", "node-1", "--ovn", "-q");
            lab.ok("add-node", "--name", "node-2", "--ovn", "-q");
            String[][] guests = {{"vm-1", "10.0.0.1/24", "node-1", "subnet-A"}, {"vm-2", "10.0.1.1/24", "node-1",
                    "subnet-B"}, {"vm-3", "10.0.0.2/24", "node-2", "subnet-A"}, {"vm-4", "10.0.1.2/24", "node-2",
                    "subnet-B"}};
            for (String[] g : guests) {
                lab.ok("add-guest", "--name", g[0], "--ip", g[1], "--node", g[2], "--net", g[3], "--router",
                        "router-1", "--ovn", "-q");
            }
            JsonNode check = lab.checkPasses();
            for (JsonNode r : check.path("results")) {
                assertTrue(r.path("expected").asBoolean(), "routed: every pair must be reachable " + r);
            }
            lab.assertPing("vm-1", "10.0.1.254");
            assertTrue(lab.inGuest("vm-1", "ping", "-c", "1", "-W", "2", "10.0.1.2").out().contains("ttl=63"),
                    "routed by the logical router");
            SingleNodeLabIT.assertTcpTransfer(lab, "vm-1", "vm-4", "10.0.1.2"); // MTU fits Geneve
            assertTrue(nbctl(lab, "--columns=networks,options", "list", "Logical_Router_Port")
                    .contains("10.0.0.254/24"));
            // Every NB change is in the log: what was sent and what came back.
            String exchanges = lab.ok("log", "--type", "step.ovn-exchanged").out();
            assertTrue(exchanges.contains("lrp-add"), exchanges);
            assertTrue(exchanges.contains("lsp-add"), exchanges);
            cleanLeavesNothing(lab);
        }
    }

    @Test
    void spawnRoutedThenMoveThenCleanThenReplay() throws Exception {
        try (LabFixture lab = ovnLab("oc")) {
            lab.ok("spawn", "--nodes", "2", "--guests", "2", "--nets", "2", "--routed", "--ovn", "-q");
            lab.checkPasses();
            JsonNode before = JSON.readTree(lab.ok("info", "--json").out());

            String g = "node-1-guest-1";
            assertEquals("dovs-node-1", lab.guest(g).path("node").asText());
            String to = "dovs-node-2";
            lab.ok("move-guest", "--name-guest", g, "--name-dstnode", to);
            assertEquals(to, lab.guest(g).path("node").asText());
            String chassis = sbctl(lab, "--bare", "--columns=name", "list", "Chassis");
            assertTrue(chassis.contains(lab.container(to)), chassis);
            lab.checkPasses();

            cleanLeavesNothing(lab);

            lab.ok("replay", "-q");
            lab.checkPasses();
            JsonNode after = JSON.readTree(lab.ok("info", "--json").out());
            assertEquals(guestIdentities(before), guestIdentities(after), "replay: same names, ids, MACs");
            cleanLeavesNothing(lab);
        }
    }

    @Test
    void faultsAreBoundedClearAndRolledBack() throws Exception {
        try (LabFixture lab = ovnLab("od")) {
            // The central not reachable: checked before anything is created, one line, nothing of the node left.
            long start = System.nanoTime();
            Sh.Result unreachable = lab.dovs("add-node", "--name", "n0", "--ovn-nb", "tcp:127.0.0.1:1",
                    "--ovn-sb", "tcp:127.0.0.1:1");
            assertEquals(1, unreachable.exit(), unreachable.all());
            assertTrue(unreachable.err().contains("OVN NB at tcp:127.0.0.1:1 is not reachable"), unreachable.err());
            assertTrue(unreachable.err().contains("nothing was changed"), unreachable.err());
            assertTrue((System.nanoTime() - start) / 1_000_000_000L < 60, "bounded");
            assertTrue(lab.leftovers().isEmpty(), () -> "left: " + lab.leftovers());

            lab.ok("add-node", "--name", "n1", "--ovn", "-q");
            lab.ok("add-guest", "--name", "g1", "--ip", "10.5.0.1/24", "--node", "n1", "--net", "a", "--router",
                    "r1", "--ovn", "-q");

            // An NB transaction refused: the router port of (r1, b) is taken by another router in the NB.
            String id = new OvnNames(new LabNaming(lab.lab())).routerPortId("r1", "b");
            nbctl(lab, "lr-add", "intruder", "--", "lrp-add", "intruder", OvnNames.logicalRouterPort(id),
                    "00:00:00:00:00:01", "192.0.2.1/24");
            Sh.Result refused = lab.dovs("add-guest", "--name", "g2", "--ip", "10.5.1.1/24", "--node", "n1",
                    "--net", "b", "--router", "r1", "--ovn");
            assertEquals(1, refused.exit(), refused.all());
            assertTrue(refused.err().contains("refused"), refused.err());
            assertTrue(refused.err().contains("rolled back"), refused.err());
            assertFalse(nbctl(lab, "--bare", "--columns=name", "list", "Logical_Switch").contains(lab.lab() + "-b"),
                    "the net's switch was rolled back");
            assertFalse(lab.leftovers().contains("netns " + lab.netns("g2")));
            nbctl(lab, "lr-del", "intruder");

            // A chassis that never binds: ovn-controller stopped (its chassis stays registered).
            String pid = Sh.run("docker", "inspect", "-f", "{{.State.Pid}}", lab.container("n1")).out().strip();
            Sh.run(Map.of(), 20, List.of("nsenter", "-t", pid, "-m", "-p", "ovn-appctl", "-t", "ovn-controller",
                    "exit", "--restart"));
            long t0 = System.nanoTime();
            Sh.Result unbound = lab.dovs("add-guest", "--name", "g3", "--ip", "10.5.0.3/24", "--node", "n1",
                    "--net", "a", "--ovn", "--ovn-binding-timeout", "3");
            long seconds = (System.nanoTime() - t0) / 1_000_000_000L;
            assertNotEquals(0, unbound.exit(), unbound.all());
            assertTrue(unbound.err().contains("did not bind"), unbound.err());
            assertTrue(seconds < 30, "bounded: " + seconds + " s");
            assertFalse(lab.leftovers().contains("netns " + lab.netns("g3")));
            String failures = lab.ok("log", "--type", "step.failed").out();
            assertTrue(failures.contains("did not bind") && failures.contains("refused"), failures);
            cleanLeavesNothing(lab);
        }
    }

    @Test
    void anOvnThatRunsAlreadyKeepsNothingOfTheLabAfterClean() throws Exception {
        try (LabFixture lab = ovnLab("oe")) {
            // An OVN central that is not the lab's, on a network the lab's nodes will use (dovs adopts no resource
            // without its mark: the central stays; the network, made here with the lab's label, is the lab's).
            String mgmt = "dovs" + lab.lab() + "-mgmt";
            String central = lab.lab() + "-external-ovn";
            Sh.run("docker", "rm", "-f", central);
            assertEquals(0, Sh.run("docker", "network", "create", "--internal", "--label", "dovs.lab=" + lab.lab(),
                    mgmt).exit());
            try {
                assertEquals(0, Sh.run("docker", "run", "-d", "--name", central, "--network", mgmt,
                        "dovs/ovn-central:latest").exit());
                String ip = Sh.run("docker", "inspect", "-f", "{{range .NetworkSettings.Networks}}{{.IPAddress}}{{end}}",
                        central).out().strip();
                String nb = "tcp:" + ip + ":6641";
                String sb = "tcp:" + ip + ":6642";
                for (int i = 0; i < 100 && Sh.run("ovn-nbctl", "--db=" + nb, "--timeout=1", "show").exit() != 0; i++) {
                    Thread.sleep(100);
                }
                Sh.run("ovn-nbctl", "--db=" + nb, "ls-add", "not-the-labs");
                lab.ok("add-node", "--name", "n1", "--ovn-nb", nb, "--ovn-sb", sb, "-q");
                lab.ok("add-node", "--name", "n2", "--ovn-nb", nb, "--ovn-sb", sb, "--ovn-encap", "vxlan", "-q");
                lab.ok("add-guest", "--name", "g1", "--ip", "10.6.0.1/24", "--node", "n1", "--net", "a", "--ovn-nb",
                        nb, "--ovn-sb", sb, "-q");
                lab.ok("add-guest", "--name", "g2", "--ip", "10.6.0.2/24", "--node", "n2", "--net", "a", "--ovn-nb",
                        nb, "--ovn-sb", sb, "-q");
                lab.checkPasses();
                String marked = "external_ids:dovs-lab=" + lab.lab();
                assertFalse(Sh.run("ovn-nbctl", "--db=" + nb, "--bare", "--columns=name", "find", "Logical_Switch",
                        marked).out().isBlank());

                // The log lost: clean with the OVN's address still sweeps the lab's objects there, by mark.
                Sh.run("rm", "-rf", lab.stateDir().resolve(lab.lab()).toString());
                lab.ok("clean", "--ovn-nb", nb, "--ovn-sb", sb, "-q");
                for (String table : List.of("Logical_Switch", "Logical_Switch_Port", "Logical_Router")) {
                    assertTrue(Sh.run("ovn-nbctl", "--db=" + nb, "--bare", "--columns=_uuid", "find", table, marked)
                            .out().isBlank(), table + " keeps objects of the lab");
                }
                assertTrue(Sh.run("ovn-sbctl", "--db=" + sb, "--bare", "--columns=name", "list", "Chassis").out()
                        .isBlank(), "the lab's chassis are gone from the SB");
                assertTrue(Sh.run("ovn-nbctl", "--db=" + nb, "ls-list").out().contains("not-the-labs"),
                        "what is not the lab's stays");
            } finally {
                Sh.run("docker", "rm", "-f", central);
                Sh.run("docker", "network", "rm", mgmt);
            }
        }
    }

    @Test
    void aTopologyFileMakesAnOvnLabAndDelGuestAndDelNodeRemoveWhatOvnHolds() throws Exception {
        try (LabFixture lab = ovnLab("of")) {
            java.nio.file.Path file = lab.stateDir().resolve("ovn-lab.yaml");
            java.nio.file.Files.writeString(file, """
                    controller: {type: ovn, encap: geneve}
                    nodes: [{name: n1}, {name: n2}, {name: n3}]
                    nets:
                      - {name: a, subnet: 10.7.0.0/24, router: r1}
                      - {name: b, subnet: 10.7.1.0/24, router: r1}
                    guests:
                      - {name: g1, node: n1, net: a, ip: 10.7.0.1}
                      - {name: g2, node: n2, net: b, ip: 10.7.1.2}
                      - {name: g3, node: n3, net: a, ip: 10.7.0.3}
                      - {name: g4, node: n3, ip: 192.168.7.4/24}
                    """);
            lab.ok("apply", "-f", file.toString(), "-q");
            lab.checkPasses();
            assertTrue(lab.ok("plan", "-f", file.toString()).out().startsWith("No changes"));
            assertTrue(sbctl(lab, "--bare", "--columns=name", "list", "Chassis").contains(lab.container("n3")));

            // del-guest: the guest's logical switch port goes (one on a net, one on its node's local switch)
            String port3 = lab.guest("g3").path("ifaceid").asText();
            String port4 = lab.guest("g4").path("ifaceid").asText();
            lab.ok("del-guest", "--name", "g3", "-q");
            lab.ok("del-guest", "--name", "g4", "-q");
            String lsps = nbctl(lab, "--bare", "--columns=name", "list", "Logical_Switch_Port");
            assertFalse(lsps.contains(port3), lsps);
            assertFalse(lsps.contains(port4), lsps);
            assertTrue(lsps.contains(lab.guest("g1").path("ifaceid").asText()), lsps);
            // del-node: the node's chassis leaves the SB, after its container
            lab.ok("del-node", "--name", "n3", "-q");
            String chassis = sbctl(lab, "--bare", "--columns=name", "list", "Chassis");
            assertFalse(chassis.contains(lab.container("n3")), chassis);
            assertTrue(chassis.contains(lab.container("n1")), chassis);
            assertNotEquals(0, Sh.run("docker", "inspect", lab.container("n3")).exit(), "n3's container is gone");
            lab.checkPasses();

            // export names OVN; clean; applying the export gives back the same lab, with the same MACs and ports
            String export = lab.ok("export").out();
            assertTrue(export.contains("controller:\n  type: ovn\n"), export);
            java.nio.file.Path exported = lab.stateDir().resolve("ovn-export.yaml");
            java.nio.file.Files.writeString(exported, export);
            JsonNode before = JSON.readTree(lab.ok("info", "--json").out());
            cleanLeavesNothing(lab);
            lab.ok("apply", "-f", exported.toString(), "-q");
            assertEquals(guestIdentities(before), guestIdentities(JSON.readTree(lab.ok("info", "--json").out())));
            assertEquals(export, lab.ok("export").out());
            lab.checkPasses();
            cleanLeavesNothing(lab);
        }
    }

    // ---- helpers ------------------------------------------------------------------------------------------

    private static void cleanLeavesNothing(LabFixture lab) {
        String central = new OvnNames(new LabNaming(lab.lab())).centralContainer();
        lab.ok("clean", "-q");
        lab.assertNothingLeft();
        assertNotEquals(0, Sh.run("docker", "inspect", central).exit(), "the central container is gone");
    }

    private static List<String> guestIdentities(JsonNode info) {
        List<String> ids = new ArrayList<>();
        for (JsonNode n : info.path("nodes")) {
            for (JsonNode g : n.path("guests")) {
                ids.add(g.path("name").asText() + " " + g.path("ifaceid").asText() + " " + g.path("mac").asText()
                        + " " + g.path("ip").asText());
            }
        }
        ids.sort(String::compareTo);
        return ids;
    }

    private static String centralDb(LabFixture lab, String db) {
        String central = new OvnNames(new LabNaming(lab.lab())).centralContainer();
        String pid = Sh.run("docker", "inspect", "-f", "{{.State.Pid}}", central).out().strip();
        return "--db=unix:/proc/" + pid + "/root/run/ovn/" + db + "_db.sock";
    }

    static String nbctl(LabFixture lab, String... args) {
        List<String> argv = new ArrayList<>(List.of("ovn-nbctl", centralDb(lab, "ovnnb"), "--timeout=10"));
        argv.addAll(List.of(args));
        Sh.Result r = Sh.run(Map.of(), 20, argv);
        assertEquals(0, r.exit(), () -> argv + ": " + r.all());
        return r.out();
    }

    static String sbctl(LabFixture lab, String... args) {
        List<String> argv = new ArrayList<>(List.of("ovn-sbctl", centralDb(lab, "ovnsb"), "--timeout=10"));
        argv.addAll(List.of(args));
        Sh.Result r = Sh.run(Map.of(), 20, argv);
        assertEquals(0, r.exit(), () -> argv + ": " + r.all());
        return r.out();
    }

    private static String vsctl(LabFixture lab, String node, String... args) {
        String pid = Sh.run("docker", "inspect", "-f", "{{.State.Pid}}", lab.container(node)).out().strip();
        List<String> argv = new ArrayList<>(List.of("ovs-vsctl", "--db=unix:/proc/" + pid
                + "/root/run/openvswitch/db.sock"));
        argv.addAll(List.of(args));
        return Sh.run(Map.of(), 20, argv).out();
    }

}
