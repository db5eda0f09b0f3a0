package dev.dovs.cli.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Seed example 1 for real: one node, two guests, ping and TCP, then clean and replay. */
class SingleNodeLabIT {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void example1PingsCarriesTcpAndCleansUpCompletely() throws Exception {
        try (LabFixture lab = new LabFixture("ita")) {
            lab.ok("add-node", "--name", "node-1");
            lab.ok("add-guest", "--name", "guest-1", "--ip", "10.0.0.1/24", "--node", "node-1");
            lab.ok("add-guest", "--name", "guest-2", "--ip", "10.0.0.2/24", "--node", "node-1");

            lab.assertPing("guest-1", "10.0.0.2");
            assertTcpTransfer(lab, "guest-1", "guest-2", "10.0.0.2");

            JsonNode info = JSON.readTree(lab.ok("info", "--json").out());
            JsonNode node = info.path("nodes").get(0);
            assertEquals("node-1", node.path("name").asText());
            assertEquals("running", node.path("status").asText());
            assertEquals(2, node.path("guests").size());
            for (JsonNode g : node.path("guests")) {
                assertEquals("ok", g.path("status").asText());
                assertTrue(g.path("ofport").asInt() > 0);
                assertTrue(g.path("tap").asText().startsWith("tap" + g.path("ifaceid").asText().substring(0, 11)));
            }
            // The OVS port carries the neutron-style ids and the lab's mark.
            String ovs = Sh.run("sh", "-c", "ovs-vsctl --db=unix:/proc/$(docker inspect -f '{{.State.Pid}}' "
                    + lab.container("node-1") + ")/root/run/openvswitch/db.sock --columns=external_ids list Interface")
                    .out();
            assertTrue(ovs.contains("dovs-lab=" + lab.lab()) && ovs.contains("iface-id=") && ovs.contains(
                    "attached-mac="), ovs);

            lab.ok("clean");
            lab.assertNothingLeft();
            assertTrue(lab.ok("info").out().contains("Empty"));
        }
    }

    @Test
    void replayAfterCleanRestoresAnIdenticalWorkingLab() throws Exception {
        try (LabFixture lab = new LabFixture("itb")) {
            lab.ok("add-node", "--name", "n1");
            lab.ok("add-guest", "--name", "g1", "--ip", "10.1.0.1/24", "--node", "n1");
            lab.ok("add-guest", "--name", "g2", "--ip", "10.1.0.2/24", "--node", "n1");
            JsonNode before = JSON.readTree(lab.ok("info", "--json").out());
            lab.ok("clean");
            lab.assertNothingLeft();

            String plan = lab.ok("replay", "--dry-run").out();
            assertEquals(3, Sh.lines(plan).size(), plan);
            lab.ok("replay");
            lab.assertPing("g1", "10.1.0.2");

            JsonNode after = JSON.readTree(lab.ok("info", "--json").out());
            for (int i = 0; i < 2; i++) {
                JsonNode b = before.path("nodes").get(0).path("guests").get(i);
                JsonNode a = after.path("nodes").get(0).path("guests").get(i);
                for (String field : List.of("name", "mac", "ip", "ifaceid", "tap", "namespace")) {
                    assertEquals(b.path(field).asText(), a.path(field).asText(), field);
                }
            }
            // The log shows the replayed intents with their origin.
            assertTrue(lab.ok("log").out().contains("replay of"));
        }
    }

    @Test
    void replayFromAnExportedLogBuildsTheLabInAnotherLab() throws Exception {
        Path export = Files.createTempFile("dovs-export", ".jsonl");
        try (LabFixture source = new LabFixture("itc")) {
            source.ok("add-node", "--name", "n1", "-q");
            source.ok("add-guest", "--name", "g1", "--ip", "10.2.0.1/24", "--node", "n1", "-q");
            source.ok("add-guest", "--name", "g2", "--ip", "10.2.0.2/24", "--node", "n1", "-q");
            Files.writeString(export, source.ok("log", "--json").out());
        }
        try (LabFixture target = new LabFixture("itd")) {
            target.ok("replay", "--from", export.toString(), "-q");
            target.assertPing("g2", "10.2.0.1");
        } finally {
            Files.deleteIfExists(export);
        }
    }

