package dev.dovs.events.projection;

import dev.dovs.events.Action;
import dev.dovs.events.EngineEvent;
import dev.dovs.events.Event;
import dev.dovs.events.EventEnvelope;
import dev.dovs.events.Intent;
import dev.dovs.events.Outcome;
import dev.dovs.events.Outcome.Failure;
import dev.dovs.events.StepEvent;
import dev.dovs.events.UnknownEvent;
import dev.dovs.events.model.LabNaming;
import dev.dovs.events.model.Topology;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LabProjectionTest {
    private static final String PORT1 = "11111111-2222-4333-8444-555555555555";
    private static final String PORT2 = "aaaaaaaa-bbbb-4ccc-8ddd-eeeeeeeeeeee";

    /** Builds a log with increasing indexes, as the real log would assign them. */
    private static final class Log {
        final List<EventEnvelope> entries = new ArrayList<>();
        long next = 100;

        EventEnvelope add(String intentId, Event e) {
            return add(intentId, null, e);
        }

        EventEnvelope add(String intentId, String cause, Event e) {
            EventEnvelope env = new EventEnvelope(next++, Instant.ofEpochSecond(1_700_000_000L + next), "default",
                    intentId, cause, "test", e);
            entries.add(env);
            return env;
        }

        LabProjection fold() {
            return LabProjection.fold(LabNaming.defaultLab(), entries);
        }

        LabProjection fold(LabNaming naming) {
            return LabProjection.fold(naming, entries);
        }
    }

    private static Intent.AddGuest guest(String name, String node, String cidr, String mac, String port) {
        return new Intent.AddGuest(name, node, cidr, mac, port, null, null, 1500);
    }

    private static void nodeAdded(Log log, String intent, String node) {
        log.add(intent, new Intent.AddNode(node, "img:1"));
        log.add(intent, new Outcome.NodeAdded(node, node, "cid-" + node, "172.18.0.2", "172.19.0.2"));
    }

    @Test
    void a_successful_add_node_projects_a_node_with_what_the_outcome_reported() {
        Log log = new Log();
        nodeAdded(log, "i1", "n1");

        LabProjection p = log.fold();

        assertEquals(List.of(new NodeView("n1", "n1", "img:1", "cid-n1", "172.18.0.2", "172.19.0.2", "i1")),
                List.copyOf(p.nodes()));
        IntentView iv = p.intent("i1").orElseThrow();
        assertEquals(IntentView.Status.SUCCEEDED, iv.status());
        assertTrue(iv.finished());
        assertEquals(101, iv.outcomeIndex());
        assertEquals(100, iv.index());
        assertTrue(p.unfinished().isEmpty());
        assertTrue(p.hasResources());
        assertEquals(101, p.lastIndex());
    }

    @Test
    void a_failed_add_node_projects_no_node_and_a_failed_intent() {
        Log log = new Log();
        log.add("i1", new Intent.AddNode("n1", "img"));
        Outcome failed = new Outcome.NodeAddFailed("n1", new Failure(Failure.Kind.FAILED, "no image", true));
        log.add("i1", failed);

        LabProjection p = log.fold();

        assertTrue(p.nodes().isEmpty());
        assertTrue(p.node("n1").isEmpty());
        IntentView iv = p.intent("i1").orElseThrow();
        assertEquals(IntentView.Status.FAILED, iv.status());
        assertEquals(failed, iv.outcome());
        assertTrue(iv.finished());
        assertFalse(p.hasResources());
        assertTrue(p.buildIntents().isEmpty(), "a failed intent did not build anything");
    }

    @Test
    void a_successful_add_guest_projects_a_guest_with_netns_and_tap_derived_from_lab_and_port() {
        Log log = new Log();
        nodeAdded(log, "i1", "n1");
        log.add("i2", new Intent.AddGuest("g1", "n1", "10.0.0.1/24", "fa:16:3e:00:00:01", PORT1, "net", "r", 1400));
        log.add("i2", new Outcome.GuestAdded("g1", "n1", "ignored-netns", "ignored-tap"));

        LabProjection def = log.fold();
        assertEquals(new GuestView("g1", "n1", "dovs-g1", "tap11111111-22", "10.0.0.1/24", "fa:16:3e:00:00:01",
                PORT1, "net", "r", 1400, "i2"), def.guest("g1").orElseThrow());
        assertEquals(List.of(def.guest("g1").orElseThrow()), def.guestsOn("n1"));
        assertTrue(def.guestsOn("n2").isEmpty());

        // The same log folded for another lab names the namespace after that lab
        assertEquals("dovsab-g1", log.fold(new LabNaming("ab")).guest("g1").orElseThrow().netns());
    }

    @Test
    void a_failed_add_guest_projects_no_guest() {
        Log log = new Log();
        nodeAdded(log, "i1", "n1");
        log.add("i2", guest("g1", "n1", "10.0.0.1/24", "fa:16:3e:00:00:01", PORT1));
        log.add("i2", new Outcome.GuestAddFailed("g1", new Failure(Failure.Kind.REJECTED, "dup", true)));

        LabProjection p = log.fold();
        assertTrue(p.guests().isEmpty());
        assertEquals(IntentView.Status.FAILED, p.intent("i2").orElseThrow().status());
    }

    @Test
    void a_started_forward_step_with_an_undo_enters_the_ledger_before_it_finishes() {
        Log log = new Log();
        log.add("i1", new Intent.AddNode("n1", "img"));
        Action net = new Action.EnsureNetwork("dovs-mgmt", "default");
        log.add("i1", new StepEvent.StepStarted("s1", net, null));

        LabProjection p = log.fold();

        assertEquals(List.of(new LedgerEntry("s1", "i1", net)), p.ledger());
        assertEquals(List.of(new LedgerEntry("s1", "i1", net)), p.ledgerOf("i1"));
        assertTrue(p.ledgerOf("other").isEmpty());
        assertTrue(p.hasResources(), "write-ahead: the network may exist now");
        assertEquals(1, p.ledgerCount(Action.Subsystem.DOCKER));
        assertEquals(0, p.ledgerCount(Action.Subsystem.NETNS));
        assertEquals("i1", p.intentOfStep("s1").orElseThrow());
        assertEquals(net, p.step("s1").orElseThrow().action());
    }

    @Test
    void steps_without_an_undo_and_compensation_steps_never_enter_the_ledger() {
        Log log = new Log();
        log.add("i1", new Intent.AddNode("n1", "img"));
        log.add("i1", new StepEvent.StepStarted("s1", new Action.CreateBridge("n1", "br-int", "default"), null));
        log.add("i1", new StepEvent.StepStarted("s2", new Action.Sweep(Action.Subsystem.OVS, "default", null), null));
        log.add("i1", new StepEvent.StepStarted("s3", new Action.RemoveContainer("n1", "default"), "s0"));

        assertTrue(log.fold().ledger().isEmpty());
    }

    @Test
    void a_succeeded_forward_step_stays_in_the_ledger() {
        Log log = new Log();
        log.add("i1", new Intent.AddNode("n1", "img"));
        log.add("i1", new StepEvent.StepStarted("s1", new Action.EnsureNetwork("dovs-mgmt", "default"), null));
        log.add("i1", new StepEvent.StepSucceeded("s1", Map.of(Action.CREATED, "true")));

        assertEquals(List.of("s1"), log.fold().ledger().stream().map(LedgerEntry::step).toList());
    }

    @Test
    void a_successful_compensation_removes_the_forward_step_it_undoes() {
        Log log = new Log();
        log.add("i1", new Intent.AddNode("n1", "img"));
        log.add("i1", new StepEvent.StepStarted("s1", new Action.EnsureNetwork("dovs-mgmt", "default"), null));
        log.add("i1", new StepEvent.StepSucceeded("s1", Map.of()));
        log.add("i1", new StepEvent.StepStarted("s2", new Action.EnsureNetwork("dovs-int", "default"), null));
        log.add("i1", new StepEvent.StepSucceeded("s2", Map.of()));
        log.add("i1", new StepEvent.StepStarted("u2", new Action.RemoveNetwork("dovs-int", "default"), "s2"));

        // While the compensation runs, the forward step is still owed
        assertEquals(List.of("s1", "s2"), log.fold().ledger().stream().map(LedgerEntry::step).toList());

        log.add("i1", new StepEvent.StepSucceeded("u2", Map.of()));
        assertEquals(List.of("s1"), log.fold().ledger().stream().map(LedgerEntry::step).toList());
    }

    @Test
    void a_failed_compensation_keeps_the_forward_step_in_the_ledger() {
        Log log = new Log();
        log.add("i1", new Intent.AddNode("n1", "img"));
        log.add("i1", new StepEvent.StepStarted("s1", new Action.EnsureNetwork("dovs-mgmt", "default"), null));
        log.add("i1", new StepEvent.StepSucceeded("s1", Map.of()));
        log.add("i1", new StepEvent.StepStarted("u1", new Action.RemoveNetwork("dovs-mgmt", "default"), "s1"));
        log.add("i1", new StepEvent.StepFailed("u1", "network busy", Map.of()));

        assertEquals(List.of("s1"), log.fold().ledger().stream().map(LedgerEntry::step).toList());
    }

    @Test
    void a_step_that_created_nothing_leaves_the_ledger_whether_it_succeeded_or_failed() {
        Log log = new Log();
        log.add("i1", new Intent.AddNode("n1", "img"));
        log.add("i1", new StepEvent.StepStarted("s1", new Action.EnsureNetwork("dovs-mgmt", "default"), null));
        log.add("i1", new StepEvent.StepSucceeded("s1", Map.of(Action.CREATED, "false"))); // already there
        log.add("i1", new StepEvent.StepStarted("s2", new Action.CreateContainer("n1", "n1", "img",
                List.of("dovs-mgmt"), "default"), null));
        log.add("i1", new StepEvent.StepFailed("s2", "no such image", Map.of(Action.CREATED, "false")));
        log.add("i1", new StepEvent.StepStarted("s3", new Action.EnsureNetwork("dovs-int", "default"), null));
        log.add("i1", new StepEvent.StepFailed("s3", "may have created it", Map.of()));

        // Only s3, which failed without saying it created nothing, is still owed
        assertEquals(List.of("s3"), log.fold().ledger().stream().map(LedgerEntry::step).toList());
    }

    @Test
    void step_results_for_unknown_steps_are_ignored() {
        Log log = new Log();
        log.add("i1", new Intent.AddNode("n1", "img"));
        log.add("i1", new StepEvent.StepStarted("s1", new Action.EnsureNetwork("dovs-mgmt", "default"), null));
        log.add("i1", new StepEvent.StepSucceeded("nope", Map.of(Action.CREATED, "false")));

        assertEquals(List.of("s1"), log.fold().ledger().stream().map(LedgerEntry::step).toList());
    }

    @Test
    void an_intent_is_pending_until_a_step_starts_then_running_until_its_outcome() {
        Log log = new Log();
        log.add("i1", new Intent.AddNode("n1", "img"));
        log.add("i2", new Intent.AddNode("n2", "img"));
        LabProjection p = log.fold();
        assertEquals(IntentView.Status.PENDING, p.intent("i1").orElseThrow().status());
        assertEquals(List.of("i1", "i2"), p.unfinished().stream().map(IntentView::id).toList());

        log.add("i1", new StepEvent.StepStarted("s1", new Action.EnsureNetwork("dovs-mgmt", "default"), null));
        p = log.fold();
        assertEquals(IntentView.Status.RUNNING, p.intent("i1").orElseThrow().status());
        assertFalse(p.intent("i1").orElseThrow().finished());
        assertEquals(List.of("i1", "i2"), p.unfinished().stream().map(IntentView::id).toList());

        log.add("i1", new Outcome.NodeAddFailed("n1", new Failure(Failure.Kind.INTERRUPTED, "x", true)));
        p = log.fold();
        assertEquals(List.of("i2"), p.unfinished().stream().map(IntentView::id).toList());
        assertEquals(IntentView.Status.FAILED, p.intent("i1").orElseThrow().status());
    }

    @Test
    void lab_cleaned_clears_nodes_guests_and_ledger_and_keeps_the_pre_clean_build_for_replay() {
        // Given a lab built by i1 (node) and i2 (guest), with a failed i3 and a still-owed step
        Log log = new Log();
        nodeAdded(log, "i1", "n1");
        log.add("i2", guest("g1", "n1", "10.0.0.1/24", "fa:16:3e:00:00:01", PORT1));
        log.add("i2", new StepEvent.StepStarted("s1", new Action.CreateNamespace("dovs-g1"), null));
        log.add("i2", new StepEvent.StepSucceeded("s1", Map.of()));
        log.add("i2", new Outcome.GuestAdded("g1", "n1", "dovs-g1", "tap11111111-22"));
        log.add("i3", guest("g2", "n1", "10.0.0.1/24", "fa:16:3e:00:00:02", PORT2));
        log.add("i3", new Outcome.GuestAddFailed("g2", new Failure(Failure.Kind.REJECTED, "dup ip", true)));
        assertEquals(List.of("i1", "i2"), log.fold().buildIntents().stream().map(IntentView::id).toList());

        // When the lab is cleaned
        log.add("c1", new Intent.Clean());
        log.add("c1", new Outcome.LabCleaned(1, 0));
        LabProjection p = log.fold();

        // Then nothing is left, but replay still knows what built it
        assertTrue(p.nodes().isEmpty());
        assertTrue(p.guests().isEmpty());
        assertTrue(p.ledger().isEmpty());
        assertFalse(p.hasResources());
        assertEquals(List.of("i1", "i2"), p.buildIntents().stream().map(IntentView::id).toList());

        // A second clean with nothing built since keeps that generation
        log.add("c2", new Intent.Clean());
        log.add("c2", new Outcome.LabCleaned(0, 0));
        assertEquals(List.of("i1", "i2"), log.fold().buildIntents().stream().map(IntentView::id).toList());

        // Building again starts a new generation: only the new intents count
        nodeAdded(log, "i4", "n9");
        assertEquals(List.of("i4"), log.fold().buildIntents().stream().map(IntentView::id).toList());
    }

    @Test
    void a_failed_clean_leaves_the_state_as_it_was() {
        Log log = new Log();
        nodeAdded(log, "i1", "n1");
        log.add("c1", new Intent.Clean());
        log.add("c1", new Outcome.LabCleanFailed(new Failure(Failure.Kind.FAILED, "sweep failed", false)));

        LabProjection p = log.fold();
        assertEquals(1, p.nodes().size());
        assertEquals(List.of("i1"), p.buildIntents().stream().map(IntentView::id).toList());
    }

    @Test
    void reapplying_an_index_at_or_below_the_last_one_is_ignored() {
        Log log = new Log();
        EventEnvelope intent = log.add("i1", new Intent.AddNode("n1", "img"));
        EventEnvelope outcome = log.add("i1", new Outcome.NodeAdded("n1", "n1", "c", "m", "i"));
        LabProjection p = log.fold();

        // When a tail is re-read: the same outcome again, and an older entry rewritten as a different event
        p.apply(outcome);
        p.apply(new EventEnvelope(intent.index(), intent.time(), "default", "i1", null, "x",
                new Intent.AddNode("n1", "other-image")));
        p.apply(new EventEnvelope(outcome.index(), outcome.time(), "default", "i9", null, "x",
                new Intent.AddNode("n9", "img")));

        // Then nothing changed
        assertEquals(outcome.index(), p.lastIndex());
        assertEquals(IntentView.Status.SUCCEEDED, p.intent("i1").orElseThrow().status());
        assertEquals("img", p.node("n1").orElseThrow().image());
        assertTrue(p.intent("i9").isEmpty());
        assertEquals(1, p.intents().size());
    }

    @Test
    void unindexed_entries_are_applied_without_moving_the_last_index() {
        LabProjection p = new LabProjection(LabNaming.defaultLab());
        p.apply(EventEnvelope.of("default", "i1", null, "cli", new Intent.AddNode("n1", "img")));
        assertEquals(EventEnvelope.UNINDEXED, p.lastIndex());
        assertEquals(IntentView.Status.PENDING, p.intent("i1").orElseThrow().status());
    }

    @Test
    void outcomes_of_unknown_intents_engine_events_and_unknown_entries_change_nothing() {
        Log log = new Log();
        log.add(null, new EngineEvent.EngineStarted(1, "daemon", "dev"));
        log.add("ghost", new Outcome.NodeAdded("n1", "n1", "c", "m", "i"));
        log.add(null, new UnknownEvent("intent.add-router", "{}"));
        log.add(null, new EngineEvent.EngineStopped(1, "done"));

        LabProjection p = log.fold();
        assertTrue(p.nodes().isEmpty());
        assertTrue(p.intents().isEmpty());
        assertFalse(p.hasResources());
        assertEquals(103, p.lastIndex(), "every entry still advances the position");
    }

    @Test
    void replayed_intents_keep_their_causation() {
        Log log = new Log();
        log.add("i1", "orig-1", new Intent.AddNode("n1", "img"));
        IntentView iv = log.fold().intent("i1").orElseThrow();
        assertEquals("orig-1", iv.causationId());
        assertEquals("test", iv.actor());
        assertNull(iv.outcome());
    }

    // ---- overlay: nets, routers, underlay, spawn, move ----------------------------------------------------------

    private static final String PORT3 = "33333333-4444-4555-8666-777777777777";
    private static final String PORT4 = "44444444-5555-4666-8777-888888888888";

    private static Intent.AddGuest netGuest(String name, String node, String cidr, String mac, String port, String net,
                                            String router) {
        return new Intent.AddGuest(name, node, cidr, mac, port, net, router, 1450);
    }

    private static void guestAdded(Log log, String intent, Intent.AddGuest g) {
        log.add(intent, g);
        log.add(intent, new Outcome.GuestAdded(g.guest(), g.node(), "dovs-" + g.guest(), LabNaming.tap(g.portId())));
    }

    @Test
    void the_first_guest_of_a_net_creates_the_net_with_its_subnet_and_the_first_vni_and_vlan() {
        Log log = new Log();
        nodeAdded(log, "i1", "n1");
        guestAdded(log, "i2", netGuest("g1", "n1", "10.0.1.7/24", "fa:16:3e:00:00:01", PORT1, "A", null));

        LabProjection p = log.fold();

        assertEquals(new NetView("A", "10.0.1.0/24", 1001, 101, null), p.net("A").orElseThrow());
        assertEquals(List.of(p.net("A").orElseThrow()), List.copyOf(p.nets()));
        assertTrue(p.routers().isEmpty());
        GuestView g = p.guest("g1").orElseThrow();
        assertEquals("A", g.net());
        assertNull(g.router());
        assertEquals(1450, g.mtu());
    }

    @Test
    void nets_are_numbered_in_order_of_first_use_and_later_guests_do_not_renumber_them() {
        Log log = new Log();
        nodeAdded(log, "i1", "n1");
        guestAdded(log, "i2", netGuest("g1", "n1", "10.0.1.7/24", "fa:16:3e:00:00:01", PORT1, "A", null));
        // a failed guest on a third net does not take a number
        log.add("i3", netGuest("gx", "n1", "10.9.0.1/24", "fa:16:3e:00:00:09", PORT4, "X", null));
        log.add("i3", new Outcome.GuestAddFailed("gx", new Failure(Failure.Kind.FAILED, "boom", true)));
        guestAdded(log, "i4", netGuest("g2", "n1", "192.168.5.1/25", "fa:16:3e:00:00:02", PORT2, "B", null));
        guestAdded(log, "i5", netGuest("g3", "n1", "10.0.1.8/24", "fa:16:3e:00:00:03", PORT3, "A", null));

        LabProjection p = log.fold();

        assertEquals(new NetView("A", "10.0.1.0/24", 1001, 101, null), p.net("A").orElseThrow());
        assertEquals(new NetView("B", "192.168.5.0/25", 1002, 102, null), p.net("B").orElseThrow());
        assertTrue(p.net("X").isEmpty(), "a failed add-guest creates no net");
        assertEquals(List.of("A", "B"), p.nets().stream().map(NetView::name).toList());
        // guests without a net create none
        Log plain = new Log();
        nodeAdded(plain, "i1", "n1");
        guestAdded(plain, "i2", guest("g1", "n1", "10.0.0.1/24", "fa:16:3e:00:00:01", PORT1));
        assertTrue(plain.fold().nets().isEmpty());
    }

    @Test
    void a_guest_with_a_router_attaches_its_net_to_a_router_on_its_node_with_the_gateway_address() {
        Log log = new Log();
        nodeAdded(log, "i1", "n1");
        nodeAdded(log, "i2", "n2");
        guestAdded(log, "i3", netGuest("g1", "n2", "10.0.1.7/24", "fa:16:3e:00:00:01", PORT1, "A", "r1"));

        LabProjection p = log.fold();

        assertEquals("r1", p.net("A").orElseThrow().router());
        assertEquals("r1", p.guest("g1").orElseThrow().router());
        RouterView r = p.router("r1").orElseThrow();
        assertEquals("r1", r.name());
        assertEquals("n2", r.node(), "hosted on the node of the guest that attached it");
        assertEquals("dovs-qr.r1", r.netns());
        assertEquals(1, r.ports().size());
        RouterView.Port port = r.ports().get(0);
        assertEquals("A", port.net());
        assertEquals("10.0.1.254/24", port.gatewayCidr());
        assertEquals(Topology.routerPortId("r1", "A"), port.portId());
        assertEquals(Topology.routerMac(port.portId()), port.mac());
        assertEquals(Topology.routerIfname(port.portId()), port.ifname());
        assertEquals(LabNaming.tap(port.portId()), port.peer());
        assertEquals(List.of(r), List.copyOf(p.routers()));

        // in another lab the router namespace carries that lab's prefix
        assertEquals("dovsab-qr.r1", log.fold(new LabNaming("ab")).router("r1").orElseThrow().netns());
    }

    @Test
    void the_router_gateway_is_the_second_to_last_address_of_a_smaller_subnet_too() {
        Log log = new Log();
        nodeAdded(log, "i1", "n1");
        guestAdded(log, "i2", netGuest("g1", "n1", "192.168.7.9/25", "fa:16:3e:00:00:01", PORT1, "A", "r1"));

        assertEquals("192.168.7.126/25", log.fold().router("r1").orElseThrow().ports().get(0).gatewayCidr());
    }

    @Test
    void a_later_guest_without_router_on_a_routed_net_still_gets_the_nets_router() {
        Log log = new Log();
        nodeAdded(log, "i1", "n1");
        nodeAdded(log, "i2", "n2");
        guestAdded(log, "i3", netGuest("g1", "n1", "10.0.1.1/24", "fa:16:3e:00:00:01", PORT1, "A", "r1"));
        guestAdded(log, "i4", netGuest("g2", "n2", "10.0.1.2/24", "fa:16:3e:00:00:02", PORT2, "A", null));

        LabProjection p = log.fold();

        assertEquals("r1", p.guest("g2").orElseThrow().router());
        assertEquals(1, p.router("r1").orElseThrow().ports().size(), "no second interface in the same net");
        assertEquals("n1", p.router("r1").orElseThrow().node());
    }

    @Test
    void a_second_net_on_the_same_router_adds_a_port_and_keeps_the_router_where_it_is() {
        Log log = new Log();
        nodeAdded(log, "i1", "n1");
        nodeAdded(log, "i2", "n2");
        guestAdded(log, "i3", netGuest("g1", "n1", "10.0.1.1/24", "fa:16:3e:00:00:01", PORT1, "A", "r1"));
        guestAdded(log, "i4", netGuest("g2", "n2", "10.0.2.1/24", "fa:16:3e:00:00:02", PORT2, "B", "r1"));

        LabProjection p = log.fold();

        RouterView r = p.router("r1").orElseThrow();
        assertEquals("n1", r.node());
        assertEquals(List.of("A", "B"), r.ports().stream().map(RouterView.Port::net).toList());
        assertEquals(List.of("10.0.1.254/24", "10.0.2.254/24"),
                r.ports().stream().map(RouterView.Port::gatewayCidr).toList());
        assertNotEquals(r.ports().get(0).portId(), r.ports().get(1).portId());
        assertEquals(new NetView("B", "10.0.2.0/24", 1002, 102, "r1"), p.net("B").orElseThrow());
        assertEquals(1, p.routers().size());
    }

    @Test
    void lab_cleaned_clears_nets_routers_and_underlay_and_numbering_starts_again() {
        Log log = new Log();
        nodeAdded(log, "i1", "n1");
        log.add("i1", new StepEvent.StepStarted("u1", new Action.SetupUnderlay("n1", "dovs-int", "default"), null));
        log.add("i1", new StepEvent.StepSucceeded("u1", Map.of()));
        guestAdded(log, "i2", netGuest("g1", "n1", "10.0.1.1/24", "fa:16:3e:00:00:01", PORT1, "A", "r1"));
        guestAdded(log, "i3", netGuest("g2", "n1", "10.0.2.1/24", "fa:16:3e:00:00:02", PORT2, "B", null));
        LabProjection before = log.fold();
        assertEquals(2, before.nets().size());
        assertEquals(1, before.routers().size());
        assertTrue(before.underlayReady("n1"));

        log.add("c1", new Intent.Clean());
        log.add("c1", new Outcome.LabCleaned(3, 0));
        LabProjection p = log.fold();

        assertTrue(p.nets().isEmpty());
        assertTrue(p.net("A").isEmpty());
        assertTrue(p.routers().isEmpty());
        assertTrue(p.router("r1").isEmpty());
        assertFalse(p.underlayReady("n1"), "the node and its br-phy are gone");

        // a replay after the clean gets the same numbers as the original build
        nodeAdded(log, "i4", "n1");
        guestAdded(log, "i5", netGuest("g9", "n1", "10.0.2.1/24", "fa:16:3e:00:00:02", PORT2, "B", null));
        assertEquals(new NetView("B", "10.0.2.0/24", 1001, 101, null), log.fold().net("B").orElseThrow());
    }

    @Test
    void a_succeeded_setup_underlay_step_marks_its_container_ready() {
        Log log = new Log();
        nodeAdded(log, "i1", "n1");
        nodeAdded(log, "i2", "n2");
        guestAdded(log, "i3", netGuest("g1", "n1", "10.0.1.1/24", "fa:16:3e:00:00:01", PORT1, "A", null));
        log.add("i4", netGuest("g2", "n1", "10.0.2.1/24", "fa:16:3e:00:00:02", PORT2, "B", null));
        log.add("i4", new StepEvent.StepStarted("s1", new Action.SetupUnderlay("n1", "dovs-int", "default"), null));
        log.add("i4", new StepEvent.StepStarted("s2", new Action.SetupUnderlay("n2", "dovs-int", "default"), null));

        LabProjection started = log.fold();
        assertFalse(started.underlayReady("n1"), "started is not done");
        assertFalse(started.underlayReady("n2"));

        log.add("i4", new StepEvent.StepSucceeded("s1", Map.of()));
        log.add("i4", new StepEvent.StepFailed("s2", "no interface holds the underlay address", Map.of()));
        LabProjection p = log.fold();

        assertTrue(p.underlayReady("n1"));
        assertFalse(p.underlayReady("n2"), "a failed setup leaves the node not ready");
        assertFalse(p.underlayReady("n3"));
        assertTrue(p.ledger().stream().noneMatch(e -> e.action() instanceof Action.SetupUnderlay),
                "no undo: removing the container removes br-phy");
    }

    @Test
    void underlay_readiness_is_forgotten_when_a_rollback_removes_the_container() {
        // A spawn sets up the underlay of its new nodes, then fails: the rollback removes the containers, so a
        // retry must set up the underlay of the new containers again.
        Log log = new Log();
        Intent.AddNode n1 = new Intent.AddNode("n1", "img");
        log.add("s", new Intent.Spawn(List.of(n1), List.of()));
        log.add("s", new StepEvent.StepStarted("c1", new Action.CreateContainer("n1", "n1", "img",
                List.of("dovs-mgmt", "dovs-int"), "default"), null));
        log.add("s", new StepEvent.StepSucceeded("c1", Map.of("containerId", "cid")));
        log.add("s", new StepEvent.StepStarted("u1", new Action.SetupUnderlay("n1", "dovs-int", "default"), null));
        log.add("s", new StepEvent.StepSucceeded("u1", Map.of()));
        assertTrue(log.fold().underlayReady("n1"));
        log.add("s", new StepEvent.StepStarted("t1", new Action.AddTunnels("n1", "dovs-int", "default", List.of()),
                null));
        log.add("s", new StepEvent.StepFailed("t1", "boom", Map.of(Action.CREATED, "false")));
        log.add("s", new StepEvent.StepStarted("r1", new Action.RemoveContainer("n1", "default"), "c1"));
        log.add("s", new StepEvent.StepSucceeded("r1", Map.of()));
        log.add("s", new Outcome.LabSpawnFailed(new Failure(Failure.Kind.FAILED, "boom", true)));

        LabProjection p = log.fold();

        assertTrue(p.nodes().isEmpty());
        assertTrue(p.ledger().isEmpty());
        assertFalse(p.underlayReady("n1"), "the container that had br-phy was removed");
    }

    @Test
    void a_successful_spawn_registers_its_nodes_guests_and_nets() {
        Log log = new Log();
        Intent.AddGuest g1 = netGuest("g1", "n1", "10.0.0.1/24", "fa:16:3e:00:00:01", PORT1, "net1", null);
        Intent.AddGuest g2 = netGuest("g2", "n1", "10.0.0.1/24", "fa:16:3e:00:00:02", PORT2, "net2", null);
        Intent.AddGuest g3 = netGuest("g3", "n2", "10.0.0.2/24", "fa:16:3e:00:00:03", PORT3, "net1", null);
        Intent.Spawn spawn = new Intent.Spawn(List.of(new Intent.AddNode("n1", "img:1"),
                new Intent.AddNode("n2", "img:2")), List.of(g1, g2, g3));
        log.add("s1", spawn);
        log.add("s1", new StepEvent.StepStarted("c1", new Action.CreateContainer("ab.n1", "n1", "img:1",
                List.of("dovsab-mgmt", "dovsab-int"), "ab"), null));
        log.add("s1", new StepEvent.StepSucceeded("c1", Map.of("containerId", "cid1", "mgmtIp", "172.18.0.2",
                "intIp", "172.19.0.2")));
        log.add("s1", new StepEvent.StepStarted("c2", new Action.CreateContainer("ab.n2", "n2", "img:2",
                List.of("dovsab-mgmt", "dovsab-int"), "ab"), null));
        log.add("s1", new StepEvent.StepSucceeded("c2", Map.of("containerId", "cid2", "mgmtIp", "172.18.0.3",
                "intIp", "172.19.0.3")));
        log.add("s1", new Outcome.LabSpawned(2, 3));

        LabProjection p = log.fold(new LabNaming("ab"));

        assertEquals(List.of(new NodeView("n1", "ab.n1", "img:1", "cid1", "172.18.0.2", "172.19.0.2", "s1"),
                new NodeView("n2", "ab.n2", "img:2", "cid2", "172.18.0.3", "172.19.0.3", "s1")), List.copyOf(p.nodes()));
        assertEquals(List.of("g1", "g2", "g3"), p.guests().stream().map(GuestView::name).toList());
        assertEquals(new GuestView("g3", "n2", "dovsab-g3", LabNaming.tap(PORT3), "10.0.0.2/24", "fa:16:3e:00:00:03",
                PORT3, "net1", null, 1450, "s1"), p.guest("g3").orElseThrow());
        assertEquals(List.of(new NetView("net1", "10.0.0.0/24", 1001, 101, null),
                new NetView("net2", "10.0.0.0/24", 1002, 102, null)), List.copyOf(p.nets()));
        assertEquals(List.of("s1"), p.buildIntents().stream().map(IntentView::id).toList());
        assertEquals(IntentView.Status.SUCCEEDED, p.intent("s1").orElseThrow().status());
    }

    @Test
    void a_spawn_with_a_router_registers_the_router_on_the_first_attaching_guests_node() {
        Log log = new Log();
        Intent.Spawn spawn = new Intent.Spawn(List.of(new Intent.AddNode("n1", "img"), new Intent.AddNode("n2", "img")),
                List.of(netGuest("g1", "n2", "10.0.1.1/24", "fa:16:3e:00:00:01", PORT1, "net1", "router1"),
                        netGuest("g2", "n1", "10.0.0.1/24", "fa:16:3e:00:00:02", PORT2, "net2", "router1")));
        log.add("s1", spawn);
        log.add("s1", new Outcome.LabSpawned(2, 2));

        LabProjection p = log.fold();

        RouterView r = p.router("router1").orElseThrow();
        assertEquals("n2", r.node());
        assertEquals(List.of("10.0.1.254/24", "10.0.0.254/24"),
                r.ports().stream().map(RouterView.Port::gatewayCidr).toList());
        assertEquals("router1", p.net("net2").orElseThrow().router());
    }

    @Test
    void a_failed_spawn_registers_nothing() {
        Log log = new Log();
        log.add("s1", new Intent.Spawn(List.of(new Intent.AddNode("n1", "img")),
                List.of(netGuest("g1", "n1", "10.0.1.1/24", "fa:16:3e:00:00:01", PORT1, "A", "r1"))));
        log.add("s1", new Outcome.LabSpawnFailed(new Failure(Failure.Kind.FAILED, "boom", true)));

        LabProjection p = log.fold();

        assertTrue(p.nodes().isEmpty());
        assertTrue(p.guests().isEmpty());
        assertTrue(p.nets().isEmpty());
        assertTrue(p.routers().isEmpty());
        assertTrue(p.buildIntents().isEmpty());
    }

    /** n1, n2; g1 (net A, plugged on n1 with tag 101) and g2 (plugged on n1) added with their ledger steps. */
    private static Log labForMove(Action.PlugPort[] plugs) {
        Log log = new Log();
        nodeAdded(log, "i1", "n1");
        nodeAdded(log, "i2", "n2");
        Intent.AddGuest g1 = netGuest("g1", "n1", "10.0.1.1/24", "fa:16:3e:00:00:01", PORT1, "A", null);
        log.add("i3", g1);
        log.add("i3", new StepEvent.StepStarted("g1-ns", new Action.CreateNamespace("dovs-g1"), null));
        log.add("i3", new StepEvent.StepSucceeded("g1-ns", Map.of()));
        plugs[0] = new Action.PlugPort("n1", "br-int", LabNaming.tap(PORT1), PORT1, "fa:16:3e:00:00:01", "g1",
                "default", "{}", 101);
        log.add("i3", new StepEvent.StepStarted("g1-plug", plugs[0], null));
        log.add("i3", new StepEvent.StepSucceeded("g1-plug", Map.of()));
        log.add("i3", new Outcome.GuestAdded("g1", "n1", "dovs-g1", LabNaming.tap(PORT1)));
        Intent.AddGuest g2 = netGuest("g2", "n1", "10.0.1.2/24", "fa:16:3e:00:00:02", PORT2, "A", null);
        log.add("i4", g2);
        plugs[1] = new Action.PlugPort("n1", "br-int", LabNaming.tap(PORT2), PORT2, "fa:16:3e:00:00:02", "g2",
                "default", "{}", 101);
        log.add("i4", new StepEvent.StepStarted("g2-plug", plugs[1], null));
        log.add("i4", new StepEvent.StepSucceeded("g2-plug", Map.of()));
        log.add("i4", new Outcome.GuestAdded("g2", "n1", "dovs-g2", LabNaming.tap(PORT2)));
        return log;
    }

    /** The steps of moving g1 from n1 to n2, as the decider plans them, all succeeded. */
    private static Action.PlugPort moveSteps(Log log, String intent, Action.PlugPort atSource, String from,
                                             String to) {
        Action.PlugPort atDest = new Action.PlugPort(to, atSource.bridge(), atSource.port(), atSource.ifaceId(),
                atSource.mac(), atSource.guest(), atSource.lab(), atSource.info(), atSource.tag());
        List<Action> steps = List.of(new Action.DetachPort(atSource), new Action.MoveLink(atSource.port(), from, to),
                atDest, new Action.Announce("dovs-g1", "eth0", "10.0.1.1"));
        for (int i = 0; i < steps.size(); i++) {
            log.add(intent, new StepEvent.StepStarted(intent + "-s" + i, steps.get(i), null));
            log.add(intent, new StepEvent.StepSucceeded(intent + "-s" + i, Map.of()));
        }
        return atDest;
    }

    @Test
    void guest_moved_puts_the_guest_on_the_new_node_and_leaves_only_the_new_plug_in_the_ledger() {
        Action.PlugPort[] plugs = new Action.PlugPort[2];
        Log log = labForMove(plugs);
        log.add("m1", new Intent.MoveGuest("g1", "n2"));
        Action.PlugPort atDest = moveSteps(log, "m1", plugs[0], "n1", "n2");
        // before the outcome, the move's own steps are owed (a crash now must roll them back)
        assertTrue(log.fold().ledgerOf("m1").size() >= 3);

        log.add("m1", new Outcome.GuestMoved("g1", "n1", "n2"));
        LabProjection p = log.fold();

        GuestView g = p.guest("g1").orElseThrow();
        assertEquals("n2", g.node());
        assertEquals("dovs-g1", g.netns());
        assertEquals(LabNaming.tap(PORT1), g.tap());
        assertEquals("10.0.1.1/24", g.cidr());
        assertEquals("A", g.net());
        assertEquals(List.of("g2"), p.guestsOn("n1").stream().map(GuestView::name).toList());
        assertEquals(List.of("g1"), p.guestsOn("n2").stream().map(GuestView::name).toList());

        List<Action> owed = p.ledger().stream().map(LedgerEntry::action).toList();
        assertEquals(List.of(new Action.CreateNamespace("dovs-g1"), plugs[1], atDest), owed,
                "a clean unplugs g1 only at n2, and still unplugs g2 at n1");
        assertEquals(List.of(atDest), p.ledgerOf("m1").stream().map(LedgerEntry::action).toList());
        assertEquals(List.of("i1", "i2", "i3", "i4", "m1"),
                p.buildIntents().stream().map(IntentView::id).toList());
    }

    @Test
    void moving_back_leaves_only_the_latest_plug_of_the_guest() {
        Action.PlugPort[] plugs = new Action.PlugPort[2];
        Log log = labForMove(plugs);
        log.add("m1", new Intent.MoveGuest("g1", "n2"));
        Action.PlugPort atN2 = moveSteps(log, "m1", plugs[0], "n1", "n2");
        log.add("m1", new Outcome.GuestMoved("g1", "n1", "n2"));
        log.add("m2", new Intent.MoveGuest("g1", "n1"));
        Action.PlugPort atN1 = moveSteps(log, "m2", atN2, "n2", "n1");
        log.add("m2", new Outcome.GuestMoved("g1", "n2", "n1"));

        LabProjection p = log.fold();

        assertEquals("n1", p.guest("g1").orElseThrow().node());
        List<Action.PlugPort> g1Plugs = p.ledger().stream().map(LedgerEntry::action)
                .filter(a -> a instanceof Action.PlugPort pp && pp.port().equals(LabNaming.tap(PORT1)))
                .map(Action.PlugPort.class::cast).toList();
        assertEquals(List.of(atN1), g1Plugs);
    }

    @Test
    void a_failed_move_leaves_the_guest_where_it_was() {
        Action.PlugPort[] plugs = new Action.PlugPort[2];
        Log log = labForMove(plugs);
        log.add("m1", new Intent.MoveGuest("g1", "n2"));
        log.add("m1", new Outcome.GuestMoveFailed("g1", new Failure(Failure.Kind.FAILED, "boom", true)));

        LabProjection p = log.fold();

        assertEquals("n1", p.guest("g1").orElseThrow().node());
        assertTrue(p.ledger().stream().anyMatch(e -> e.action().equals(plugs[0])), "the original plug is still owed");
    }
}
