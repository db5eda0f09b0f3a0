package dev.dovs.engine.core;

import dev.dovs.engine.ReplayPlanner;
import dev.dovs.events.Action;
import dev.dovs.events.Event;
import dev.dovs.events.EventEnvelope;
import dev.dovs.events.Intent;
import dev.dovs.events.Outcome;
import dev.dovs.events.model.Impairment;
import dev.dovs.events.model.LabNaming;
import dev.dovs.events.projection.IntentView;
import dev.dovs.events.projection.LabProjection;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;

import static dev.dovs.engine.core.Decisions.planned;
import static dev.dovs.engine.core.Decisions.rejected;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * One rule for the guest a command names (a fresh user's report): an exact guest name wins over a namespace name
 * (alias); the alias works when no guest has that name; no new guest may be named in the namespace form; intents
 * carry the canonical name, and an old log's alias still replays as the guest it meant.
 */
class GuestNameResolutionTest {
    private static final String P1 = "11111111-2222-4333-8444-000000000001";
    private static final String P2 = "11111111-2222-4333-8444-000000000002";
    private static final String P3 = "11111111-2222-4333-8444-000000000003";
    private final LabNaming naming = new LabNaming("u1");
    private final LabProjection state = new LabProjection(naming);
    private long index = 1;

    private void apply(String intent, Event e) {
        state.apply(new EventEnvelope(index++, Instant.EPOCH, "t", intent, null, "x", e));
    }

    /**
     * An old log (written before names of the namespace form were refused): guest a on n1, and guest dovsu1-a
     * (whose name is a's namespace name) on n1; guest b on n2.
     */
    private void oldLab() {
        for (String n : List.of("n1", "n2")) {
            apply("a" + n, new Intent.AddNode(n, "img"));
            apply("a" + n, new Outcome.NodeAdded(n, naming.container(n), "c", "m", "i"));
        }
        apply("ga", new Intent.AddGuest("a", "n1", "10.0.0.1/24", "fa:16:3e:00:00:01", P1, null, null, 1450));
        apply("ga", new Outcome.GuestAdded("a", "n1", naming.netns("a"), LabNaming.tap(P1)));
        apply("gx", new Intent.AddGuest("dovsu1-a", "n1", "10.0.0.9/24", "fa:16:3e:00:00:09", P2, null, null, 1450));
        apply("gx", new Outcome.GuestAdded("dovsu1-a", "n1", naming.netns("dovsu1-a"), LabNaming.tap(P2)));
        apply("gb", new Intent.AddGuest("b", "n2", "10.0.0.2/24", "fa:16:3e:00:00:02", P3, null, null, 1450));
        apply("gb", new Outcome.GuestAdded("b", "n2", naming.netns("b"), LabNaming.tap(P3)));
    }

    @Test
    void an_exact_name_wins_over_the_namespace_alias_in_every_command() {
        oldLab();
        Plan del = planned(Decider.decide(state, new Intent.DelGuest("dovsu1-a")));
        assertEquals(new Action.DeleteNamespace("dovsu1-dovsu1-a"), del.actions().get(1).get(0),
                "del-guest dovsu1-a deletes the guest named dovsu1-a, not guest a's namespace");
        assertEquals(new Outcome.GuestRemoved("dovsu1-a", "n1"), PlanOutcomes.success(del, StepResults.of()));

        Impairment i = new Impairment(10, 0, 0, null);
        assertEquals(List.of(List.of(new Action.SetNetem("dovsu1-dovsu1-a", "eth0", i))),
                planned(Decider.decide(state, new Intent.Netem("dovsu1-a", i))).actions());
        Plan move = planned(Decider.decide(state, new Intent.MoveGuest("dovsu1-a", "n2")));
        assertEquals(new Outcome.GuestMoved("dovsu1-a", "n1", "n2"), PlanOutcomes.success(move, StepResults.of()));

        assertEquals("dovsu1-a", state.resolveGuest("dovsu1-a").orElseThrow().name());
        assertEquals("dovsu1-a", state.resolveGuest("dovsu1-dovsu1-a").orElseThrow().name());
        assertEquals("a", state.resolveGuest("a").orElseThrow().name());
    }

    @Test
    void an_alias_names_its_guest_when_no_guest_has_that_name() {
        oldLab();
        assertEquals(new Outcome.GuestRemoved("b", "n2"), PlanOutcomes.success(
                planned(Decider.decide(state, new Intent.DelGuest("dovsu1-b"))), StepResults.of()));
        assertEquals(new Outcome.GuestMoved("b", "n2", "n1"), PlanOutcomes.success(
                planned(Decider.decide(state, new Intent.MoveGuest("dovsu1-b", "n1"))), StepResults.of()));
        assertEquals("guest dovsu1-c does not exist", rejected(Decider.decide(state, new Intent.DelGuest("dovsu1-c"))));
        assertEquals("guest dovs-b does not exist", rejected(Decider.decide(state, new Intent.DelGuest("dovs-b"))),
                "another lab's namespace form is no alias");
    }

    @Test
    void intents_are_submitted_with_the_canonical_name() {
        oldLab();
        assertEquals(new Intent.MoveGuest("b", "n1"), Decider.canonical(state, new Intent.MoveGuest("dovsu1-b", "n1")));
        assertEquals(new Intent.DelGuest("b"), Decider.canonical(state, new Intent.DelGuest("dovsu1-b")));
        assertEquals(new Intent.Netem("b", null), Decider.canonical(state, new Intent.Netem("dovsu1-b", null)));
        assertEquals(new Intent.DelGuest("dovsu1-a"), Decider.canonical(state, new Intent.DelGuest("dovsu1-a")));
        assertEquals(new Intent.DelGuest("zz"), Decider.canonical(state, new Intent.DelGuest("zz")), "unknown: as is");
    }

    @Test
    void only_an_intent_naming_a_guest_folds_the_labs_state_to_be_made_canonical() {
        oldLab();
        int[] folds = {0};
        java.util.function.Supplier<dev.dovs.events.projection.LabProjection> counted = () -> {
            folds[0]++;
            return state;
        };
        Intent add = new Intent.AddGuest("c", "n1", "10.0.0.3/24", "fa:16:3e:00:00:03",
                "3d2c1b0a-9f8e-4d7c-6b5a-493827160504", null, null, 1500);
        assertEquals(add, Decider.canonical(counted, add));
        assertEquals(0, folds[0], "add-guest names no existing guest: the log is not read");
        assertEquals(new Intent.DelGuest("b"), Decider.canonical(counted, new Intent.DelGuest("dovsu1-b")));
        assertEquals(1, folds[0]);
    }

    @Test
    void a_new_guest_name_of_the_namespace_form_is_refused_whatever_the_order() {
        oldLab();
        Intent.AddGuest bad = new Intent.AddGuest("dovsu1-b", "n1", "10.0.0.7/24", "fa:16:3e:00:00:07",
                "11111111-2222-4333-8444-000000000007", null, null, 1450);
        assertEquals("guest name dovsu1-b has the form of lab u1's namespace names (dovsu1-<guest>), which commands "
                + "accept for the guest they belong to: choose a name not starting with dovsu1-",
                rejected(Decider.decide(state, bad)));
        Intent.AddGuest noGuestYet = new Intent.AddGuest("dovsu1-zz", "n1", "10.0.0.7/24", "fa:16:3e:00:00:07",
                "11111111-2222-4333-8444-000000000007", null, null, 1450);
        assertTrue(rejected(Decider.decide(state, noGuestYet)).startsWith("guest name dovsu1-zz has the form"));
        assertTrue(rejected(Decider.decide(state, new Intent.Spawn(List.of(), List.of(noGuestYet))))
                .startsWith("dovsu1-zz: guest name dovsu1-zz has the form"), "spawn and lab files too");
        Intent.AddGuest otherLabsForm = new Intent.AddGuest("dovs-x", "n1", "10.0.0.7/24", "fa:16:3e:00:00:07",
                "11111111-2222-4333-8444-000000000007", null, null, 1450);
        planned(Decider.decide(state, otherLabsForm));
        assertNull(naming.guestNameProblem("dovs-x"));
        assertTrue(LabNaming.defaultLab().guestNameProblem("dovs-x").contains("not starting with dovs-"));
    }

    @Test
    void an_old_logs_alias_replays_as_the_guest_it_meant() {
        oldLab();
        apply("mv", new Intent.MoveGuest("dovsu1-b", "n1"));
        apply("mv", new Outcome.GuestMoved("b", "n2", "n1"));
        apply("nt", new Intent.Netem("dovsu1-b", null));
        apply("nt", new Outcome.NetemSet("b", null));
        List<Intent> replayed = ReplayPlanner.plan(state).stream().map(IntentView::intent).toList();
        assertTrue(replayed.contains(new Intent.MoveGuest("b", "n1")), replayed::toString);
        assertTrue(replayed.stream().noneMatch(x -> x.toString().contains("dovsu1-b")), replayed::toString);
    }
}
