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
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
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
}
