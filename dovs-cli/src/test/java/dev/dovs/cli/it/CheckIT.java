package dev.dovs.cli.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code dovs check} on real labs: exact on a routed multi-node lab, a pair broken by hand found with its reason,
 * the address plan of guests without a net (issue 13 item 6), {@code --sample}, and tunnels that follow the guests
 * (l2population).
 */
class CheckIT {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void checkIsExactOnARoutedMultiNodeLabAndSaysWhyAnUnpluggedGuestFails() throws Exception {
        try (LabFixture lab = new LabFixture("cka")) {
            for (String n : List.of("n1", "n2", "n3")) {
                lab.ok("add-node", "--name", n, "-q");
            }
            String[][] guests = {{"a1", "10.7.1.1/24", "n1", "na", "r1"}, {"a2", "10.7.1.2/24", "n2", "na", "r1"},
                    {"b1", "10.7.2.1/24", "n3", "nb", "r1"}, {"b2", "10.7.2.2/24", "n1", "nb", "r1"},
                    {"c1", "10.7.1.1/24", "n2", "nc", null}, {"c2", "10.7.1.2/24", "n3", "nc", null}};
            for (String[] g : guests) {
                List<String> argv = new java.util.ArrayList<>(List.of("add-guest", "--name", g[0], "--ip", g[1],
                        "--node", g[2], "--net", g[3], "-q"));
                if (g[4] != null) {
                    argv.addAll(List.of("--router", g[4]));
                }
                lab.ok(argv.toArray(String[]::new));
            }
            // nc overlaps na's addresses: a leak between them would show as the wrong neighbour MAC
            JsonNode ok = check(lab, 0);
            assertEquals(30, ok.path("pairs").asInt());
            assertEquals(0, ok.path("mismatches").asInt());
            int reach = 0;
            for (JsonNode r : ok.path("results")) {
                reach += r.path("expected").asBoolean() ? 1 : 0;
                assertEquals(r.path("expected").asBoolean(), r.path("reached").asBoolean(), r.toString());
            }
            assertEquals(4 * 3 + 2, reach, "a1, a2, b1, b2 through r1; c1 <-> c2");

            JsonNode sample = check(lab, 0, "--sample", "3", "--seed", "7");
            Set<String> kinds = new HashSet<>();
            sample.path("results").forEach(r -> kinds.add(r.path("expected").asText()));
            assertEquals(Set.of("true", "false"), kinds, "a sample keeps both reach and isolated classes");
            assertTrue(sample.path("pairs").asInt() >= 3 && sample.path("pairs").asInt() < 30, sample.toString());

            // Unplug b1's port by hand: every pair with b1 fails, and says why
            String tap = null;
            for (JsonNode n : JSON.readTree(lab.ok("info", "--json").out()).path("nodes")) {
                for (JsonNode g : n.path("guests")) {
                    tap = g.path("name").asText().equals("b1") ? g.path("tap").asText() : tap;
                }
            }
            Sh.run("docker", "exec", lab.container("n3"), "ovs-vsctl", "del-port", "br-int", tap);
            JsonNode broken = check(lab, 1);
            int failures = 0;
            for (JsonNode r : broken.path("results")) {
                boolean withB1 = r.path("from").asText().equals("b1") || r.path("to").asText().equals("b1");
                if (r.path("verdict").asText().equals("unreachable")) {
                    failures++;
                    assertTrue(withB1, "only b1's pairs fail: " + r);
                    assertEquals("b1: port not attached", r.path("reason").asText(), r.toString());
                }
            }
            assertEquals(6, failures, "b1 to and from a1, a2, b2");
            Sh.Result text = lab.dovs("check", "-q");
            assertEquals(1, text.exit(), text.all());
            assertTrue(text.out().contains("FAIL a1 -> b1 (10.7.2.1/24): b1: port not attached"), text.all());
            lab.ok("clean", "-q");
            lab.assertNothingLeft();
        }
    }

