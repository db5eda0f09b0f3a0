package dev.dovs.engine.core;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.dovs.events.Action;
import dev.dovs.events.Event;
import dev.dovs.events.EventEnvelope;
import dev.dovs.events.Intent;
import dev.dovs.events.Outcome;
import dev.dovs.events.Outcome.Failure;
import dev.dovs.events.StepEvent;
import dev.dovs.events.StepResult;
import dev.dovs.events.codec.EventCodec;
import dev.dovs.events.codec.WireFormatException;
import dev.dovs.events.model.Impairment;
import dev.dovs.events.model.LabNaming;
import dev.dovs.events.projection.LabProjection;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static dev.dovs.engine.core.Decisions.planned;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Plans are values: equal for the same intent on the same state, printable and readable back, clean's included. */
class PlanTest {
    private static final String P1 = "11111111-2222-4333-8444-000000000001";
    private static final String P2 = "11111111-2222-4333-8444-000000000002";
    private static final String P3 = "11111111-2222-4333-8444-000000000003";
    private static final ObjectMapper JSON = new ObjectMapper();

    /** A lab as its log makes it: n1, n2 with net a (its tunnels as steps), g1 on n1, g2 on n2; a fresh copy. */
    private static LabProjection lab() {
        LabNaming naming = new LabNaming("t");
        LabProjection state = new LabProjection(naming);
        long[] index = {1};
        int[] steps = {0};
        java.util.function.BiConsumer<String, Event> apply = (intent, e) ->
                state.apply(new EventEnvelope(index[0]++, Instant.EPOCH, "t", intent, null, "x", e));
        for (String n : List.of("n1", "n2")) {
            apply.accept("a" + n, new Intent.AddNode(n, "img"));
            String step = "s" + ++steps[0];
            apply.accept("a" + n, new StepEvent.StepStarted(step, new Action.CreateContainer(naming.container(n), n,
                    "img", List.of(naming.mgmtNetwork(), naming.intNetwork()), "t"), null));
            apply.accept("a" + n, new StepEvent.StepSucceeded(step, Map.of()));
            apply.accept("a" + n, new Outcome.NodeAdded(n, naming.container(n), "c", "m", "i"));
        }
        apply.accept("g1", new Intent.AddGuest("g1", "n1", "10.0.0.1/24", "fa:16:3e:00:00:01", P1, "a", null, 1450));
        for (String n : List.of("n1", "n2")) {
            String other = n.equals("n1") ? "n2" : "n1";
            String step = "s" + ++steps[0];
            apply.accept("g1", new StepEvent.StepStarted(step, new Action.AddTunnels(naming.container(n),
                    naming.intNetwork(), "t", List.of(new Action.Tunnel("vx-" + n + "-" + other,
                    naming.container(other), 1001, 101))), null));
            apply.accept("g1", new StepEvent.StepSucceeded(step, Map.of()));
        }
        apply.accept("g1", new Outcome.GuestAdded("g1", "n1", naming.netns("g1"), LabNaming.tap(P1)));
        apply.accept("g2", new Intent.AddGuest("g2", "n2", "10.0.0.2/24", "fa:16:3e:00:00:02", P2, "a", null, 1450));
        apply.accept("g2", new Outcome.GuestAdded("g2", "n2", naming.netns("g2"), LabNaming.tap(P2)));
        return state;
    }

    /** One intent of every kind the decider plans without a controller. */
    private static List<Intent> intents() {
        Intent.AddNode n3 = new Intent.AddNode("n3", "img");
        Intent.AddGuest g3 = new Intent.AddGuest("g3", "n1", "10.0.0.3/24", "fa:16:3e:00:00:03", P3, "a", null, 1450);
        return List.of(n3, g3, new Intent.Spawn(List.of(n3), List.of(g3)), new Intent.MoveGuest("g1", "n2"),
                new Intent.DelGuest("g1"), new Intent.DelNode("n2", true),
                new Intent.Netem("g1", new Impairment(50, 5, 1.0, "10mbit")), new Intent.Netem("g1", null),
                new Intent.Clean());
    }

