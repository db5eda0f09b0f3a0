package dev.dovs.engine.graph;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.dovs.events.Event;
import dev.dovs.events.EventEnvelope;
import dev.dovs.events.Intent;
import dev.dovs.events.Outcome;
import dev.dovs.events.model.Impairment;
import dev.dovs.events.model.LabNaming;
import dev.dovs.events.projection.LabProjection;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LabGraphTest {
    private final List<EventEnvelope> log = new ArrayList<>();
    private long next = 1;

    private void add(Intent intent, Outcome outcome) {
        String id = "i" + next;
        for (Event e : List.of(intent, outcome)) {
            log.add(new EventEnvelope(next++, Instant.ofEpochSecond(1_700_000_000L + next), "demo", id, null, "t", e));
        }
    }

    /** Three nodes, nets a and b on router r1 (on n1), a guest per net and node plus one without a net. */
    private LabProjection lab() {
        for (String n : List.of("n1", "n2", "n3")) {
            add(new Intent.AddNode(n, "dovs/node:latest"), new Outcome.NodeAdded(n, "demo." + n, "c", "m", "i"));
        }
        int k = 0;
        for (String n : List.of("n1", "n2", "n3")) {
            for (String net : List.of("a", "b")) {
                k++;
                String port = String.format("11111111-2222-4333-8444-%012d", k);
                String cidr = (net.equals("a") ? "10.0.0." : "10.0.1.") + k + "/24";
                add(new Intent.AddGuest("g" + k, n, cidr, String.format("fa:16:3e:00:00:%02x", k), port, net, "r1",
                        1450), new Outcome.GuestAdded("g" + k, n, "x", "y"));
            }
        }
        add(new Intent.AddGuest("solo", "n2", "192.168.0.1/24", "fa:16:3e:00:01:00",
                "11111111-2222-4333-8444-999999999999", null, null, 1500), new Outcome.GuestAdded("solo", "n2", "x",
                "y"));
        add(new Intent.Netem("g1", new Impairment(50, 0, 0, null)),
                new Outcome.NetemSet("g1", new Impairment(50, 0, 0, null)));
        return LabProjection.fold(new LabNaming("demo"), log);
    }

    private static int count(String text, String regex) {
        Matcher m = Pattern.compile(regex, Pattern.MULTILINE).matcher(text);
        int n = 0;
        while (m.find()) {
            n++;
        }
        return n;
    }

    @Test
    void dot_has_a_cluster_per_node_each_guest_in_its_node_and_a_tunnel_per_pair_of_nodes() {
        String dot = LabGraph.of(lab()).dot();

        assertTrue(dot.startsWith("graph \"dovs-demo\" {\n"), dot);
        assertEquals(count(dot, "\\{"), count(dot, "\\}"), "balanced braces");
        assertEquals(3, count(dot, "^  subgraph cluster_node\\d \\{$"), dot);
        assertEquals(3, count(dot, "style=dashed"), "3 nodes: 3 pairs of tunnels");
        assertTrue(dot.contains("  node0 -- node1 [label=\"vxlan 1001,1002\", style=dashed];"), dot);
        assertEquals(7, count(dot, "^    guest\\d \\["), "7 guests, each inside its node's cluster");
        int n2 = dot.indexOf("subgraph cluster_node1");
        int n3 = dot.indexOf("subgraph cluster_node2");
        String inN2 = dot.substring(n2, n3);
        assertTrue(inN2.contains("solo\\n192.168.0.1/24"), inN2);
        assertTrue(dot.contains("g1\\n10.0.0.1/24\\nnetem: delay 50ms"), dot);
        assertTrue(dot.contains("router0 -- net1 [label=\"10.0.1.254/24\", style=dotted]"), dot);
        assertTrue(dot.contains("guest6 -- node1;"), "a guest without a net hangs on its node's br-int");
    }

    @Test
    void mermaid_is_a_flowchart_with_a_subgraph_per_node() {
        String mm = LabGraph.of(lab()).mermaid();

        assertTrue(mm.startsWith("flowchart LR\n"), mm);
        assertEquals(3, count(mm, "^  subgraph node\\d_host"), mm);
        assertEquals(count(mm, "^  subgraph "), count(mm, "^  end$"));
        assertEquals(3, count(mm, "-\\.-\\|\"vxlan 1001,1002\"\\|"), mm);
        assertTrue(mm.contains("    guest0(\"g1<br/>10.0.0.1/24<br/>netem: delay 50ms\")"), mm);
    }

    @Test
    void json_lists_every_object_and_the_tunnels() throws Exception {
        JsonNode j = new ObjectMapper().readTree(LabGraph.of(lab()).json());

        assertEquals("demo", j.get("lab").asText());
        assertEquals("none", j.get("controller").asText());
        assertEquals(3, j.get("nodes").size());
        assertEquals(2, j.get("nets").size());
        assertEquals(1, j.get("routers").size());
        assertEquals(2, j.get("routers").get(0).get("ports").size());
        assertEquals(7, j.get("guests").size());
        assertEquals(3, j.get("tunnels").size());
        assertEquals("delay 50ms", j.get("guests").get(0).get("netem").asText());
        assertTrue(j.get("guests").get(6).get("net").isNull());
    }

    @Test
    void an_empty_lab_is_a_valid_empty_graph() {
        LabProjection empty = new LabProjection(new LabNaming("demo"));
        assertEquals("graph \"dovs-demo\" {\n  label=\"lab demo (controller: none)\";\n  labelloc=t;\n"
                + "  node [fontname=\"Helvetica\", fontsize=10];\n  edge [fontname=\"Helvetica\", fontsize=9];\n}\n",
                LabGraph.of(empty).dot());
        assertTrue(LabGraph.of(empty).links().isEmpty());
    }
}
