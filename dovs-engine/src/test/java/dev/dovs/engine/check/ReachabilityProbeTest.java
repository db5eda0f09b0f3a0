package dev.dovs.engine.check;

import dev.dovs.events.projection.GuestView;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ReachabilityProbeTest {

    private static final String OUTPUT = """
            10.0.0.2
            10.0.1.7
            #neigh
            10.0.0.2 dev eth0 lladdr fa:16:3e:00:00:02 REACHABLE
            10.0.0.9 dev eth0  FAILED
            10.0.0.254 dev eth0 lladdr fa:16:3e:00:00:fe STALE
            #route
            default via 10.0.0.254 dev eth0
            10.0.0.0/24 dev eth0 proto kernel scope link src 10.0.0.1
            """;

    @Test
    void a_probe_output_gives_alive_targets_neighbours_and_routes() {
        ReachabilityProbe.Probe p = ReachabilityProbe.Probe.parse(OUTPUT);
        assertEquals(Set.of("10.0.0.2", "10.0.1.7"), p.alive());
        assertEquals(Map.of("10.0.0.2", "fa:16:3e:00:00:02", "10.0.0.254", "fa:16:3e:00:00:fe"), p.neighbours(),
                "a FAILED entry has no MAC");
        assertTrue(p.routesKnown());
        assertTrue(p.routes("192.168.1.1"), "default route");
    }

    @Test
    void without_a_default_route_only_the_subnet_is_routed() {
        ReachabilityProbe.Probe p = ReachabilityProbe.Probe.parse("#neigh\n#route\n10.1.0.0/24 dev eth0 scope link\n");
        assertTrue(p.routes("10.1.0.77"));
        assertFalse(p.routes("10.2.0.1"));
    }

    @Test
    void a_probe_that_did_not_run_knows_no_routes() {
        ReachabilityProbe.Probe p = ReachabilityProbe.Probe.parse("");
        assertFalse(p.routesKnown());
        assertTrue(p.alive().isEmpty());
    }

    @Test
    void merged_rounds_keep_every_answer_and_the_latest_tables() {
        ReachabilityProbe.Probe a = ReachabilityProbe.Probe.parse("10.0.0.2\n#neigh\n#route\n");
        ReachabilityProbe.Probe b = ReachabilityProbe.Probe.parse(OUTPUT);
        ReachabilityProbe.Probe m = ReachabilityProbe.Probe.merge(a, null, b);
        assertEquals(Set.of("10.0.0.2", "10.0.1.7"), m.alive());
        assertEquals(2, m.neighbours().size());
    }

    @Test
    void the_resolve_orientation_gives_each_source_about_half_of_its_peers() {
        int n = 49;
        int[] count = new int[n];
        for (int a = 0; a < n; a++) {
            for (int b = 0; b < n; b++) {
                if (a != b) {
                    assertTrue(ReachabilityProbe.resolves(a, b) != ReachabilityProbe.resolves(b, a),
                            "exactly one of " + a + ", " + b + " resolves the other");
                    count[a] += ReachabilityProbe.resolves(a, b) ? 1 : 0;
                }
            }
        }
        for (int c : count) {
            assertTrue(Math.abs(c - (n - 1) / 2) <= 1, "balanced: " + c);
        }
    }

    @Test
    void a_failing_pair_says_why_when_dovs_knows() {
        GuestView a = guest("a", "10.1.0.1/24");
        GuestView b = guest("b", "10.2.0.1/24");
        Reachability.Pair p = new Reachability.Pair(a, b, true);
        ReachabilityProbe.Probe noRoute = ReachabilityProbe.Probe.parse("#route\n10.1.0.0/24 dev eth0\n");
        Map<String, String> problems = new HashMap<>();
        assertEquals("no route to 10.2.0.1 in dovs-a", ReachabilityProbe.reason(p, noRoute, problems, false, null));
        problems.put("b", "port not attached");
        assertEquals("b: port not attached", ReachabilityProbe.reason(p, noRoute, problems, false, null));
        problems.put("a", "node n1 is paused");
        assertEquals("a: node n1 is paused", ReachabilityProbe.reason(p, noRoute, problems, false, null),
                "the source's problem first");
        ReachabilityProbe.Probe routed = ReachabilityProbe.Probe.parse("#route\ndefault via 10.1.0.254 dev eth0\n");
        assertNull(ReachabilityProbe.reason(p, routed, Map.of(), false, null), "nothing known: no reason");
        assertEquals("answered by fa:16:3e:99:99:99, not " + b.mac(),
                ReachabilityProbe.reason(p, routed, Map.of(), true, "fa:16:3e:99:99:99"));
    }

    private static GuestView guest(String name, String cidr) {
        return new GuestView(name, "n1", "dovs-" + name, "tap" + name, cidr, "fa:16:3e:00:00:0" + name.length(),
                "port-" + name, null, null, 1500, "i");
    }

    @Test
    void the_neighbour_need_counts_both_ends_of_on_link_pairs() {
        GuestView a = guest("a", "10.1.0.1/24");
        GuestView b = guest("bb", "10.1.0.2/24");
        List<Reachability.Pair> pairs = List.of(new Reachability.Pair(a, b, true), new Reachability.Pair(b, a, true));
        assertEquals(2, NeighbourTable.entriesNeeded(null, pairs), "a learns b, b learns a: two entries");
    }

    @Test
    void the_arp_rate_scales_down_with_the_largest_segment() {
        dev.dovs.events.projection.LabProjection p = new dev.dovs.events.projection.LabProjection(
                dev.dovs.events.model.LabNaming.defaultLab());
        long index = 1;
        p.apply(new dev.dovs.events.EventEnvelope(index++, java.time.Instant.EPOCH, "default", "n", null, "t",
                new dev.dovs.events.Intent.AddNode("n1", "img")));
        p.apply(new dev.dovs.events.EventEnvelope(index++, java.time.Instant.EPOCH, "default", "n", null, "t",
                new dev.dovs.events.Outcome.NodeAdded("n1", "n1", "cid", "172.18.0.2", "172.19.0.2")));
        assertEquals(1500, ReachabilityProbe.arpRate(p, 1500), "no guest: the rate as given");
        for (int i = 1; i <= 250; i++) {
            String id = "g" + i;
            String port = java.util.UUID.nameUUIDFromBytes(id.getBytes()).toString();
            p.apply(new dev.dovs.events.EventEnvelope(index++, java.time.Instant.EPOCH, "default", id, null, "t",
                    new dev.dovs.events.Intent.AddGuest(id, "n1", "10.0." + (i / 200) + "." + (i % 200 + 1) + "/16",
                            "fa:16:3e:00:" + String.format("%02x:%02x", i / 256, i % 256), port, "A", null, 1450)));
            p.apply(new dev.dovs.events.EventEnvelope(index++, java.time.Instant.EPOCH, "default", id, null, "t",
                    new dev.dovs.events.Outcome.GuestAdded(id, "n1", "dovs-" + id, "tap" + port.substring(0, 11))));
            if (i == 50) {
                assertEquals(1500, ReachabilityProbe.arpRate(p, 1500), "50 ports: the reference");
            }
        }
        assertEquals(300, ReachabilityProbe.arpRate(p, 1500), "250 ports: a fifth");
    }
}