    @Test
    void the_same_intent_on_the_same_state_gives_equal_plans_and_different_intents_different_ones() {
        List<Plan> plans = new ArrayList<>();
        for (Intent intent : intents()) {
            Plan first = planned(Decider.decide(lab(), intent));
            Plan second = planned(Decider.decide(lab(), intent));
            assertEquals(first, second, intent.describe());
            assertEquals(first.hashCode(), second.hashCode(), intent.describe());
            plans.add(first);
        }
        assertEquals(plans.size(), new java.util.HashSet<>(plans).size(), "every intent has a plan of its own");
    }

    @Test
    void a_plan_changes_with_the_state() {
        LabProjection moved = lab();
        moved.apply(new EventEnvelope(100, Instant.EPOCH, "t", "m", null, "x", new Intent.MoveGuest("g2", "n1")));
        moved.apply(new EventEnvelope(101, Instant.EPOCH, "t", "m", null, "x", new Outcome.GuestMoved("g2", "n2",
                "n1")));

        assertNotEquals(planned(Decider.decide(lab(), new Intent.DelGuest("g2"))),
                planned(Decider.decide(moved, new Intent.DelGuest("g2"))), "g2's port is on another node");
    }

    @Test
    void every_plan_round_trips_through_its_json_form() throws Exception {
        for (Intent intent : intents()) {
            Plan plan = planned(Decider.decide(lab(), intent));
            String text = PlanJson.encode(plan).toString();

            assertEquals(plan, PlanJson.decode(JSON.readTree(text)), text);
        }
    }

    @Test
    void json_that_is_not_a_plan_is_refused_with_the_reason() throws Exception {
        String ok = PlanJson.encode(planned(Decider.decide(lab(), new Intent.DelGuest("g1")))).toString();

        WireFormatException how = assertThrows(WireFormatException.class,
                () -> PlanJson.decode(JSON.readTree(ok.replace("roll-back", "retry"))));
        assertEquals("plan: unknown onFailure 'retry'", how.getMessage());
        assertThrows(WireFormatException.class,
                () -> PlanJson.decode(JSON.readTree(ok.replace("outcome.guest-removed", "outcome.nope"))));
        assertThrows(WireFormatException.class,
                () -> PlanJson.decode(JSON.readTree(ok.replace("\"outcome.guest-removed\"", "\"intent.del-guest\""))));
        ObjectNode failed = (ObjectNode) JSON.readTree(ok);
        failed.set("outcome", EventCodec.encodeEvent(
                new Outcome.GuestRemoveFailed("g1", new Failure(Failure.Kind.FAILED, "x", false))));
        how = assertThrows(WireFormatException.class, () -> PlanJson.decode(failed));
        assertTrue(how.getMessage().startsWith("plan: a plan's outcome is its success, not "), how.getMessage());
    }

    @Test
    void clean_is_planned_by_the_decider_compensations_by_layer_then_the_sweeps() {
        Plan plan = planned(Decider.decide(lab(), new Intent.Clean()));

        // the tunnels (rank 0) before the containers (rank 2), newest first; each undo names the step it undoes
        Plan.Stage tunnels = plan.stages().get(0);
        assertEquals(Plan.OnFailure.CONTINUE, tunnels.onFailure());
        assertEquals(List.of("s4", "s3"), tunnels.steps().stream().map(Plan.Step::undoes).toList());
        assertEquals(List.of(new Action.RemovePorts("t.n2", "br-int", List.of("vx-n2-n1")),
                new Action.RemovePorts("t.n1", "br-int", List.of("vx-n1-n2"))), tunnels.actions());
        Plan.Stage containers = plan.stages().get(1);
        assertEquals(List.of(new Action.RemoveContainer("t.n2", "t"), new Action.RemoveContainer("t.n1", "t")),
                containers.actions());
        List<Plan.Stage> sweeps = plan.stages().subList(2, plan.stages().size());
        assertTrue(sweeps.size() >= 3, "namespaces, OVS ports, containers and networks: " + sweeps);
        sweeps.forEach(s -> {
            assertEquals(Plan.OnFailure.REPORT, s.onFailure());
            assertInstanceOf(Action.Sweep.class, s.actions().get(0));
            assertEquals(1, s.steps().size(), "one sweep after the other");
        });
        assertTrue(plan.bestEffort(), "clean runs whatever fails");
        assertEquals(new Outcome.LabCleaned(0, 0), plan.outcome());
    }

