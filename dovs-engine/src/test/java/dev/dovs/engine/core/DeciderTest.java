package dev.dovs.engine.core;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.dovs.events.Action;
import dev.dovs.events.EventEnvelope;
import dev.dovs.events.Intent;
import dev.dovs.events.Outcome;
import dev.dovs.events.Outcome.Failure;
import dev.dovs.events.model.LabNaming;
import dev.dovs.events.projection.LabProjection;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DeciderTest {
    private static final String PORT1 = "3d2c1b0a-9f8e-4d7c-8b6a-5f4e3d2c1b0a";
    private static final String PORT2 = "7e6d5c4b-3a29-4180-8f7e-6d5c4b3a2918";
    private static final String PORT3 = "0a1b2c3d-4e5f-4a6b-8c7d-8e9f0a1b2c3d";
    private static final String MAC1 = "fa:16:3e:00:00:01";
    private static final String MAC2 = "fa:16:3e:00:00:02";
    private static final String MAC3 = "fa:16:3e:00:00:03";

    /** A projection built from the outcomes of successful intents, like the engine sees it. */
    private static final class State {
        final LabProjection p;
        long index = 1;
        int intent;

        State(LabNaming naming) {
            p = new LabProjection(naming);
        }

        State node(String node) {
            String id = "i" + intent++;
            apply(id, new Intent.AddNode(node, "img"));
            apply(id, new Outcome.NodeAdded(node, p.naming().container(node), "cid", "172.18.0.2", "172.19.0.2"));
            return this;
        }

        State guest(Intent.AddGuest g) {
            String id = "i" + intent++;
            apply(id, g);
            apply(id, new Outcome.GuestAdded(g.guest(), g.node(), p.naming().netns(g.guest()), LabNaming.tap(g.portId())));
            return this;
        }

        private void apply(String id, dev.dovs.events.Event e) {
            p.apply(new EventEnvelope(index++, Instant.EPOCH, p.naming().lab(), id, null, "t", e));
        }
    }

    private static Intent.AddGuest guest(String name, String node, String cidr, String mac, String port) {
        return new Intent.AddGuest(name, node, cidr, mac, port, null, null, 1500);
    }

    private static String rejection(Decision d) {
        Decision.Rejected r = assertInstanceOf(Decision.Rejected.class, d, "expected a rejection");
        Outcome.Failed f = assertInstanceOf(Outcome.Failed.class, r.outcome());
        assertEquals(Failure.Kind.REJECTED, f.failure().kind());
        assertTrue(f.failure().rolledBack(), "a rejection left nothing behind");
        assertTrue(!f.failure().message().contains("\n"), "one line");
        return f.failure().message();
    }

    private static Plan planned(Decision d) {
        return assertInstanceOf(Decision.Planned.class, d, () -> "expected a plan, got " + d).plan();
    }

    // ---- add-node ------------------------------------------------------------------------------------------

    @Test
    void add_node_plans_networks_then_container_then_bridge() {
        Plan plan = planned(Decider.decide(new State(LabNaming.defaultLab()).p, new Intent.AddNode("n1", "img:1")));

        assertEquals(List.of(
                List.of(new Action.EnsureNetwork("dovs-mgmt", "default"), new Action.EnsureNetwork("dovs-int", "default")),
                List.of(new Action.CreateContainer("n1", "n1", "img:1", List.of("dovs-mgmt", "dovs-int"), "default")),
                List.of(new Action.CreateBridge("n1", "br-int", "default"))), plan.stages());
    }

    @Test
    void add_node_in_another_lab_uses_that_labs_names() {
        Plan plan = planned(Decider.decide(new State(new LabNaming("ab")).p, new Intent.AddNode("n1", "img")));

        assertEquals(List.of(
                List.of(new Action.EnsureNetwork("dovsab-mgmt", "ab"), new Action.EnsureNetwork("dovsab-int", "ab")),
                List.of(new Action.CreateContainer("ab.n1", "n1", "img", List.of("dovsab-mgmt", "dovsab-int"), "ab")),
                List.of(new Action.CreateBridge("ab.n1", "br-int", "ab"))), plan.stages());
    }

    @Test
    void add_node_plan_builds_its_outcomes_from_the_reported_facts() {
        Plan plan = planned(Decider.decide(new State(LabNaming.defaultLab()).p, new Intent.AddNode("n1", "img")));

        assertEquals(new Outcome.NodeAdded("n1", "n1", "c0ffee", "172.18.0.5", "172.19.0.5"), plan.success().apply(
                Map.of("containerId", "c0ffee", "mgmtIp", "172.18.0.5", "intIp", "172.19.0.5", "created", "true")));
        Failure f = new Failure(Failure.Kind.FAILED, "boom", true);
        assertEquals(new Outcome.NodeAddFailed("n1", f), plan.failure().apply(f));
    }

    @Test
    void add_node_is_rejected_when_the_node_exists() {
        State s = new State(LabNaming.defaultLab()).node("n1");

        Decision d = Decider.decide(s.p, new Intent.AddNode("n1", "img"));

        assertEquals("node n1 already exists", rejection(d));
        assertInstanceOf(Outcome.NodeAddFailed.class, ((Decision.Rejected) d).outcome());
        // another name is fine
        planned(Decider.decide(s.p, new Intent.AddNode("n2", "img")));
    }

    // ---- add-guest -----------------------------------------------------------------------------------------

    @Test
    void add_guest_is_rejected_on_an_unknown_node() {
        State s = new State(LabNaming.defaultLab()).node("n1");
        Decision d = Decider.decide(s.p, guest("g1", "n2", "10.0.0.1/24", MAC1, PORT1));
        assertEquals("node n2 does not exist", rejection(d));
        assertEquals("g1", ((Outcome.GuestAddFailed) ((Decision.Rejected) d).outcome()).guest());
    }

    @Test
    void add_guest_is_rejected_when_the_guest_exists() {
        State s = new State(LabNaming.defaultLab()).node("n1").node("n2")
                .guest(guest("g1", "n1", "10.0.0.1/24", MAC1, PORT1));
        // even on another node, with another address, MAC and port
        assertEquals("guest g1 already exists",
                rejection(Decider.decide(s.p, guest("g1", "n2", "10.0.0.2/24", MAC2, PORT2))));
    }

    @Test
    void add_guest_is_rejected_when_the_address_is_used_on_the_same_node() {
        State s = new State(LabNaming.defaultLab()).node("n1")
                .guest(guest("g1", "n1", "10.0.0.1/24", MAC1, PORT1));
        // the prefix length does not make it another address
        String msg = rejection(Decider.decide(s.p, guest("g2", "n1", "10.0.0.1/16", MAC2, PORT2)));
        assertTrue(msg.contains("10.0.0.1") && msg.contains("g1") && msg.contains("n1"), msg);
    }

    @Test
    void add_guest_allows_the_same_address_on_another_node() {
        State s = new State(LabNaming.defaultLab()).node("n1").node("n2")
                .guest(guest("g1", "n1", "10.0.0.1/24", MAC1, PORT1));
        planned(Decider.decide(s.p, guest("g2", "n2", "10.0.0.1/24", MAC2, PORT2)));
    }

    @Test
    void add_guest_allows_the_same_address_on_the_same_node_in_another_net() {
        State s = new State(LabNaming.defaultLab()).node("n1")
                .guest(new Intent.AddGuest("g1", "n1", "10.0.0.1/24", MAC1, PORT1, "red", null, 1500));
        planned(Decider.decide(s.p, new Intent.AddGuest("g2", "n1", "10.0.0.1/24", MAC2, PORT2, "blue", null, 1500)));
        rejection(Decider.decide(s.p, new Intent.AddGuest("g3", "n1", "10.0.0.1/24", MAC3, PORT3, "red", null, 1500)));
    }

    @Test
    void add_guest_is_rejected_when_the_mac_is_used_anywhere_in_the_lab() {
        State s = new State(LabNaming.defaultLab()).node("n1").node("n2")
                .guest(guest("g1", "n1", "10.0.0.1/24", MAC1, PORT1));
        String msg = rejection(Decider.decide(s.p, guest("g2", "n2", "10.0.0.2/24", MAC1, PORT2)));
        assertTrue(msg.startsWith("MAC " + MAC1) && msg.contains("g1"), msg);
    }

    @Test
    void add_guest_is_rejected_when_the_port_is_used_anywhere_in_the_lab() {
        State s = new State(LabNaming.defaultLab()).node("n1").node("n2")
                .guest(guest("g1", "n1", "10.0.0.1/24", MAC1, PORT1));
        String msg = rejection(Decider.decide(s.p, guest("g2", "n2", "10.0.0.2/24", MAC2, PORT1)));
        assertTrue(msg.startsWith("port " + PORT1) && msg.contains("g1"), msg);
    }

    @Test
    void add_guest_with_an_invalid_address_is_refused_with_an_exception() {
        // The CLI validates first; an engine fed a bad log entry must not plan it (the orchestrator rejects it).
        State s = new State(LabNaming.defaultLab()).node("n1");
        assertThrows(IllegalArgumentException.class,
                () -> Decider.decide(s.p, guest("g1", "n1", "10.0.0.0/24", MAC1, PORT1)));
    }

    @Test
    void add_guest_plans_namespace_then_veth_then_address_and_port() {
        State s = new State(LabNaming.defaultLab()).node("n1");

        Plan plan = planned(Decider.decide(s.p, new Intent.AddGuest("g1", "n1", "10.0.0.1/24", MAC1, PORT1, null,
                null, 1450)));

        List<List<Action>> st = plan.stages();
        assertEquals(3, st.size());
        assertEquals(List.of(new Action.CreateNamespace("dovs-g1")), st.get(0));
        assertEquals(List.of(new Action.CreateVeth("dovs-g1", "eth0", "tap3d2c1b0a-9f", "n1", MAC1, 1450)), st.get(1));
        assertEquals(2, st.get(2).size());
        assertEquals(new Action.ConfigureGuest("dovs-g1", "eth0", "10.0.0.1/24", null), st.get(2).get(0));
        Action.PlugPort plug = assertInstanceOf(Action.PlugPort.class, st.get(2).get(1));
        assertEquals("n1", plug.container());
        assertEquals("br-int", plug.bridge());
        assertEquals("tap3d2c1b0a-9f", plug.port());
        assertEquals(PORT1, plug.ifaceId());
        assertEquals(MAC1, plug.mac());
        assertEquals("g1", plug.guest());
        assertEquals("default", plug.lab());

        assertEquals(new Outcome.GuestAdded("g1", "n1", "dovs-g1", "tap3d2c1b0a-9f"), plan.success().apply(Map.of()));
        Failure f = new Failure(Failure.Kind.FAILED, "x", false);
        assertEquals(new Outcome.GuestAddFailed("g1", f), plan.failure().apply(f));
    }

    @Test
    void add_guest_port_info_is_json_naming_guest_namespace_address_net_and_router() throws Exception {
        State s = new State(LabNaming.defaultLab()).node("n1");
        Plan plan = planned(Decider.decide(s.p, guest("g1", "n1", "10.0.0.1/24", MAC1, PORT1)));
        Action.PlugPort plug = (Action.PlugPort) plan.stages().get(2).get(1);

        JsonNode info = new ObjectMapper().readTree(plug.info());
        assertEquals("g1", info.path("name").asText());
        assertEquals("dovs-g1", info.path("ns").asText());
        assertEquals("10.0.0.1/24", info.path("ip").asText());
        assertEquals("", info.path("net").asText());
        assertEquals("", info.path("router").asText());
    }

    @Test
    void add_guest_in_another_lab_uses_that_labs_container_and_namespace() {
        State s = new State(new LabNaming("x1")).node("n1");
        Plan plan = planned(Decider.decide(s.p, guest("g1", "n1", "10.0.0.1/24", MAC1, PORT1)));
        assertEquals(new Action.CreateNamespace("dovsx1-g1"), plan.stages().get(0).get(0));
        Action.CreateVeth veth = (Action.CreateVeth) plan.stages().get(1).get(0);
        assertEquals("x1.n1", veth.container());
        assertEquals("dovsx1-g1", veth.netns());
        assertEquals("x1", ((Action.PlugPort) plan.stages().get(2).get(1)).lab());
    }

    @Test
    void add_guest_with_a_router_gets_the_second_to_last_address_as_gateway() {
        State s = new State(LabNaming.defaultLab()).node("n1");
        Plan plan = planned(Decider.decide(s.p, new Intent.AddGuest("g1", "n1", "192.168.7.9/25", MAC1, PORT1, "net",
                "r1", 1500)));
        Action.ConfigureGuest cfg = plan.stages().stream().flatMap(List::stream)
                .filter(a -> a instanceof Action.ConfigureGuest c && c.netns().equals("dovs-g1"))
                .map(Action.ConfigureGuest.class::cast).findFirst().orElseThrow();
        assertEquals("192.168.7.126", cfg.gateway());
        // And the router got an interface with that address, in its own namespace
        Action.ConfigureGuest routerPort = plan.stages().stream().flatMap(List::stream)
                .filter(a -> a instanceof Action.ConfigureGuest c && c.netns().equals("dovs-qr.r1"))
                .map(Action.ConfigureGuest.class::cast).findFirst().orElseThrow();
        assertEquals("192.168.7.126/25", routerPort.cidr());

        Plan noRouter = planned(Decider.decide(s.p, guest("g2", "n1", "192.168.7.10/25", MAC2, PORT2)));
        assertNull(((Action.ConfigureGuest) noRouter.stages().get(2).get(0)).gateway());
    }

    // ---- other intents -------------------------------------------------------------------------------------

    @Test
    void clean_is_not_planned_by_the_decider() {
        assertThrows(IllegalArgumentException.class,
                () -> Decider.decide(new State(LabNaming.defaultLab()).p, new Intent.Clean()));
    }

    @Test
    void failure_of_gives_the_failed_twin_of_each_intent() {
        Failure f = new Failure(Failure.Kind.INTERRUPTED, "x", true);
        assertEquals(new Outcome.NodeAddFailed("n1", f), Decider.failureOf(new Intent.AddNode("n1", "i"), f));
        assertEquals(new Outcome.GuestAddFailed("g1", f),
                Decider.failureOf(guest("g1", "n1", "10.0.0.1/24", MAC1, PORT1), f));
        assertEquals(new Outcome.LabCleanFailed(f), Decider.failureOf(new Intent.Clean(), f));
    }
}
