package dev.dovs.engine.core;

import dev.dovs.events.Action;
import dev.dovs.events.Intent;
import dev.dovs.events.model.LabNaming;
import dev.dovs.events.model.Topology;
import dev.dovs.events.projection.LabProjection;
import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A fresh user's report: after moves, {@code del-node --force} planned the same tunnel removal twice in one stage
 * (and ran it twice). The cause was the ledger: a tunnel removed by a move's l2population stayed recorded as added,
 * and when a later move added it again the ledger held it twice. The lab is built by rehearsing the user's own
 * sequence through the decider ({@link Rehearsal}), so the log is what an engine would have written.
 */
class TunnelBookkeepingTest {
    private final LabNaming naming = new LabNaming("u1");

    private static Intent.AddGuest guest(String name, String node, int i) {
        return new Intent.AddGuest(name, node, "10.0.0." + i + "/24", "fa:16:3e:00:00:0" + i,
                i + "1111111-2222-4333-8444-000000000000", "A", null, 1450);
    }

    /** nodes n1, n2; guests a (n1), b (n2), c (n1) on net A; move a to n2, c to n2, c back to n1. */
    private LabProjection usersLab() {
        LabProjection s = new LabProjection(naming);
        Rehearsal.Result r = Rehearsal.run(s, List.of(new Intent.AddNode("n1", "img"),
                new Intent.AddNode("n2", "img"), guest("a", "n1", 1), guest("b", "n2", 2), guest("c", "n1", 3),
                new Intent.MoveGuest("a", "n2"), new Intent.MoveGuest("c", "n2"), new Intent.MoveGuest("c", "n1")));
        assertNull(r.refusal(), () -> "" + r.decisions());
        assertEquals(8, r.decisions().size());
        return s;
    }

    private static Plan plan(LabProjection s, Intent i) {
        return ((Decision.Planned) Decider.decide(s, i)).plan();
    }

    /** No stage of the plan acts twice on the same port of the same container. */
    private static void assertNoPortTwiceInAStage(Plan p) {
        for (Plan.Stage stage : p.stages()) {
            Set<String> seen = new HashSet<>();
            for (Action a : stage.actions()) {
                if (a instanceof Action.RemovePorts rp) {
                    for (String port : rp.ports()) {
                        assertTrue(seen.add(rp.container() + ":" + port), () -> "twice in a stage: " + port
                                + " on " + rp.container() + " in " + stage);
                    }
                }
            }
        }
    }

    @Test
    void del_node_force_after_moves_removes_each_tunnel_once() {
        LabProjection s = usersLab();
        String n1ToN2 = Topology.tunnelPort(s.net("A").orElseThrow().vni(), naming.container("n2"));
        long recorded = s.ledger().stream().filter(e -> e.action() instanceof Action.AddTunnels t
                && t.tunnels().stream().anyMatch(x -> x.port().equals(n1ToN2))).count();
        assertEquals(1, recorded, "n1 holds its tunnel to n2 once, so the ledger records it once: " + s.ledger());

        Plan p = plan(s, new Intent.DelNode("n2", true));

        assertEquals(List.of(new Action.RemovePorts("u1.n1", "br-int", List.of(n1ToN2))), p.actions().get(1),
                "the tunnel stage: n1's one tunnel to n2, once");
        assertNoPortTwiceInAStage(p);
    }

    @Test
    void no_planner_acts_twice_on_a_port_in_a_stage_after_the_users_sequence() {
        LabProjection s = usersLab();
        for (Intent i : List.of(new Intent.Clean(), new Intent.DelGuest("a"), new Intent.DelGuest("b"),
                new Intent.DelGuest("c"), new Intent.DelNode("n1", true), new Intent.MoveGuest("a", "n1"),
                new Intent.MoveGuest("c", "n2"))) {
            Plan p = plan(s, i);
            assertNoPortTwiceInAStage(p);
            for (Plan.Stage st : p.stages()) {
                assertEquals(new HashSet<>(st.actions()).size(), st.actions().size(), () -> i + ": " + st);
            }
        }
        // clean's compensations: each tunnel port and each lab network once, though two add-nodes ensured them
        Plan clean = plan(s, new Intent.Clean());
        long networks = clean.stages().stream().flatMap(st -> st.actions().stream())
                .filter(a -> a instanceof Action.RemoveNetwork).count();
        assertEquals(2, networks, clean.toString());
    }

    @Test
    void a_stage_holds_each_action_once() {
        Action a = new Action.RemovePorts("u1.n1", "br-int", List.of("vx1"));
        Plan.Stage st = new Plan.Stage(List.of(new Plan.Step(a, "s1"), new Plan.Step(a, "s2"),
                Plan.Step.of(new Action.RemovePorts("u1.n2", "br-int", List.of("vx1")))), Plan.OnFailure.CONTINUE);
        assertEquals(List.of(new Plan.Step(a, "s1"),
                Plan.Step.of(new Action.RemovePorts("u1.n2", "br-int", List.of("vx1")))), st.steps());
    }
}
