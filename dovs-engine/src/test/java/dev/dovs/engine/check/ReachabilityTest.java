package dev.dovs.engine.check;

import dev.dovs.events.EventEnvelope;
import dev.dovs.events.Intent;
import dev.dovs.events.Outcome;
import dev.dovs.events.model.LabNaming;
import dev.dovs.events.projection.GuestView;
import dev.dovs.events.projection.LabProjection;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ReachabilityTest {

    /** A projection built from successful intents, as the engine folds its log. */
    private static final class Lab {
        final LabProjection p = new LabProjection(LabNaming.defaultLab());
        long index = 1;
        int intent;

        Lab nodes(String... names) {
            for (String n : names) {
                String id = "i" + intent++;
                apply(id, new Intent.AddNode(n, "img"));
                apply(id, new Outcome.NodeAdded(n, n, "cid", "172.18.0.2", "172.19.0.2"));
            }
            return this;
        }

        Lab guest(String name, String node, String cidr, String net, String router) {
            String port = UUID.nameUUIDFromBytes(name.getBytes(StandardCharsets.UTF_8)).toString();
            String mac = "fa:16:3e:" + port.substring(0, 2) + ":" + port.substring(2, 4) + ":" + port.substring(4, 6);
            String id = "i" + intent++;
            apply(id, new Intent.AddGuest(name, node, cidr, mac, port, net, router, net == null ? 1500 : 1450));
            apply(id, new Outcome.GuestAdded(name, node, "dovs-" + name, LabNaming.tap(port)));
            return this;
        }

        GuestView g(String name) {
            return p.guest(name).orElseThrow();
        }

        boolean expected(String a, String b) {
            boolean ab = Reachability.expected(p, g(a), g(b));
            assertEquals(ab, Reachability.expected(p, g(b), g(a)), "reachability is symmetric: " + a + ", " + b);
            return ab;
        }

        private void apply(String id, dev.dovs.events.Event e) {
            p.apply(new EventEnvelope(index++, Instant.EPOCH, "default", id, null, "t", e));
        }
    }

    @Test
    void guests_of_the_same_net_reach_each_other_across_nodes() {
        Lab lab = new Lab().nodes("n1", "n2")
                .guest("a1", "n1", "10.0.0.1/24", "A", null)
                .guest("a2", "n2", "10.0.0.2/24", "A", null)
                .guest("a3", "n1", "10.0.0.3/24", "A", null);
        assertTrue(lab.expected("a1", "a2"));
        assertTrue(lab.expected("a1", "a3"));
    }

    @Test
    void nets_on_the_same_router_reach_each_other() {
        Lab lab = new Lab().nodes("n1", "n2")
                .guest("a1", "n1", "10.0.1.1/24", "A", "r1")
                .guest("b1", "n2", "10.0.2.1/24", "B", "r1")
                .guest("b2", "n1", "10.0.2.2/24", "B", null); // inherits r1 through its net
        assertTrue(lab.expected("a1", "b1"));
        assertTrue(lab.expected("a1", "b2"));
    }

    @Test
    void different_nets_without_a_common_router_are_isolated() {
        Lab lab = new Lab().nodes("n1", "n2")
                .guest("a1", "n1", "10.0.0.1/24", "A", null)
                .guest("b1", "n1", "10.0.0.2/24", "B", null)   // same node, same subnet, another net
                .guest("c1", "n2", "10.0.3.1/24", "C", "r1")
                .guest("d1", "n2", "10.0.4.1/24", "D", "r2")
                .guest("e1", "n1", "10.0.5.1/24", "E", null);
        assertFalse(lab.expected("a1", "b1"), "no router at all");
        assertFalse(lab.expected("c1", "d1"), "two different routers");
        assertFalse(lab.expected("c1", "e1"), "one routed, one not");
        assertFalse(lab.expected("a1", "e1"));
    }

    @Test
    void guests_without_a_net_reach_each_other_on_the_same_node_only() {
        Lab lab = new Lab().nodes("n1", "n2")
                .guest("p1", "n1", "10.0.0.1/24", null, null)
                .guest("p2", "n1", "10.0.0.2/24", null, null)
                .guest("p3", "n2", "10.0.0.3/24", null, null);
        assertTrue(lab.expected("p1", "p2"));
        assertFalse(lab.expected("p1", "p3"), "no net: nothing is tunnelled");
    }

    @Test
    void a_guest_without_a_net_and_a_guest_in_a_net_are_isolated_even_on_one_node() {
        Lab lab = new Lab().nodes("n1")
                .guest("p1", "n1", "10.0.0.1/24", null, null)
                .guest("a1", "n1", "10.0.0.2/24", "A", null)
                .guest("r1g", "n1", "10.0.1.2/24", "R", "r1");
        assertFalse(lab.expected("p1", "a1"));
        assertFalse(lab.expected("p1", "r1g"));
    }

    @Test
    void the_matrix_has_every_ordered_pair_of_distinct_guests_with_its_expectation() {
        Lab lab = new Lab().nodes("n1", "n2")
                .guest("a1", "n1", "10.0.0.1/24", "A", null)
                .guest("a2", "n2", "10.0.0.2/24", "A", null)
                .guest("b1", "n1", "10.0.0.1/24", "B", null);

        List<Reachability.Pair> m = Reachability.matrix(lab.p);

        assertEquals(6, m.size(), "3 guests: 3 x 2 ordered pairs");
        assertTrue(m.stream().noneMatch(p -> p.from().name().equals(p.to().name())));
        for (Reachability.Pair p : m) {
            boolean sameNet = p.from().net().equals(p.to().net());
            assertEquals(sameNet, p.expected(), p.from().name() + " -> " + p.to().name());
        }
    }

    @Test
    void same_segment_means_same_net_or_no_net_on_the_same_node() {
        Lab lab = new Lab().nodes("n1", "n2")
                .guest("a1", "n1", "10.0.1.1/24", "A", "r1")
                .guest("a2", "n2", "10.0.1.2/24", "A", null)
                .guest("b1", "n1", "10.0.2.1/24", "B", "r1")
                .guest("p1", "n1", "10.0.0.1/24", null, null)
                .guest("p2", "n1", "10.0.0.2/24", null, null)
                .guest("p3", "n2", "10.0.0.3/24", null, null);
        assertTrue(Reachability.sameSegment(lab.g("a1"), lab.g("a2")));
        assertFalse(Reachability.sameSegment(lab.g("a1"), lab.g("b1")), "routed, but not the same L2 segment");
        assertTrue(Reachability.sameSegment(lab.g("p1"), lab.g("p2")));
        assertFalse(Reachability.sameSegment(lab.g("p1"), lab.g("p3")));
        assertFalse(Reachability.sameSegment(lab.g("p1"), lab.g("a1")));
        assertFalse(Reachability.sameSegment(lab.g("a1"), lab.g("p1")));
    }

    @Test
    void guests_without_a_net_on_one_node_reach_each_other_only_inside_each_others_subnet() {
        // issue 13 item 6: s1 and s2 share br-int's segment but neither address is inside the other's subnet
        Lab lab = new Lab().nodes("n1")
                .guest("s1", "n1", "10.1.0.1/24", null, null)
                .guest("s2", "n1", "10.2.0.1/24", null, null)
                .guest("w1", "n1", "10.1.5.9/16", null, null)   // sees s1 on-link, s1 does not see it
                .guest("w2", "n1", "10.1.7.9/16", null, null);  // same /16 as w1
        assertFalse(lab.expected("s1", "s2"), "different subnets, no gateway");
        assertFalse(lab.expected("s1", "w1"), "10.1.5.9 is outside 10.1.0.0/24: s1 cannot answer w1");
        assertTrue(lab.expected("w1", "w2"), "each inside the other's /16");
        assertFalse(lab.expected("s2", "w2"));
        assertTrue(Reachability.onLink(lab.g("w1"), lab.g("s1")));
        assertFalse(Reachability.onLink(lab.g("s1"), lab.g("w1")));
        assertFalse(Reachability.sameSegment(lab.g("s1"), lab.g("s2")), "not on-link: never in the neighbour table");
        assertTrue(Reachability.matrix(lab.p).stream().filter(Reachability.Pair::expected).count() == 2,
                "w1 <-> w2 only");
    }

    @Test
    void nets_keep_their_rules_whatever_the_subnets() {
        Lab lab = new Lab().nodes("n1", "n2")
                .guest("a1", "n1", "10.1.0.1/24", "A", "r1")
                .guest("b1", "n2", "10.9.0.1/16", "B", "r1");
        assertTrue(lab.expected("a1", "b1"), "routed: the router's gateways, not the subnets, decide");
    }

    @Test
    void isolation_classes_tell_segments_nodes_and_expectation_apart() {
        Lab lab = new Lab().nodes("n1", "n2")
                .guest("a1", "n1", "10.0.1.1/24", "A", "r1")
                .guest("a2", "n2", "10.0.1.2/24", "A", "r1")
                .guest("a3", "n1", "10.0.1.3/24", "A", "r1")
                .guest("c1", "n2", "10.0.3.1/24", "C", null)
                .guest("p1", "n1", "10.0.0.1/24", null, null);
        assertEquals("net:A > net:A cross-node reach", Reachability.isolationClass(pair(lab, "a1", "a2")));
        assertEquals("net:A > net:A same-node reach", Reachability.isolationClass(pair(lab, "a1", "a3")));
        assertEquals("net:A > net:C cross-node isolated", Reachability.isolationClass(pair(lab, "a1", "c1")));
        assertEquals("node:n1 > net:A same-node isolated", Reachability.isolationClass(pair(lab, "p1", "a1")));
    }

    @Test
    void a_sample_has_the_size_asked_and_every_isolation_class() {
        Lab lab = new Lab().nodes("n1", "n2", "n3");
        int k = 0;
        for (String net : List.of("A", "B", "C")) {
            for (String node : List.of("n1", "n2", "n3")) {
                for (int i = 0; i < 4; i++) {
                    k++;
                    lab.guest(net + node + i, node, "10.0." + net.charAt(0) % 10 + "." + (k % 250 + 1) + "/24",
                            net, net.equals("C") ? null : "r1");
                }
            }
        }
        List<Reachability.Pair> all = Reachability.matrix(lab.p);
        java.util.Set<String> classes = new java.util.HashSet<>();
        all.forEach(p -> classes.add(Reachability.isolationClass(p)));
        assertEquals(3 * 3 * 2, classes.size(), "3 nets x 3 nets x same/cross node (expectation follows the nets)");
        for (long seed = 0; seed < 20; seed++) {
            List<Reachability.Pair> s = Reachability.sample(all, 40, new java.util.Random(seed));
            assertEquals(40, s.size());
            java.util.Set<String> got = new java.util.HashSet<>();
            s.forEach(p -> got.add(Reachability.isolationClass(p)));
            assertEquals(classes, got, "seed " + seed);
            assertEquals(40, new java.util.HashSet<>(s).size(), "no pair twice");
        }
        List<Reachability.Pair> tiny = Reachability.sample(all, 1, new java.util.Random(1));
        assertEquals(classes.size(), tiny.size(), "fewer than the classes: one pair per class");
        assertEquals(all, Reachability.sample(all, all.size() + 5, new java.util.Random(1)), "more than all: all");
        assertEquals(Reachability.sample(all, 50, new java.util.Random(7)),
                Reachability.sample(all, 50, new java.util.Random(7)), "a seed gives the same sample");
        org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> Reachability.sample(all, 0, new java.util.Random(1)));
    }

    private static Reachability.Pair pair(Lab lab, String a, String b) {
        return new Reachability.Pair(lab.g(a), lab.g(b), Reachability.expected(lab.p, lab.g(a), lab.g(b)));
    }
}
