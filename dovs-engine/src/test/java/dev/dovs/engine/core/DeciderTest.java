package dev.dovs.engine.core;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.dovs.events.Action;
import dev.dovs.events.EventEnvelope;
import dev.dovs.events.Intent;
import dev.dovs.events.Outcome;
import dev.dovs.events.StepResult;
import dev.dovs.events.Outcome.Failure;
import dev.dovs.events.StepEvent;
import dev.dovs.events.model.LabNaming;
import dev.dovs.events.model.Topology;
import dev.dovs.events.projection.LabProjection;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Predicate;

import static dev.dovs.engine.core.Decisions.planned;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
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

        /** A successful spawn: its nodes, guests, nets and routers exist afterwards. */
        State spawn(Intent.Spawn spawn) {
            String id = "i" + intent++;
            apply(id, spawn);
            apply(id, new Outcome.LabSpawned(spawn.nodes().size(), spawn.guests().size()));
            return this;
        }

        /** A SetupUnderlay step on the node's container succeeded (br-phy is in place). */
        State underlayReady(String node) {
            String id = "i" + intent++;
            String step = "underlay-" + node;
            apply(id, new StepEvent.StepStarted(step, new Action.SetupUnderlay(p.naming().container(node),
                    p.naming().intNetwork(), p.naming().lab()), null));
            apply(id, new StepEvent.StepSucceeded(step, Map.of()));
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

    // ---- add-node ------------------------------------------------------------------------------------------

    @Test
    void add_node_plans_networks_then_container_then_bridge() {
        Plan plan = planned(Decider.decide(new State(LabNaming.defaultLab()).p, new Intent.AddNode("n1", "img:1")));

        assertEquals(List.of(
                List.of(new Action.EnsureNetwork("dovs-mgmt", "default"), new Action.EnsureNetwork("dovs-int", "default")),
                List.of(new Action.CreateContainer("n1", "n1", "img:1", List.of("dovs-mgmt", "dovs-int"), "default")),
                List.of(new Action.CreateBridge("n1", "br-int", "default"))), plan.actions());
    }

    @Test
    void add_node_in_another_lab_uses_that_labs_names() {
        Plan plan = planned(Decider.decide(new State(new LabNaming("ab")).p, new Intent.AddNode("n1", "img")));

        assertEquals(List.of(
                List.of(new Action.EnsureNetwork("dovsab-mgmt", "ab"), new Action.EnsureNetwork("dovsab-int", "ab")),
                List.of(new Action.CreateContainer("ab.n1", "n1", "img", List.of("dovsab-mgmt", "dovsab-int"), "ab")),
                List.of(new Action.CreateBridge("ab.n1", "br-int", "ab"))), plan.actions());
    }

    @Test
    void add_node_plan_builds_its_outcomes_from_the_reported_facts() {
        Plan plan = planned(Decider.decide(new State(LabNaming.defaultLab()).p, new Intent.AddNode("n1", "img")));

        assertEquals(new Outcome.NodeAdded("n1", "n1", "c0ffee", "172.18.0.5", "172.19.0.5"), PlanOutcomes.success(plan, 
                StepResults.of(new StepResult.Created(true),
                        new StepResult.ContainerCreated("c0ffee", 42, "172.18.0.5", "172.19.0.5"))));
        Failure f = new Failure(Failure.Kind.FAILED, "boom", true);
        assertEquals(new Outcome.NodeAddFailed("n1", f), plan.outcome().failed(f));
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
    void add_guest_with_an_invalid_address_is_refused() {
        // The CLI validates first; an engine (or a dry run) fed a bad log entry must not plan it: the decider's
        // one rule turns the parse error into a refusal, for both
        State s = new State(LabNaming.defaultLab()).node("n1");
        assertTrue(rejection(Decider.decide(s.p, guest("g1", "n1", "10.0.0.0/24", MAC1, PORT1))).contains("10.0.0.0"));
    }

    @Test
    void add_guest_plans_its_namespace_veth_and_address_in_one_step_then_its_port() {
        State s = new State(LabNaming.defaultLab()).node("n1");

        Plan plan = planned(Decider.decide(s.p, new Intent.AddGuest("g1", "n1", "10.0.0.1/24", MAC1, PORT1, null,
                null, 1450)));

        List<List<Action>> st = plan.actions();
        assertEquals(2, st.size());
        assertEquals(List.of(new Action.CreateGuests("n1", List.of(new Action.GuestLink("dovs-g1", "eth0",
                "tap3d2c1b0a-9f", MAC1, 1450, "10.0.0.1/24", null)))), st.get(0));
        assertEquals(1, st.get(1).size());
        Action.PlugPort plug = assertInstanceOf(Action.PlugPort.class, st.get(1).get(0));
        assertEquals("n1", plug.container());
        assertEquals("br-int", plug.bridge());
        assertEquals("tap3d2c1b0a-9f", plug.port());
        assertEquals(PORT1, plug.ifaceId());
        assertEquals(MAC1, plug.mac());
        assertEquals("g1", plug.guest());
        assertEquals("default", plug.lab());

        assertEquals(new Outcome.GuestAdded("g1", "n1", "dovs-g1", "tap3d2c1b0a-9f"), PlanOutcomes.success(plan, StepResults.of()));
        Failure f = new Failure(Failure.Kind.FAILED, "x", false);
        assertEquals(new Outcome.GuestAddFailed("g1", f), plan.outcome().failed(f));
    }

    @Test
    void add_guest_port_info_is_json_naming_guest_namespace_address_net_and_router() throws Exception {
        State s = new State(LabNaming.defaultLab()).node("n1");
        Plan plan = planned(Decider.decide(s.p, guest("g1", "n1", "10.0.0.1/24", MAC1, PORT1)));
        Action.PlugPort plug = (Action.PlugPort) plan.actions().get(1).get(0);

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
        Action.CreateGuests guests = (Action.CreateGuests) plan.actions().get(0).get(0);
        assertEquals("x1.n1", guests.container());
        assertEquals("dovsx1-g1", guests.guests().get(0).netns());
        assertEquals("x1", ((Action.PlugPort) plan.actions().get(1).get(0)).lab());
    }

    @Test
    void add_guest_with_a_router_gets_the_second_to_last_address_as_gateway() {
        State s = new State(LabNaming.defaultLab()).node("n1");
        Plan plan = planned(Decider.decide(s.p, new Intent.AddGuest("g1", "n1", "192.168.7.9/25", MAC1, PORT1, "net",
                "r1", 1500)));
        assertEquals("192.168.7.126", guestConfig(plan, "g1").gateway());
        // And the router got an interface with that address, in its own namespace
        Action.ConfigureGuest routerPort = plan.actions().stream().flatMap(List::stream)
                .filter(a -> a instanceof Action.ConfigureGuest c && c.netns().equals("dovs-qr.r1"))
                .map(Action.ConfigureGuest.class::cast).findFirst().orElseThrow();
        assertEquals("192.168.7.126/25", routerPort.cidr());

        Plan noRouter = planned(Decider.decide(s.p, guest("g2", "n1", "192.168.7.10/25", MAC2, PORT2)));
        assertNull(guestConfig(noRouter, "g2").gateway());
    }

    // ---- other intents -------------------------------------------------------------------------------------

    @Test
    void clean_is_planned_by_the_decider_like_every_other_intent() {
        Plan plan = planned(Decider.decide(new State(LabNaming.defaultLab()).node("n1").p, new Intent.Clean()));
        assertEquals(new Outcome.LabCleaned(0, 0), plan.outcome());
        assertTrue(plan.bestEffort(), "clean goes on whatever fails: " + plan);
    }

    @Test
    void failure_of_gives_the_failed_twin_of_each_intent() {
        Failure f = new Failure(Failure.Kind.INTERRUPTED, "x", true);
        assertEquals(new Outcome.NodeAddFailed("n1", f), new Intent.AddNode("n1", "i").failed(f));
        assertEquals(new Outcome.GuestAddFailed("g1", f),
                guest("g1", "n1", "10.0.0.1/24", MAC1, PORT1).failed(f));
        assertEquals(new Outcome.LabCleanFailed(f), new Intent.Clean().failed(f));
    }

    // ---- overlay: helpers ----------------------------------------------------------------------------------

    /** A guest in net {@code net} (null: none), its port uuid and MAC derived from its name, so unique per guest. */
    private static Intent.AddGuest ng(String name, String node, String cidr, String net, String router) {
        return ng(name, node, cidr, net, router, 1450);
    }

    private static Intent.AddGuest ng(String name, String node, String cidr, String net, String router, int mtu) {
        String port = UUID.nameUUIDFromBytes(("port:" + name).getBytes(StandardCharsets.UTF_8)).toString();
        String h = UUID.nameUUIDFromBytes(("mac:" + name).getBytes(StandardCharsets.UTF_8)).toString();
        String mac = "fa:16:3e:" + h.substring(0, 2) + ":" + h.substring(2, 4) + ":" + h.substring(4, 6);
        return new Intent.AddGuest(name, node, cidr, mac, port, net, router, mtu);
    }

    private static State lab(String... nodes) {
        State s = new State(LabNaming.defaultLab());
        for (String n : nodes) {
            s.node(n);
        }
        return s;
    }

    private static <T extends Action> List<T> all(Plan plan, Class<T> type) {
        return plan.actions().stream().flatMap(List::stream).filter(type::isInstance).map(type::cast).toList();
    }

    private static <T extends Action> List<T> all(Plan plan, Class<T> type, Predicate<T> filter) {
        return all(plan, type).stream().filter(filter).toList();
    }

    private static <T extends Action> T one(Plan plan, Class<T> type, Predicate<T> filter) {
        List<T> found = all(plan, type, filter);
        assertEquals(1, found.size(), () -> "expected exactly one " + type.getSimpleName() + ", got " + found);
        return found.get(0);
    }

    /** The index of the stage holding {@code a}; fails when it is not in the plan. */
    private static int stageOf(Plan plan, Action a) {
        for (int i = 0; i < plan.actions().size(); i++) {
            if (plan.actions().get(i).contains(a)) {
                return i;
            }
        }
        throw new AssertionError(a + " is not in the plan " + plan.actions());
    }

    private static Action.Tunnel tunnel(int k, String remoteContainer) {
        return new Action.Tunnel(Topology.tunnelPort(1000 + k, remoteContainer), remoteContainer, 1000 + k, 100 + k);
    }

    /** container -> its tunnels (as a set: order inside one OVS transaction does not matter). */
    private static Map<String, Set<Action.Tunnel>> tunnelsByContainer(Plan plan) {
        Map<String, Set<Action.Tunnel>> out = new java.util.TreeMap<>();
        for (Action.AddTunnels t : all(plan, Action.AddTunnels.class)) {
            assertTrue(out.put(t.container(), new HashSet<>(t.tunnels())) == null,
                    "one AddTunnels per node, got two for " + t.container());
            assertEquals(t.tunnels().size(), new HashSet<>(t.tunnels()).size(), "no duplicate tunnel");
        }
        return out;
    }

    /** The guest's plug, alone or inside a per-node batch (spawn plugs a node's guests in one transaction). */
    private static Action.PlugPort guestPlug(Plan plan, Intent.AddGuest g) {
        List<Action.PlugPort> found = plan.actions().stream().flatMap(List::stream)
                .flatMap(a -> a instanceof Action.PlugPorts b ? b.ports().stream()
                        : a instanceof Action.PlugPort p ? java.util.stream.Stream.of(p)
                        : java.util.stream.Stream.<Action.PlugPort>empty())
                .filter(p -> p.ifaceId().equals(g.portId())).toList();
        assertEquals(1, found.size(), "expected exactly one plug for " + g.guest() + ", got " + found);
        return found.get(0);
    }

    @Test
    void a_spawn_plugs_each_nodes_guests_in_one_batch() {
        State s = lab();
        Intent.Spawn spawn = new Intent.Spawn(List.of(new Intent.AddNode("n1", "img"), new Intent.AddNode("n2", "img")),
                List.of(ng("g1", "n1", "10.0.1.1/24", "A", null), ng("g2", "n1", "10.0.1.2/24", "A", null),
                        ng("g3", "n2", "10.0.1.3/24", "A", null)));
        Plan plan = planned(Decider.decide(s.p, spawn));
        List<Action.PlugPorts> batches = plan.actions().stream().flatMap(List::stream)
                .filter(a -> a instanceof Action.PlugPorts).map(Action.PlugPorts.class::cast).toList();
        assertEquals(1, batches.size(), "n1 has two guests: one batch");
        assertEquals(2, batches.get(0).ports().size());
        assertEquals(List.of("tap" + spawn.guests().get(0).portId().substring(0, 11), "tap"
                + spawn.guests().get(1).portId().substring(0, 11)), ((Action.RemovePorts) batches.get(0).undo()).ports());
        // n2's single guest keeps a plain plug
        assertEquals("n2", guestPlug(plan, spawn.guests().get(2)).container());
    }

    @Test
    void a_spawn_makes_each_nodes_guests_in_one_step_while_ovs_sets_the_node_up() {
        State s = lab();
        Intent.Spawn spawn = new Intent.Spawn(List.of(new Intent.AddNode("n1", "img"), new Intent.AddNode("n2", "img")),
                List.of(ng("g1", "n1", "10.0.1.1/24", "A", "R"), ng("g2", "n1", "10.0.1.2/24", "A", null),
                        ng("g3", "n2", "10.0.1.3/24", "A", null)));
        Plan plan = planned(Decider.decide(s.p, spawn));
        List<Action.CreateGuests> batches = all(plan, Action.CreateGuests.class);
        assertEquals(List.of("n1", "n2"), batches.stream().map(Action.CreateGuests::container).toList());
        assertEquals(List.of(), all(plan, Action.CreateNamespace.class).stream()
                .filter(c -> c.netns().startsWith("dovs-g")).toList(), "no per-guest namespace step");
        assertEquals(List.of(), all(plan, Action.CreateVeth.class).stream()
                .filter(c -> c.netns().startsWith("dovs-g")).toList(), "no per-guest veth step");
        assertEquals(List.of(), all(plan, Action.ConfigureGuest.class).stream()
                .filter(c -> c.netns().startsWith("dovs-g")).toList(), "no per-guest configure step");
        Intent.AddGuest g1 = spawn.guests().get(0);
        assertEquals(new Action.GuestLink("dovs-g1", "eth0", LabNaming.tap(g1.portId()), g1.mac(), g1.mtu(),
                "10.0.1.1/24", "10.0.1.254"), batches.get(0).guests().get(0), "g1's net has router R: its gateway");
        assertEquals(new Action.DeleteNamespaces(List.of("dovs-g1", "dovs-g2")), batches.get(0).undo());
        int bridges = stageOf(plan, one(plan, Action.CreateBridge.class, x -> x.container().equals("n1")));
        for (Action.SetupUnderlay u : all(plan, Action.SetupUnderlay.class)) {
            assertEquals(bridges, stageOf(plan, u), "a new node's br-phy needs no br-int: made beside it");
        }
        assertEquals(bridges, stageOf(plan, new Action.CreateNamespace("dovs-qr.R")), "the router's namespace too");
        for (Action.AddTunnels t : all(plan, Action.AddTunnels.class)) {
            assertEquals(bridges + 1, stageOf(plan, t), "the tunnels right after");
        }
        assertEquals(bridges + 3, plan.actions().size(), "bridges; tunnels, plugs, router interfaces; router plugs");
        for (Action.CreateGuests b : batches) {
            Action bridge = one(plan, Action.CreateBridge.class, x -> x.container().equals(b.container()));
            assertEquals(stageOf(plan, bridge), stageOf(plan, b), "made alongside its node's bridge");
            Action container = one(plan, Action.CreateContainer.class, x -> x.container().equals(b.container()));
            assertTrue(stageOf(plan, container) < stageOf(plan, b), "after its node's container");
            for (Action.PlugPort plug : spawn.guests().stream().filter(g -> b.container().equals(g.node()))
                    .map(g -> guestPlug(plan, g)).toList()) {
                int plugStage = java.util.stream.IntStream.range(0, plan.actions().size()).filter(i -> plan.actions()
                        .get(i).stream().anyMatch(a -> a.equals(plug) || a instanceof Action.PlugPorts pp
                                && pp.ports().contains(plug))).findFirst().orElseThrow();
                assertTrue(stageOf(plan, b) < plugStage, "plugged once its veth exists");
            }
        }
    }

    /** The new guest's link: new guests are made by a per-node {@link Action.CreateGuests}, one guest or many. */
    private static Action.GuestLink guestLink(Plan plan, String guest) {
        List<Action.GuestLink> found = all(plan, Action.CreateGuests.class).stream()
                .flatMap(b -> b.guests().stream()).filter(l -> l.netns().equals("dovs-" + guest)).toList();
        assertEquals(1, found.size(), "expected exactly one link of " + guest + ", got " + found);
        return found.get(0);
    }

    /**
     * The guest's configuration: inside a per-node batch for a new guest, alone for a router's interface and a
     * moved guest.
     */
    private static Action.ConfigureGuest guestConfig(Plan plan, String guest) {
        List<Action.ConfigureGuest> found = plan.actions().stream().flatMap(List::stream)
                .flatMap(a -> a instanceof Action.CreateGuests b ? b.guests().stream().map(l ->
                        new Action.ConfigureGuest(l.netns(), l.ifname(), l.cidr(), l.gateway()))
                        : a instanceof Action.ConfigureGuest c ? java.util.stream.Stream.of(c)
                        : java.util.stream.Stream.<Action.ConfigureGuest>empty())
                .filter(c -> c.netns().equals("dovs-" + guest)).toList();
        assertEquals(1, found.size(), "expected exactly one configuration of " + guest + ", got " + found);
        return found.get(0);
    }

    // ---- overlay: tunnels ----------------------------------------------------------------------------------

    @Test
    void tunnels_join_only_the_nodes_that_host_a_port_of_the_net_l2population() {
        State s = lab("n1", "n2", "n3").guest(ng("g1", "n1", "10.0.1.1/24", "A", null));

        Plan plan = planned(Decider.decide(s.p, ng("g2", "n2", "10.0.1.2/24", "A", null)));

        List<Action.SetupUnderlay> underlay = all(plan, Action.SetupUnderlay.class);
        assertEquals(Set.of(new Action.SetupUnderlay("n1", "dovs-int", "default"),
                new Action.SetupUnderlay("n2", "dovs-int", "default")), Set.copyOf(underlay), "n3 hosts nothing of A");
        assertEquals(Map.of("n1", Set.of(tunnel(1, "n2")), "n2", Set.of(tunnel(1, "n1"))), tunnelsByContainer(plan));
        for (Action.AddTunnels t : all(plan, Action.AddTunnels.class)) {
            assertEquals("dovs-int", t.network());
            assertEquals("default", t.lab());
            for (Action.SetupUnderlay u : underlay) {
                assertTrue(stageOf(plan, u) < stageOf(plan, t), "the underlay is set up before any tunnel");
            }
        }
        s.guest(ng("g2", "n2", "10.0.1.2/24", "A", null));

        Plan third = planned(Decider.decide(s.p, ng("g3", "n3", "10.0.1.3/24", "A", null)));

        assertEquals(Map.of(
                "n1", Set.of(tunnel(1, "n3")),
                "n2", Set.of(tunnel(1, "n3")),
                "n3", Set.of(tunnel(1, "n1"), tunnel(1, "n2"))), tunnelsByContainer(third), "n1-n2 exists already");
    }

    @Test
    void a_spawn_meshes_each_net_among_its_own_nodes_only() {
        State s = lab();
        Intent.Spawn spawn = spawn(List.of("n1", "n2", "n3"),
                List.of(ng("a1", "n1", "10.0.1.1/24", "A", null), ng("a2", "n2", "10.0.1.2/24", "A", null),
                        ng("b1", "n2", "10.0.2.1/24", "B", null), ng("b3", "n3", "10.0.2.3/24", "B", null)));

        Plan plan = planned(Decider.decide(s.p, spawn));

        assertEquals(Map.of(
                "n1", Set.of(tunnel(1, "n2")),
                "n2", Set.of(tunnel(1, "n1"), tunnel(2, "n3")),
                "n3", Set.of(tunnel(2, "n2"))), tunnelsByContainer(plan));
    }

    @Test
    void nodes_whose_underlay_is_ready_are_not_set_up_again() {
        State s = lab("n1", "n2", "n3").guest(ng("g1", "n1", "10.0.1.1/24", "A", null))
                .guest(ng("g3", "n3", "10.0.1.3/24", "A", null)).underlayReady("n1").underlayReady("n3");

        Plan plan = planned(Decider.decide(s.p, ng("g2", "n2", "10.0.1.2/24", "A", null)));

        assertEquals(List.of(new Action.SetupUnderlay("n2", "dovs-int", "default")),
                all(plan, Action.SetupUnderlay.class));
        assertEquals(Set.of("n1", "n2", "n3"), tunnelsByContainer(plan).keySet(), "tunnels still go everywhere");
    }

    @Test
    void a_new_net_on_a_single_node_needs_no_tunnel_nor_underlay() {
        Plan plan = planned(Decider.decide(lab("n1").p, ng("g1", "n1", "10.0.1.1/24", "A", null)));

        assertTrue(all(plan, Action.SetupUnderlay.class).isEmpty());
        assertTrue(all(plan, Action.AddTunnels.class).isEmpty());
        assertEquals(101, guestPlug(plan, ng("g1", "n1", "10.0.1.1/24", "A", null)).tag());
    }

    @Test
    void a_second_guest_on_an_existing_net_plans_no_tunnels() {
        State s = lab("n1", "n2").guest(ng("g1", "n1", "10.0.1.1/24", "A", null))
                .guest(ng("g2", "n2", "10.0.1.2/24", "A", null));

        Intent.AddGuest g3 = ng("g3", "n2", "10.0.1.3/24", "A", null);
        Plan plan = planned(Decider.decide(s.p, g3));

        assertTrue(all(plan, Action.AddTunnels.class).isEmpty(), () -> "tunnels again: " + plan.actions());
        assertEquals(101, guestPlug(plan, g3).tag(), "same net, same VLAN");
    }

    @Test
    void a_second_net_gets_the_next_vni_and_vlan_and_only_its_own_tunnels() {
        State s = lab("n1", "n2").guest(ng("g1", "n1", "10.0.1.1/24", "A", null))
                .guest(ng("g2", "n2", "10.0.1.2/24", "A", null)).guest(ng("g3", "n1", "10.0.2.3/24", "B", null))
                .underlayReady("n1").underlayReady("n2");

        Intent.AddGuest g4 = ng("g4", "n2", "10.0.2.4/24", "B", null);
        Plan plan = planned(Decider.decide(s.p, g4));

        assertEquals(Map.of("n1", Set.of(tunnel(2, "n2")), "n2", Set.of(tunnel(2, "n1"))), tunnelsByContainer(plan));
        assertTrue(all(plan, Action.SetupUnderlay.class).isEmpty());
        assertEquals(102, guestPlug(plan, g4).tag());
    }

    @Test
    void tunnels_in_another_lab_use_that_labs_containers_and_network() {
        State s = new State(new LabNaming("ab")).node("n1").node("n2").guest(ng("g0", "n1", "10.0.1.9/24", "A", null));

        Plan plan = planned(Decider.decide(s.p, ng("g1", "n2", "10.0.1.1/24", "A", null)));

        assertEquals(Set.of(new Action.SetupUnderlay("ab.n1", "dovsab-int", "ab"),
                new Action.SetupUnderlay("ab.n2", "dovsab-int", "ab")), Set.copyOf(all(plan, Action.SetupUnderlay.class)));
        assertEquals(Map.of("ab.n1", Set.of(tunnel(1, "ab.n2")), "ab.n2", Set.of(tunnel(1, "ab.n1"))),
                tunnelsByContainer(plan));
        all(plan, Action.AddTunnels.class).forEach(t -> {
            assertEquals("dovsab-int", t.network());
            assertEquals("ab", t.lab());
        });
    }

    @Test
    void a_node_added_when_nets_exist_gets_tunnels_only_with_its_first_guest_of_a_net() {
        State s = lab("n1", "n2")
                .guest(ng("g1", "n1", "10.0.1.1/24", "A", null))
                .guest(ng("g2", "n2", "10.0.2.1/24", "B", null))
                .underlayReady("n1").underlayReady("n2");

        Plan plan = planned(Decider.decide(s.p, new Intent.AddNode("n3", "img")));

        assertTrue(all(plan, Action.AddTunnels.class).isEmpty(), "n3 hosts nothing yet");
        assertTrue(all(plan, Action.SetupUnderlay.class).isEmpty());
        s.node("n3");

        Plan guest = planned(Decider.decide(s.p, ng("g3", "n3", "10.0.1.3/24", "A", null)));

        assertEquals(List.of(new Action.SetupUnderlay("n3", "dovs-int", "default")),
                all(guest, Action.SetupUnderlay.class));
        assertEquals(Map.of("n1", Set.of(tunnel(1, "n3")), "n3", Set.of(tunnel(1, "n1"))), tunnelsByContainer(guest),
                "net A only, and only with n1 (n2 hosts B)");
    }

    @Test
    void add_node_without_nets_plans_no_tunnels() {
        State s = lab("n1").guest(guest("g1", "n1", "10.0.0.1/24", MAC1, PORT1));

        Plan plan = planned(Decider.decide(s.p, new Intent.AddNode("n2", "img")));

        assertTrue(all(plan, Action.AddTunnels.class).isEmpty());
        assertTrue(all(plan, Action.SetupUnderlay.class).isEmpty());
    }

    // ---- overlay: routers, gateways, tags ------------------------------------------------------------------

    @Test
    void attaching_a_net_to_a_new_router_plans_its_namespace_forwarding_and_one_interface() {
        State s = lab("n1", "n2");
        Intent.AddGuest g1 = ng("g1", "n2", "10.0.1.1/24", "A", "r1");

        Plan plan = planned(Decider.decide(s.p, g1));

        String ns = "dovs-qr.r1";
        String portId = Topology.routerPortId("r1", "A");
        String ifname = Topology.routerIfname(portId);
        String mac = Topology.routerMac(portId);
        Action.CreateNamespace createNs = one(plan, Action.CreateNamespace.class, a -> a.netns().equals(ns));
        Action.EnableForwarding fwd = one(plan, Action.EnableForwarding.class, a -> true);
        assertEquals(ns, fwd.netns());
        Action.CreateVeth veth = one(plan, Action.CreateVeth.class, a -> a.netns().equals(ns));
        assertEquals(ifname, veth.ifname());
        assertEquals(LabNaming.tap(portId), veth.peer());
        assertEquals("n2", veth.container(), "the router lives on the node of the guest that attached it");
        assertEquals(mac, veth.mac());
        Action.ConfigureGuest cfg = one(plan, Action.ConfigureGuest.class, a -> a.netns().equals(ns));
        assertEquals(new Action.ConfigureGuest(ns, ifname, "10.0.1.254/24", null), cfg);
        Action.PlugPort plug = one(plan, Action.PlugPort.class, a -> a.ifaceId().equals(portId));
        assertEquals("n2", plug.container());
        assertEquals("br-int", plug.bridge());
        assertEquals(LabNaming.tap(portId), plug.port());
        assertEquals(mac, plug.mac());
        assertEquals(101, plug.tag(), "the router interface is an access port of the net's VLAN");

        assertTrue(stageOf(plan, createNs) < stageOf(plan, fwd));
        assertTrue(stageOf(plan, createNs) < stageOf(plan, veth));
        assertTrue(stageOf(plan, veth) < stageOf(plan, cfg));
        assertTrue(stageOf(plan, veth) < stageOf(plan, plug));

        assertEquals("10.0.1.254", guestConfig(plan, "g1").gateway());
        assertEquals(101, guestPlug(plan, g1).tag());
    }

    @Test
    void a_second_net_on_an_existing_router_adds_an_interface_on_the_routers_node_only() {
        State s = lab("n1", "n2").guest(ng("g1", "n1", "10.0.1.1/24", "A", "r1"));
        Intent.AddGuest g2 = ng("g2", "n2", "10.0.2.1/24", "B", "r1");

        Plan plan = planned(Decider.decide(s.p, g2));

        assertTrue(all(plan, Action.CreateNamespace.class, a -> a.netns().equals("dovs-qr.r1")).isEmpty(),
                "the router namespace exists already");
        assertTrue(all(plan, Action.EnableForwarding.class).isEmpty());
        String portId = Topology.routerPortId("r1", "B");
        Action.CreateVeth veth = one(plan, Action.CreateVeth.class, a -> a.netns().equals("dovs-qr.r1"));
        assertEquals(Topology.routerIfname(portId), veth.ifname());
        assertEquals("n1", veth.container(), "the router is on n1, where g1 attached it");
        assertEquals(new Action.ConfigureGuest("dovs-qr.r1", Topology.routerIfname(portId), "10.0.2.254/24", null),
                one(plan, Action.ConfigureGuest.class, a -> a.netns().equals("dovs-qr.r1")));
        Action.PlugPort plug = one(plan, Action.PlugPort.class, a -> a.ifaceId().equals(portId));
        assertEquals("n1", plug.container());
        assertEquals(102, plug.tag());
        assertEquals("10.0.2.254", guestConfig(plan, "g2").gateway());
        assertEquals("n2", guestPlug(plan, g2).container());
    }

    @Test
    void a_later_guest_without_router_on_a_routed_net_gets_the_gateway_and_no_router_actions() {
        State s = lab("n1").guest(ng("g1", "n1", "10.0.1.1/24", "A", "r1"));

        Plan plan = planned(Decider.decide(s.p, ng("g2", "n1", "10.0.1.2/24", "A", null)));

        assertEquals("10.0.1.254", guestConfig(plan, "g2").gateway());
        assertTrue(all(plan, Action.EnableForwarding.class).isEmpty());
        assertTrue(all(plan, Action.ConfigureGuest.class, c -> c.netns().equals("dovs-qr.r1")).isEmpty());
        assertTrue(all(plan, Action.CreateVeth.class, c -> c.netns().equals("dovs-qr.r1")).isEmpty());
    }

    @Test
    void a_guest_on_a_net_without_router_gets_no_gateway() {
        Plan plan = planned(Decider.decide(lab("n1").p, ng("g1", "n1", "10.0.1.1/24", "A", null)));
        assertNull(guestConfig(plan, "g1").gateway());
        assertTrue(all(plan, Action.EnableForwarding.class).isEmpty());
    }

    @Test
    void guests_on_a_net_are_tagged_with_its_vlan_and_get_the_mtu_of_the_intent() {
        State s = lab("n1").guest(ng("g1", "n1", "10.0.1.1/24", "A", null));

        Intent.AddGuest inB = ng("g2", "n1", "10.0.2.1/24", "B", null, 1400);
        Plan plan = planned(Decider.decide(s.p, inB));
        assertEquals(102, guestPlug(plan, inB).tag());
        assertEquals(1400, guestLink(plan, "g2").mtu());

        Intent.AddGuest inA = ng("g3", "n1", "10.0.1.3/24", "A", null, 1450);
        Plan planA = planned(Decider.decide(s.p, inA));
        assertEquals(101, guestPlug(planA, inA).tag());
        assertEquals(1450, guestLink(planA, "g3").mtu());
    }

    @Test
    void guests_without_a_net_are_tagged_with_the_local_vlan_1() {
        State s = lab("n1").guest(ng("g1", "n1", "10.0.1.1/24", "A", null));
        Intent.AddGuest plain = ng("g2", "n1", "10.0.1.1/24", null, null, 1500);

        Plan plan = planned(Decider.decide(s.p, plain));

        assertEquals(1, guestPlug(plan, plain).tag());
        assertEquals(1500, guestLink(plan, "g2").mtu());
        assertTrue(all(plan, Action.AddTunnels.class).isEmpty());
    }

    // ---- overlay: add-guest rejections ---------------------------------------------------------------------

    @Test
    void add_guest_is_rejected_when_the_address_is_outside_the_nets_subnet() {
        State s = lab("n1", "n2").guest(ng("g1", "n1", "10.0.1.1/24", "A", null));

        String msg = rejection(Decider.decide(s.p, ng("g2", "n2", "10.0.2.1/24", "A", null)));
        assertTrue(msg.contains("A") && msg.contains("10.0.1.0/24"), msg);
        // another net may use that subnet, and the net itself accepts its own addresses
        planned(Decider.decide(s.p, ng("g2", "n2", "10.0.2.1/24", "B", null)));
        planned(Decider.decide(s.p, ng("g2", "n2", "10.0.1.2/24", "A", null)));
    }

    @Test
    void add_guest_is_rejected_when_the_address_is_the_gateway_of_its_subnet() {
        State s = lab("n1").guest(ng("g1", "n1", "10.0.1.1/24", "A", "r1"));

        // on an existing routed net
        String msg = rejection(Decider.decide(s.p, ng("g2", "n1", "10.0.1.254/24", "A", null)));
        assertTrue(msg.contains("10.0.1.254") && msg.contains("gateway"), msg);
        // on a new net, with or without a router (a router may be attached later)
        rejection(Decider.decide(s.p, ng("g3", "n1", "10.0.5.254/24", "C", "r2")));
        rejection(Decider.decide(s.p, ng("g3", "n1", "10.0.5.254/24", "C", null)));
        rejection(Decider.decide(s.p, ng("g3", "n1", "192.168.7.126/25", "D", null)));
        // the address just below is a host
        planned(Decider.decide(s.p, ng("g2", "n1", "10.0.1.253/24", "A", null)));
        planned(Decider.decide(s.p, ng("g3", "n1", "192.168.7.125/25", "D", null)));
        // guests without a net have no gateway to protect
        planned(Decider.decide(s.p, ng("g4", "n1", "10.0.5.254/24", null, null, 1500)));
    }

    @Test
    void add_guest_is_rejected_when_the_address_is_used_in_the_same_net_even_on_another_node() {
        State s = lab("n1", "n2").guest(ng("g1", "n1", "10.0.1.1/24", "A", null));

        String msg = rejection(Decider.decide(s.p, ng("g2", "n2", "10.0.1.1/24", "A", null)));
        assertTrue(msg.contains("10.0.1.1") && msg.contains("g1") && msg.contains("A"), msg);
    }

    @Test
    void the_same_address_in_overlapping_nets_on_the_same_node_is_allowed() {
        State s = lab("n1", "n2").guest(ng("g1", "n1", "10.0.0.1/24", "A", null));

        Plan plan = planned(Decider.decide(s.p, ng("g2", "n1", "10.0.0.1/24", "B", null)));
        assertEquals(102, guestPlug(plan, ng("g2", "n1", "10.0.0.1/24", "B", null)).tag(),
                "isolated by VLAN on the shared br-int");
    }

    @Test
    void add_guest_is_rejected_when_the_net_is_attached_to_another_router() {
        State s = lab("n1").guest(ng("g1", "n1", "10.0.1.1/24", "A", "r1"));

        String msg = rejection(Decider.decide(s.p, ng("g2", "n1", "10.0.1.2/24", "A", "r2")));
        assertTrue(msg.contains("r1") && msg.contains("r2") && msg.contains("A"), msg);
        // naming the same router again, or none, is fine
        Plan same = planned(Decider.decide(s.p, ng("g2", "n1", "10.0.1.2/24", "A", "r1")));
        assertTrue(all(same, Action.CreateVeth.class, v -> v.netns().equals("dovs-qr.r1")).isEmpty(),
                "no second interface for the same net");
    }

    @Test
    void add_guest_is_rejected_when_its_new_net_overlaps_a_subnet_of_the_router() {
        State s = lab("n1").guest(ng("g1", "n1", "10.0.0.1/24", "A", "r1"));

        String msg = rejection(Decider.decide(s.p, ng("g2", "n1", "10.0.0.130/25", "B", "r1")));
        assertTrue(msg.contains("r1") && msg.contains("10.0.0.0/24"), msg);
        rejection(Decider.decide(s.p, ng("g2", "n1", "10.0.0.2/16", "B", "r1")));
        // a disjoint subnet joins the router; the overlapping one may go to another router
        planned(Decider.decide(s.p, ng("g2", "n1", "10.0.1.1/24", "B", "r1")));
        planned(Decider.decide(s.p, ng("g2", "n1", "10.0.0.130/25", "B", "r2")));
    }

    @Test
    void add_guest_is_rejected_when_it_attaches_an_existing_overlapping_net_to_the_router() {
        State s = lab("n1")
                .guest(ng("g1", "n1", "10.0.0.1/24", "A", "r1"))
                .guest(ng("g2", "n1", "10.0.0.2/24", "B", null)); // same subnet, no router: fine so far

        String msg = rejection(Decider.decide(s.p, ng("g3", "n1", "10.0.0.3/24", "B", "r1")));
        assertTrue(msg.contains("r1"), msg);
    }

    @Test
    void router_without_net_is_rejected() {
        String msg = rejection(Decider.decide(lab("n1").p, ng("g1", "n1", "10.0.0.1/24", null, "r1", 1500)));
        assertTrue(msg.contains("--router"), msg);
    }

    // ---- spawn ---------------------------------------------------------------------------------------------

    private static Intent.Spawn spawn(List<String> nodes, List<Intent.AddGuest> guests) {
        return new Intent.Spawn(nodes.stream().map(n -> new Intent.AddNode(n, "img")).toList(), guests);
    }

    @Test
    void spawn_is_rejected_when_a_node_name_repeats_or_exists() {
        Decision d = Decider.decide(lab().p, spawn(List.of("n1", "n2", "n1"), List.of()));
        String msg = rejection(d);
        assertTrue(msg.contains("n1"), msg);
        assertInstanceOf(Outcome.LabSpawnFailed.class, ((Decision.Rejected) d).outcome());

        assertTrue(rejection(Decider.decide(lab("n2").p, spawn(List.of("n1", "n2"), List.of()))).contains("n2"));
    }

    @Test
    void spawn_reports_a_guest_problem_with_the_guests_name() {
        String msg = rejection(Decider.decide(lab().p, spawn(List.of("n1"),
                List.of(ng("g1", "n1", "10.0.0.1/24", "A", null), ng("g2", "n9", "10.0.0.2/24", "A", null)))));
        assertTrue(msg.startsWith("g2: ") && msg.contains("n9"), msg);
    }

    @Test
    void spawn_checks_each_guest_against_the_guests_before_it_in_the_same_spawn() {
        // the same address twice in one net
        String dup = rejection(Decider.decide(lab().p, spawn(List.of("n1", "n2"),
                List.of(ng("g1", "n1", "10.0.0.1/24", "A", null), ng("g2", "n2", "10.0.0.1/24", "A", null)))));
        assertTrue(dup.startsWith("g2: ") && dup.contains("g1"), dup);
        // two overlapping nets on one router
        String overlap = rejection(Decider.decide(lab().p, spawn(List.of("n1"),
                List.of(ng("g1", "n1", "10.0.0.1/24", "A", "r1"), ng("g2", "n1", "10.0.0.2/24", "B", "r1")))));
        assertTrue(overlap.startsWith("g2: ") && overlap.contains("r1"), overlap);
    }

    @Test
    void a_valid_spawn_creates_all_containers_in_one_stage_then_the_overlay() {
        List<Intent.AddGuest> guests = List.of(
                ng("g1", "n1", "10.0.1.1/24", "A", "router1"), ng("g2", "n1", "10.0.0.1/24", "B", "router1"),
                ng("g3", "n2", "10.0.1.2/24", "A", "router1"), ng("g4", "n2", "10.0.0.2/24", "B", "router1"),
                ng("g5", "n3", "10.0.1.3/24", "A", "router1"), ng("g6", "n3", "10.0.0.3/24", "B", "router1"));
        Intent.Spawn intent = spawn(List.of("n1", "n2", "n3"), guests);

        Plan plan = planned(Decider.decide(lab().p, intent));

        List<List<Action>> containerStages = plan.actions().stream()
                .filter(st -> st.stream().anyMatch(a -> a instanceof Action.CreateContainer)).toList();
        assertEquals(1, containerStages.size(), "all nodes are created in parallel");
        assertEquals(Set.of("n1", "n2", "n3"), containerStages.get(0).stream()
                .map(a -> ((Action.CreateContainer) a).node()).collect(java.util.stream.Collectors.toSet()));
        assertEquals(3, containerStages.get(0).size());

        assertEquals(3, all(plan, Action.SetupUnderlay.class).size());
        Map<String, Set<Action.Tunnel>> tunnels = tunnelsByContainer(plan);
        assertEquals(Set.of(tunnel(1, "n2"), tunnel(2, "n2"), tunnel(1, "n3"), tunnel(2, "n3")), tunnels.get("n1"));
        assertEquals(3, tunnels.size());

        assertEquals(1, all(plan, Action.CreateNamespace.class, a -> a.netns().equals("dovs-qr.router1")).size());
        assertEquals(List.of(new Action.EnableForwarding("dovs-qr.router1")), all(plan, Action.EnableForwarding.class));
        assertEquals(2, all(plan, Action.CreateVeth.class, v -> v.netns().equals("dovs-qr.router1")).size());
        for (Intent.AddGuest g : guests) {
            assertEquals(g.net().equals("A") ? 101 : 102, guestPlug(plan, g).tag(), g.guest());
            assertEquals(g.net().equals("A") ? "10.0.1.254" : "10.0.0.254", guestConfig(plan, g.guest()).gateway(),
                    g.guest());
        }

        assertEquals(new Outcome.LabSpawned(3, 6), PlanOutcomes.success(plan, StepResults.of()));
        Failure f = new Failure(Failure.Kind.FAILED, "x", true);
        assertEquals(new Outcome.LabSpawnFailed(f), plan.outcome().failed(f));
    }

    @Test
    void an_unrouted_spawn_may_reuse_addresses_across_nets_on_one_node() {
        // the original's layout: every net uses 10.0.0.0/24, a node's k-th guest of each net has the same address
        Plan plan = planned(Decider.decide(lab().p, spawn(List.of("n1", "n2"), List.of(
                ng("g1", "n1", "10.0.0.1/24", "A", null), ng("g2", "n1", "10.0.0.1/24", "B", null),
                ng("g3", "n2", "10.0.0.2/24", "A", null), ng("g4", "n2", "10.0.0.2/24", "B", null)))));
        assertTrue(all(plan, Action.EnableForwarding.class).isEmpty());
        assertEquals(2, tunnelsByContainer(plan).get("n1").size());
    }

    // ---- move-guest ----------------------------------------------------------------------------------------

    @Test
    void move_guest_is_rejected_for_an_unknown_guest_an_unknown_node_or_the_same_node() {
        State s = lab("n1", "n2").guest(ng("g1", "n1", "10.0.1.1/24", "A", null));

        Decision unknownGuest = Decider.decide(s.p, new Intent.MoveGuest("g9", "n2"));
        assertTrue(rejection(unknownGuest).contains("g9"));
        assertInstanceOf(Outcome.GuestMoveFailed.class, ((Decision.Rejected) unknownGuest).outcome());
        assertTrue(rejection(Decider.decide(s.p, new Intent.MoveGuest("g1", "n9"))).contains("n9"));
        String same = rejection(Decider.decide(s.p, new Intent.MoveGuest("g1", "n1")));
        assertTrue(same.contains("g1") && same.contains("n1"), same);
        assertInstanceOf(Outcome.GuestMoveFailed.class,
                ((Decision.Rejected) Decider.decide(s.p, new Intent.MoveGuest("g1", "n1"))).outcome());
    }

    @Test
    void move_guest_detaches_moves_plugs_the_same_port_and_announces() {
        State s = lab("n1", "n2");
        Intent.AddGuest g1 = ng("g1", "n1", "10.0.1.1/24", "A", "r1");
        Action.PlugPort plugged = guestPlug(planned(Decider.decide(s.p, g1)), g1);
        s.guest(g1);

        Plan plan = planned(Decider.decide(s.p, new Intent.MoveGuest("g1", "n2")));

        String tap = LabNaming.tap(g1.portId());
        Action.PlugPort atDestination = new Action.PlugPort("n2", "br-int", tap, g1.portId(), g1.mac(), "g1",
                "default", plugged.info(), 101);
        // r1's interface on A stays on n1: n1 and n2 now both host A
        assertEquals(List.of(
                List.of(new Action.SetupUnderlay("n1", "dovs-int", "default"),
                        new Action.SetupUnderlay("n2", "dovs-int", "default")),
                List.of(new Action.AddTunnels("n1", "dovs-int", "default", List.of(tunnel(1, "n2"))),
                        new Action.AddTunnels("n2", "dovs-int", "default", List.of(tunnel(1, "n1")))),
                List.of(new Action.DetachPort(plugged)),
                List.of(new Action.MoveLink(tap, "n1", "n2")),
                List.of(atDestination),
                List.of(new Action.Announce("dovs-g1", "eth0", "10.0.1.1"))), plan.actions());

        assertEquals(new Outcome.GuestMoved("g1", "n1", "n2"), PlanOutcomes.success(plan, StepResults.of()));
        Failure f = new Failure(Failure.Kind.FAILED, "x", true);
        assertEquals(new Outcome.GuestMoveFailed("g1", f), plan.outcome().failed(f));
    }

    @Test
    void move_guest_adds_the_tunnels_the_destination_needs_first_and_removes_the_unneeded_last() {
        State s = lab("n1", "n2", "n3").guest(ng("g1", "n1", "10.0.1.1/24", "A", null))
                .guest(ng("g2", "n2", "10.0.1.2/24", "A", null)).underlayReady("n1").underlayReady("n2");

        Plan plan = planned(Decider.decide(s.p, new Intent.MoveGuest("g2", "n3")));

        List<List<Action>> st = plan.actions();
        assertEquals(List.of(new Action.SetupUnderlay("n3", "dovs-int", "default")), st.get(0));
        assertEquals(List.of(new Action.AddTunnels("n1", "dovs-int", "default", List.of(tunnel(1, "n3"))),
                new Action.AddTunnels("n3", "dovs-int", "default", List.of(tunnel(1, "n1")))), st.get(1));
        assertInstanceOf(Action.DetachPort.class, st.get(2).get(0));
        assertInstanceOf(Action.Announce.class, st.get(st.size() - 2).get(0));
        assertEquals(List.of(new Action.RemoveTunnels("n1", "dovs-int", "default", List.of(tunnel(1, "n2"))),
                new Action.RemoveTunnels("n2", "dovs-int", "default", List.of(tunnel(1, "n1")))), st.get(st.size() - 1),
                "n2 hosts nothing of A any more: its tunnels go, after the guest answers on n3");
        assertEquals(new Action.AddTunnels("n1", "dovs-int", "default", List.of(tunnel(1, "n2"))),
                st.get(st.size() - 1).get(0).undo(), "a failed move puts them back");
    }

    @Test
    void move_guest_accepts_the_namespace_name_like_the_original() {
        State s = lab("n1", "n2").guest(ng("g1", "n1", "10.0.1.1/24", "A", null));

        Plan plan = planned(Decider.decide(s.p, new Intent.MoveGuest("dovs-g1", "n2")));

        assertEquals(new Outcome.GuestMoved("g1", "n1", "n2"), PlanOutcomes.success(plan, StepResults.of()));
        Failure f = new Failure(Failure.Kind.FAILED, "x", true);
        Outcome.GuestMoveFailed failed = assertInstanceOf(Outcome.GuestMoveFailed.class, plan.outcome().failed(f));
        assertEquals("g1", failed.guest());
        assertEquals(new Action.Announce("dovs-g1", "eth0", "10.0.1.1"), plan.actions().get(3).get(0));
    }

    @Test
    void move_guest_without_a_net_keeps_the_local_vlan_and_uses_the_labs_containers() {
        State s = new State(new LabNaming("ab")).node("n1").node("n2");
        Intent.AddGuest g1 = ng("g1", "n2", "10.0.0.5/24", null, null, 1500);
        s.guest(g1);

        Plan plan = planned(Decider.decide(s.p, new Intent.MoveGuest("g1", "n1")));

        Action.DetachPort detach = (Action.DetachPort) plan.actions().get(0).get(0);
        assertEquals("ab.n2", detach.plugged().container());
        assertEquals(1, detach.plugged().tag());
        assertEquals(new Action.MoveLink(LabNaming.tap(g1.portId()), "ab.n2", "ab.n1"), plan.actions().get(1).get(0));
        Action.PlugPort dest = (Action.PlugPort) plan.actions().get(2).get(0);
        assertEquals("ab.n1", dest.container());
        assertEquals(1, dest.tag());
        assertEquals(g1.mac(), dest.mac());
        assertEquals(g1.portId(), dest.ifaceId());
        assertEquals(new Action.Announce("dovsab-g1", "eth0", "10.0.0.5"), plan.actions().get(3).get(0));
    }

    @Test
    void failure_of_move_and_spawn_gives_their_failed_twins() {
        Failure f = new Failure(Failure.Kind.REJECTED, "x", true);
        assertEquals(new Outcome.GuestMoveFailed("g1", f), new Intent.MoveGuest("g1", "n2").failed(f));
        assertEquals(new Outcome.LabSpawnFailed(f), spawn(List.of("n1"), List.of()).failed(f));
    }

    // ---- a rolled-back node needs its underlay again -------------------------------------------------------

    @Test
    void a_node_re_added_after_a_rolled_back_attempt_sets_up_its_underlay_again() {
        State s = lab("n1").guest(ng("g1", "n1", "10.0.1.1/24", "A", null)).underlayReady("n1");
        // add-node n2 set up its underlay, then failed: the rollback removed its container; n2 is added again
        String id = "i" + s.intent++;
        s.apply(id, new Intent.AddNode("n2", "img"));
        s.apply(id, new StepEvent.StepStarted("c2", new Action.CreateContainer("n2", "n2", "img",
                List.of("dovs-mgmt", "dovs-int"), "default"), null));
        s.apply(id, new StepEvent.StepSucceeded("c2", Map.of()));
        s.apply(id, new StepEvent.StepStarted("u2", new Action.SetupUnderlay("n2", "dovs-int", "default"), null));
        s.apply(id, new StepEvent.StepSucceeded("u2", Map.of()));
        s.apply(id, new StepEvent.StepStarted("t2", new Action.AddTunnels("n2", "dovs-int", "default",
                List.of(tunnel(1, "n1"))), null));
        s.apply(id, new StepEvent.StepFailed("t2", "boom", Map.of(Action.CREATED, "false")));
        s.apply(id, new StepEvent.StepStarted("r2", new Action.RemoveContainer("n2", "default"), "c2"));
        s.apply(id, new StepEvent.StepSucceeded("r2", Map.of()));
        s.apply(id, new Outcome.NodeAddFailed("n2", new Failure(Failure.Kind.FAILED, "boom", true)));
        s.node("n2");

        Plan plan = planned(Decider.decide(s.p, ng("g2", "n2", "10.0.1.2/24", "A", null)));

        assertEquals(List.of(new Action.SetupUnderlay("n2", "dovs-int", "default")),
                all(plan, Action.SetupUnderlay.class), "the new n2 container has no br-phy yet");
    }

    // ---- issue 13 -----------------------------------------------------------------------------------------------

    private static Intent.AddGuest onNet(String name, String node, String cidr, String mac, String port, String net,
                                         String router) {
        return new Intent.AddGuest(name, node, cidr, mac, port, net, router, 1450);
    }

    @Test
    void a_router_attached_later_gives_the_nets_existing_guests_their_gateway_as_logged_steps() {
        State s = new State(LabNaming.defaultLab()).node("r1").node("r2")
                .guest(onNet("a1", "r1", "10.61.0.1/24", MAC1, PORT1, "na", null))
                .guest(onNet("b1", "r2", "10.62.0.1/24", MAC2, PORT2, "nb", "rr"));
        Plan plan = planned(Decider.decide(s.p, onNet("a2", "r2", "10.61.0.2/24", MAC3, PORT3, "na", "rr")));

        List<Action> all = plan.actions().stream().flatMap(List::stream).toList();
        Action.SetGateway set = new Action.SetGateway("dovs-a1", "eth0", "10.61.0.254", null);
        assertTrue(all.contains(set), () -> "no gateway for a1 in " + plan.actions());
        assertEquals(new Action.SetGateway("dovs-a1", "eth0", null, "10.61.0.254"), set.undo(),
                "undone (rollback, clean), a1 loses the route again");
        assertEquals(new Action.ConfigureGuest("dovs-a2", "eth0", "10.61.0.2/24", "10.61.0.254"),
                guestConfig(plan, "a2"));
        assertFalse(all.stream().anyMatch(a -> a instanceof Action.SetGateway g && g.netns().equals("dovs-b1")),
                "b1 had its gateway already");
    }

    @Test
    void an_address_inside_the_nets_subnet_with_another_prefix_says_what_differs() {
        State s = new State(LabNaming.defaultLab()).node("n1")
                .guest(onNet("g1", "n1", "10.5.0.1/24", MAC1, PORT1, "s", null));
        assertEquals("address 10.5.0.7/16 is inside net s's subnet 10.5.0.0/24 but has prefix /16, not /24: use "
                + "10.5.0.7/24", rejection(Decider.decide(s.p, onNet("g2", "n1", "10.5.0.7/16", MAC2, PORT2, "s",
                null))));
        assertEquals("address 10.6.0.7/24 is outside net s's subnet 10.5.0.0/24",
                rejection(Decider.decide(s.p, onNet("g2", "n1", "10.6.0.7/24", MAC2, PORT2, "s", null))));
    }

    @Test
    void a_replayed_intent_with_an_address_or_mac_no_host_may_hold_is_refused() {
        State s = new State(LabNaming.defaultLab()).node("n1");
        // an unusable address fails parsing; the decider turns that into a rejection (exit 2)
        String loopback = rejection(Decider.decide(s.p, guest("g1", "n1", "127.0.0.5/8", MAC1, PORT1)));
        assertTrue(loopback.contains("loopback"), loopback);
        assertTrue(rejection(Decider.decide(s.p, guest("g1", "n1", "10.0.0.5/24", "01:00:5e:00:00:01", PORT1)))
                .contains("multicast"));
        assertTrue(rejection(Decider.decide(s.p, onNet("g1", "n1", "169.254.0.5/16", MAC1, PORT1, "s", "r")))
                .contains("RFC 3927"));
    }

    @Test
    void the_nodes_a_plan_touches_are_those_it_works_in_but_does_not_create() {
        State s = new State(LabNaming.defaultLab()).node("n1");
        Plan guestPlan = planned(Decider.decide(s.p, guest("g1", "n1", "10.0.0.1/24", MAC1, PORT1)));
        assertEquals(java.util.Set.of("n1"), PlanNodes.touched(guestPlan.actions()));
        Plan nodePlan = planned(Decider.decide(s.p, new Intent.AddNode("n2", "img")));
        assertEquals(java.util.Set.of(), PlanNodes.touched(nodePlan.actions()), "a new node is not checked");
    }
}