    @Test
    void guestsWithoutANetFollowTheirSubnets() throws Exception {
        try (LabFixture lab = new LabFixture("ckb")) {
            lab.ok("add-node", "--name", "n1", "-q");
            lab.ok("add-guest", "--name", "s1", "--ip", "10.1.0.1/24", "--node", "n1", "-q");
            lab.ok("add-guest", "--name", "s2", "--ip", "10.2.0.1/24", "--node", "n1", "-q");
            Sh.Result r = lab.dovs("check");
            assertEquals(0, r.exit(), "issue 13 item 6: a correct lab passes\n" + r.all());
            lab.ok("add-guest", "--name", "s3", "--ip", "10.1.0.3/24", "--node", "n1", "-q");
            JsonNode three = check(lab, 0);
            for (JsonNode p : three.path("results")) {
                boolean sameSubnet = p.path("from").asText().matches("s[13]") && p.path("to").asText().matches("s[13]");
                assertEquals(sameSubnet, p.path("expected").asBoolean(), p.toString());
            }
            lab.ok("clean", "-q");
        }
    }

    @Test
    void tunnelsAppearAndGoWithTheGuestsOfANet() throws Exception {
        try (LabFixture lab = new LabFixture("ckc")) {
            for (String n : List.of("n1", "n2", "n3")) {
                lab.ok("add-node", "--name", n, "-q");
            }
            assertEquals(List.of(0, 0, 0), tunnels(lab));
            lab.ok("add-guest", "--name", "g1", "--ip", "10.5.0.1/24", "--net", "na", "--node", "n1", "-q");
            assertEquals(List.of(0, 0, 0), tunnels(lab), "a net on one node needs no tunnel");
            lab.ok("add-guest", "--name", "g2", "--ip", "10.5.0.2/24", "--net", "na", "--node", "n2", "-q");
            assertEquals(List.of(1, 1, 0), tunnels(lab), "n1 <-> n2 for na; n3 hosts nothing");
            lab.ok("add-guest", "--name", "g3", "--ip", "10.6.0.3/24", "--net", "nb", "--node", "n3", "-q");
            assertEquals(List.of(1, 1, 0), tunnels(lab), "nb lives on n3 alone");
            lab.ok("move-guest", "--name-guest", "g2", "--name-dstnode", "n3", "-q");
            assertEquals(List.of(1, 0, 1), tunnels(lab), "n2 lost its last port of na, n3 gained one");
            lab.assertPing("g1", "10.5.0.2");
            check(lab, 0);
            lab.ok("move-guest", "--name-guest", "g2", "--name-dstnode", "n1", "-q");
            assertEquals(List.of(0, 0, 0), tunnels(lab), "na on n1 only");
            lab.ok("move-guest", "--name-guest", "g2", "--name-dstnode", "n2", "-q");
            assertEquals(List.of(1, 1, 0), tunnels(lab));
            lab.ok("clean", "-q");
            lab.assertNothingLeft();
            lab.ok("replay", "-q");
            assertEquals(List.of(1, 1, 0), tunnels(lab), "replay rebuilds the same tunnels");
            check(lab, 0);
            lab.ok("clean", "-q");
            lab.assertNothingLeft();
        }
    }

    private static List<Integer> tunnels(LabFixture lab) {
        return List.of("n1", "n2", "n3").stream().map(n -> (int) Sh.lines(Sh.run("docker", "exec", lab.container(n),
                "ovs-vsctl", "--bare", "--columns=name", "find", "interface", "type=vxlan").out()).stream()
                .filter(l -> !l.isBlank()).count()).toList();
    }

    private static JsonNode check(LabFixture lab, int exit, String... extra) throws Exception {
        List<String> argv = new java.util.ArrayList<>(List.of("check", "--json"));
        argv.addAll(List.of(extra));
        Sh.Result r = lab.dovs(argv.toArray(String[]::new));
        assertEquals(exit, r.exit(), r.all());
        return JSON.readTree(r.out());
    }
}