    @Test
    void other_plans_roll_back_and_are_not_best_effort() {
        for (Intent intent : intents()) {
            Plan plan = planned(Decider.decide(lab(), intent));
            if (intent instanceof Intent.Clean) {
                continue;
            }
            assertTrue(plan.stages().stream().allMatch(s -> s.onFailure() == Plan.OnFailure.ROLL_BACK
                    && s.steps().stream().allMatch(x -> x.undoes() == null)), intent.describe());
            assertTrue(!plan.bestEffort(), intent.describe());
        }
    }

    @Test
    void the_outcome_is_completed_from_the_step_results() {
        Plan clean = planned(Decider.decide(lab(), new Intent.Clean()));
        StepResults results = new StepResults(List.of(new StepResult.Done(), new StepResult.Done(),
                new StepResult.Swept(3), new StepResult.Swept(2)), 2);
        assertEquals(new Outcome.LabCleaned(2, 5), PlanOutcomes.success(clean, results));

        Plan node = planned(Decider.decide(lab(), new Intent.AddNode("n3", "img")));
        assertEquals(new Outcome.NodeAdded("n3", "t.n3", null, null, null), node.outcome());
        assertEquals(new Outcome.NodeAdded("n3", "t.n3", "c0ffee", "172.18.0.9", "172.19.0.9"),
                PlanOutcomes.success(node, StepResults.of(new StepResult.ContainerCreated("c0ffee", 42, "172.18.0.9",
                        "172.19.0.9"))));
    }

    @Test
    void a_failure_logs_the_failed_twin_of_the_planned_outcome() {
        Failure f = new Failure(Failure.Kind.FAILED, "boom", true);
        List<Outcome> twins = new ArrayList<>();
        for (Intent intent : intents()) {
            twins.add(planned(Decider.decide(lab(), intent)).outcome().failed(f));
        }
        assertEquals(List.of(new Outcome.NodeAddFailed("n3", f), new Outcome.GuestAddFailed("g3", f),
                new Outcome.LabSpawnFailed(f), new Outcome.GuestMoveFailed("g1", f),
                new Outcome.GuestRemoveFailed("g1", f), new Outcome.NodeRemoveFailed("n2", f),
                new Outcome.NetemSetFailed("g1", f), new Outcome.NetemSetFailed("g1", f),
                new Outcome.LabCleanFailed(f)), twins);
    }

    @Test
    void an_intent_that_never_got_a_plan_fails_with_the_same_twin_as_its_plan() {
        Failure f = new Failure(Failure.Kind.REJECTED, "no", true);
        for (Intent intent : intents()) {
            assertEquals(planned(Decider.decide(lab(), intent)).outcome().failed(f), intent.failed(f),
                    intent.describe());
        }
    }

    @Test
    void a_plan_holds_no_empty_stage() {
        assertThrows(IllegalArgumentException.class, () -> new Plan.Stage(List.of(), Plan.OnFailure.ROLL_BACK));
        assertEquals(List.of(List.of(new Action.DeleteNamespace("x"))), Plan.of(List.of(List.of(),
                List.of(new Action.DeleteNamespace("x"))), new Outcome.GuestRemoved("g", "n")).actions());
    }
}
