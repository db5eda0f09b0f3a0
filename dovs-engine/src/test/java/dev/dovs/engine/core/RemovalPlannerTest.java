package dev.dovs.engine.core;

import dev.dovs.events.Action;
import dev.dovs.events.Event;
import dev.dovs.events.EventEnvelope;
import dev.dovs.events.Intent;
import dev.dovs.events.Outcome;
import dev.dovs.events.StepEvent;
import dev.dovs.events.model.Impairment;
import dev.dovs.events.model.LabNaming;
import dev.dovs.events.model.Topology;
import dev.dovs.events.projection.LabProjection;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;

import static dev.dovs.engine.core.Decisions.planned;
import static dev.dovs.engine.core.Decisions.rejected;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

/** The decider's plans for del-guest, del-node and netem (issue 12). */
class RemovalPlannerTest {
    private static final String P1 = "11111111-2222-4333-8444-000000000001";
    private static final String P2 = "11111111-2222-4333-8444-000000000002";
    private final LabNaming naming = new LabNaming("t");
    private final LabProjection state = new LabProjection(naming);
    private long index = 1;
    private int steps;

    private void apply(String intent, Event e) {
        state.apply(new EventEnvelope(index++, Instant.EPOCH, "t", intent, null, "x", e));
    }

    private void step(String intent, Action a) {
        String id = "s" + ++steps;
        apply(intent, new StepEvent.StepStarted(id, a, null));
        apply(intent, new StepEvent.StepSucceeded(id, java.util.Map.of()));
    }

    /** n1, n2, n3 with net a between them (tunnels as the log records them); g1 on n1, g2 on n2. */
    private void lab() {
        for (String n : List.of("n1", "n2", "n3")) {
            apply("a" + n, new Intent.AddNode(n, "img"));
            apply("a" + n, new Outcome.NodeAdded(n, naming.container(n), "c", "m", "i"));
        }
        apply("g1", new Intent.AddGuest("g1", "n1", "10.0.0.1/24", "fa:16:3e:00:00:01", P1, "a", null, 1450));
        for (String n : List.of("n1", "n2", "n3")) {
            List<Action.Tunnel> tunnels = List.of("n1", "n2", "n3").stream().filter(o -> !o.equals(n))
                    .map(o -> new Action.Tunnel("vx-" + n + "-" + o, naming.container(o), 1001, 101)).toList();
            step("g1", new Action.AddTunnels(naming.container(n), naming.intNetwork(), "t", tunnels));
        }
        apply("g1", new Outcome.GuestAdded("g1", "n1", naming.netns("g1"), LabNaming.tap(P1)));
        apply("g2", new Intent.AddGuest("g2", "n2", "10.0.0.2/24", "fa:16:3e:00:00:02", P2, "a", null, 1450));
        apply("g2", new Outcome.GuestAdded("g2", "n2", naming.netns("g2"), LabNaming.tap(P2)));
    }

    @Test
    void del_guest_unplugs_then_deletes_the_namespace() {
        lab();
        Plan plan = planned(Decider.decide(state, new Intent.DelGuest("g1")));

        assertEquals(List.of(List.of(new Action.UnplugPort("t.n1", "br-int", LabNaming.tap(P1))),
                List.of(new Action.DeleteNamespace("dovst-g1")),
                List.of(new Action.RemovePorts("t.n1", "br-int", List.of(Topology.tunnelPort(1001, "t.n2"))),
                        new Action.RemovePorts("t.n2", "br-int", List.of(Topology.tunnelPort(1001, "t.n1"))))),
                plan.actions(), "g1 was net a's only port on n1: the tunnels of net a between n1 and n2 go");
        assertEquals(new Outcome.GuestRemoved("g1", "n1"), PlanOutcomes.success(plan, StepResults.of()));
        // g2, the last guest of net a on n2: n2's tunnel of net a to n1 goes, and n1's to n2 (l2population)
        assertEquals(List.of(List.of(new Action.UnplugPort("t.n2", "br-int", LabNaming.tap(P2))),
                List.of(new Action.DeleteNamespace("dovst-g2")),
                List.of(new Action.RemovePorts("t.n2", "br-int", List.of(Topology.tunnelPort(1001, "t.n1"))),
                        new Action.RemovePorts("t.n1", "br-int", List.of(Topology.tunnelPort(1001, "t.n2"))))),
                planned(Decider.decide(state, new Intent.DelGuest("g2"))).actions());
        assertEquals("guest g9 does not exist", rejected(Decider.decide(state, new Intent.DelGuest("g9"))));
    }

