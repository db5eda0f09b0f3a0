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
}