    @Test
    void invalidInputIsRefusedBeforeAnySideEffect() throws Exception {
        try (LabFixture lab = new LabFixture("ite")) {
            Sh.Result unknownNode = lab.dovs("add-guest", "--name", "g1", "--ip", "10.0.0.1/24", "--node", "nope");
            assertEquals(2, unknownNode.exit(), unknownNode.all());
            assertTrue(unknownNode.err().contains("node nope does not exist"), unknownNode.err());
            assertFalse(unknownNode.err().contains("Exception"), unknownNode.err());
            assertTrue(lab.leftovers().isEmpty(), () -> "unknown node left " + lab.leftovers());

            Sh.Result badIp = lab.dovs("add-guest", "--name", "g1", "--ip", "10.0.0.255/24", "--node", "n1");
            assertEquals(2, badIp.exit(), badIp.all());
            assertTrue(badIp.err().contains("broadcast"), badIp.err());

            lab.ok("add-node", "--name", "n1", "-q");
            lab.ok("add-guest", "--name", "g1", "--ip", "10.0.0.1/24", "--node", "n1", "-q");
            Sh.Result dupName = lab.dovs("add-guest", "--name", "g1", "--ip", "10.0.0.9/24", "--node", "n1");
            assertEquals(2, dupName.exit(), dupName.all());
            Sh.Result dupIp = lab.dovs("add-guest", "--name", "g2", "--ip", "10.0.0.1/24", "--node", "n1");
            assertEquals(2, dupIp.exit(), dupIp.all());
            assertTrue(dupIp.err().contains("already used"), dupIp.err());
            Sh.Result dupNode = lab.dovs("add-node", "--name", "n1");
            assertEquals(2, dupNode.exit(), dupNode.all());
            assertFalse(Files.exists(Path.of("/run/netns", lab.netns("g2"))), "refused guest left a namespace");
            // Every refusal is in the log.
            assertEquals(4, Sh.lines(lab.ok("log", "--type", "outcome.", "--json").out()).stream()
                    .filter(l -> l.contains("\"rejected\"")).count());
        }
    }

    @Test
    void aMissingNodeImageIsRefusedBeforeAnythingIsCreated() throws Exception {
        try (LabFixture lab = new LabFixture("itf")) {
            Sh.Result r = lab.dovs("add-node", "--name", "n1", "--image", "dovs/does-not-exist:1");
            assertEquals(2, r.exit(), r.all());
            assertEquals(List.of("dovs: error: image dovs/does-not-exist:1 not found: build it with 'dovs image build'"),
                    Sh.lines(r.err()), r.err());
            lab.assertNothingLeft(); // not even the networks: nothing was made, nothing undone
            assertFalse(lab.ok("log").out().contains("docker network"), "no step ran");
        }
    }

    @Test
    void aNodeRemovedByHandDoesNotBreakInfoOrClean() throws Exception {
        try (LabFixture lab = new LabFixture("itg")) {
            lab.ok("add-node", "--name", "n1", "-q");
            lab.ok("add-guest", "--name", "g1", "--ip", "10.0.0.1/24", "--node", "n1", "-q");
            assertEquals(0, Sh.run("docker", "rm", "-f", lab.container("n1")).exit());
            Sh.Result info = lab.ok("info");
            assertTrue(info.out().contains("status: missing"), info.out());
            lab.ok("clean");
            lab.assertNothingLeft();
        }
    }

    static void assertTcpTransfer(LabFixture lab, String client, String server, String serverIp) throws Exception {
        byte[] payload = new byte[2_000_000];
        new Random(42).nextBytes(payload);
        Path in = Files.createTempFile("dovs-tcp-in", ".bin");
        Path out = Files.createTempFile("dovs-tcp-out", ".bin");
        Files.write(in, payload);
        Process listener = new ProcessBuilder("ip", "netns", "exec", lab.netns(server), "timeout", "20", "nc", "-l",
                "-p", "5001").redirectOutput(out.toFile()).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        try {
            Sh.Result sent = Sh.run("sh", "-c", "for i in 1 2 3 4 5 6 7 8 9 10; do ip netns exec " + lab.netns(client)
                    + " nc -N -w 5 " + serverIp + " 5001 < " + in + " && exit 0; sleep 0.3; done; exit 1");
            assertEquals(0, sent.exit(), sent.all());
            listener.waitFor(20, java.util.concurrent.TimeUnit.SECONDS);
            assertArrayEquals(payload, Files.readAllBytes(out), "TCP payload corrupted or truncated");
        } finally {
            listener.destroyForcibly();
            Files.deleteIfExists(in);
            Files.deleteIfExists(out);
        }
    }
}