    @Test
    void del_node_refuses_guests_without_force_and_with_it_removes_them_the_tunnels_to_it_and_the_container() {
        lab();
        assertEquals("node n2 has guests g2: del-node --force removes them first",
                rejected(Decider.decide(state, new Intent.DelNode("n2", false))));

        Plan plan = planned(Decider.decide(state, new Intent.DelNode("n2", true)));

        assertEquals(List.of(
                List.of(new Action.DeleteNamespace("dovst-g2")),
                List.of(new Action.RemovePorts("t.n1", "br-int", List.of("vx-n1-n2")),
                        new Action.RemovePorts("t.n3", "br-int", List.of("vx-n3-n2"))),
                List.of(new Action.RemoveContainer("t.n2", "t"))), plan.actions());
        assertEquals(new Outcome.NodeRemoved("n2", List.of("g2")), PlanOutcomes.success(plan, StepResults.of()));
        assertEquals(List.of(List.of(new Action.RemovePorts("t.n1", "br-int", List.of("vx-n1-n3")),
                new Action.RemovePorts("t.n2", "br-int", List.of("vx-n2-n3"))),
                List.of(new Action.RemoveContainer("t.n3", "t"))),
                planned(Decider.decide(state, new Intent.DelNode("n3", false))).actions(), "an empty node");
        assertEquals("node n9 does not exist", rejected(Decider.decide(state, new Intent.DelNode("n9", true))));
    }

    @Test
    void del_node_refuses_a_node_hosting_a_router() {
        apply("a", new Intent.AddNode("n1", "img"));
        apply("a", new Outcome.NodeAdded("n1", "t.n1", "c", "m", "i"));
        apply("g", new Intent.AddGuest("g1", "n1", "10.0.0.1/24", "fa:16:3e:00:00:01", P1, "a", "r1", 1450));
        apply("g", new Outcome.GuestAdded("g1", "n1", "dovst-g1", LabNaming.tap(P1)));

        assertEquals("node n1 hosts router r1: its nets would lose their gateway (a router stays until 'dovs --lab t clean')",
                rejected(Decider.decide(state, new Intent.DelNode("n1", true))));
    }

    @Test
    void netem_sets_or_clears_the_guests_eth0_qdisc() {
        lab();
        Impairment i = new Impairment(50, 5, 1, null);

        assertEquals(List.of(List.of(new Action.SetNetem("dovst-g2", "eth0", i))),
                planned(Decider.decide(state, new Intent.Netem("g2", i))).actions());
        Plan clear = planned(Decider.decide(state, new Intent.Netem("dovst-g2", null)));
        assertEquals(List.of(List.of(new Action.ClearNetem("dovst-g2", "eth0"))), clear.actions());
        assertEquals(new Outcome.NetemSet("g2", null), PlanOutcomes.success(clear, StepResults.of()));
        assertEquals(new Outcome.NetemSetFailed("g2", new Outcome.Failure(Outcome.Failure.Kind.FAILED, "x", true)),
                new Intent.Netem("g2", i).failed(new Outcome.Failure(Outcome.Failure.Kind.FAILED, "x",
                        true)));
        assertEquals("guest g9 does not exist", rejected(Decider.decide(state, new Intent.Netem("g9", i))));
    }
}
