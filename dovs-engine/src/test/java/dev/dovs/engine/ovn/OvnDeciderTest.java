package dev.dovs.engine.ovn;

import dev.dovs.engine.core.Decider;
import dev.dovs.engine.core.Decision;
import dev.dovs.events.Action;
import dev.dovs.events.Event;
import dev.dovs.events.EventEnvelope;
import dev.dovs.events.Intent;
import dev.dovs.events.Outcome;
import dev.dovs.events.StepEvent;
import dev.dovs.events.model.LabNaming;
import dev.dovs.events.projection.LabProjection;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import static dev.dovs.engine.core.Decisions.rejected;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** An OVN lab's plans, through the generic planner and the controller seam: the exact stages of each intent. */
class OvnDeciderTest {
    private static final String LAB = "t1";
    private static final LabNaming NAMING = new LabNaming(LAB);
    private static final Intent.ControllerTarget OVN = OvnController.target(null, null, "geneve", 7);
    private static final Action.OvnDb CENTRAL = Action.OvnDb.central("dovst1-ovn-central");
    private static final String PORT1 = "3d2c1b0a-9f8e-4d7c-8b6a-5f4e3d2c1b0a";
    private static final String PORT2 = "7e6d5c4b-3a29-4180-8f7e-6d5c4b3a2918";

    private final LabProjection state = new LabProjection(NAMING);
    private long index = 1;
    private int intents;

    private void apply(String intent, Event e) {
        state.apply(new EventEnvelope(index++, Instant.EPOCH, LAB, intent, null, "t", e));
    }

    /** A node added with OVN, and the steps that made it (the central among them, for the first). */
    private void node(String name) {
        String id = "i" + intents++;
        Intent.AddNode add = new Intent.AddNode(name, "img", OVN);
        apply(id, add);
        for (List<Action> stage : planned(Decider.decide(state, add))) {
            for (Action a : stage) {
                String step = id + "-" + index;
                apply(id, new StepEvent.StepStarted(step, a, null));
                apply(id, new StepEvent.StepSucceeded(step, Map.of()));
            }
        }
        apply(id, new Outcome.NodeAdded(name, NAMING.container(name), "cid", "172.18.0.2", "172.19.0.2"));
    }

    private void guest(Intent.AddGuest g) {
        String id = "i" + intents++;
        apply(id, g);
        apply(id, new Outcome.GuestAdded(g.guest(), g.node(), NAMING.netns(g.guest()), LabNaming.tap(g.portId())));
    }

    private static List<List<Action>> planned(Decision d) {
        return assertInstanceOf(Decision.Planned.class, d, () -> "expected a plan, got " + d).plan().actions();
    }

    @Test
    void theFirstNodeStartsTheCentralWithItsContainerThenBecomesAChassis() {
        List<List<Action>> stages = planned(Decider.decide(state, new Intent.AddNode("n1", "img", OVN)));
        assertEquals(List.of(
                List.of(new Action.EnsureNetwork("dovst1-mgmt", LAB), new Action.EnsureNetwork("dovst1-int", LAB)),
                List.of(new Action.CreateContainer("t1.n1", "n1", "img", List.of("dovst1-mgmt", "dovst1-int"), LAB),
                        new Action.OvnStartCentral("dovst1-ovn-central", "dovs/ovn-central:latest", "dovst1-mgmt",
                                LAB)),
                List.of(new Action.CreateBridge("t1.n1", "br-int", LAB)),
                List.of(new Action.SetupUnderlay("t1.n1", "dovst1-int", LAB)),
                List.of(new Action.OvnStartController("t1.n1", LAB, CENTRAL, "geneve", "dovst1-int", 30))), stages);
    }

    @Test
    void anOvnThatRunsAlreadyMustAnswerBeforeANodeIsCreated() {
        Intent.ControllerTarget remote = OvnController.target("tcp:192.0.2.1:6641", "tcp:192.0.2.1:6642", "vxlan",
                30);
        List<List<Action>> stages = planned(Decider.decide(state, new Intent.AddNode("n1", "img", remote)));
        Action.OvnDb db = Action.OvnDb.remote("tcp:192.0.2.1:6641", "tcp:192.0.2.1:6642");
        assertEquals(List.of(new Action.OvnNbTransact(db, LAB, "check that the OVN NB at tcp:192.0.2.1:6641 answers",
                List.of("--columns=_uuid", "list", "NB_Global"), List.of())), stages.get(0), "a read, nothing to undo");
        assertInstanceOf(Action.EnsureNetwork.class, stages.get(1).get(0));
        assertFalse(stages.stream().flatMap(List::stream).anyMatch(a -> a instanceof Action.OvnStartCentral));
        assertEquals(new Action.OvnStartController("t1.n1", LAB, db, "vxlan", "dovst1-int", 30),
                stages.get(stages.size() - 1).get(0));
    }

    @Test
    void aSecondNodeReusesTheCentral() {
        node("n1");
        List<List<Action>> stages = planned(Decider.decide(state, new Intent.AddNode("n2", "img", OVN)));
        assertEquals(List.of(new Action.SetupUnderlay("t1.n2", "dovst1-int", LAB)), stages.get(3));
        assertFalse(stages.stream().flatMap(List::stream).anyMatch(a -> a instanceof Action.OvnStartCentral));
    }

    @Test
    void anOvnLabRefusesAPlainNodeAndAPlainLabAnOvnNode() {
        node("n1");
        assertEquals("the nodes of this lab are managed by the lab's own OVN central: add-node needs --ovn",
                rejected(Decider.decide(state, new Intent.AddNode("n2", "img"))));
        assertEquals("node n1 is managed by the lab's own OVN central: add-guest --net needs --ovn",
                rejected(Decider.decide(state, new Intent.AddGuest("g1", "n1", "10.0.0.1/24", "fa:16:3e:00:00:01",
                        PORT1, "a", null, 1450, null))));
        LabProjection plain = new LabProjection(NAMING);
        plain.apply(new EventEnvelope(1, Instant.EPOCH, LAB, "x", null, "t", new Intent.AddNode("p1", "img")));
        plain.apply(new EventEnvelope(2, Instant.EPOCH, LAB, "x", null, "t", new Outcome.NodeAdded("p1", "t1.p1",
                "cid", "172.18.0.2", "172.19.0.2")));
        assertTrue(rejected(Decider.decide(plain, new Intent.AddNode("n2", "img", OVN))).contains("without a "
                + "controller"));
    }

    @Test
    void aRoutedGuestIsNbObjectsThenItsNamespaceAndPlugThenTheBindingWait() {
        node("n1");
        List<List<Action>> stages = planned(Decider.decide(state, new Intent.AddGuest("g1", "n1", "10.0.0.1/24",
                "fa:16:3e:00:00:01", PORT1, "a", "r1", 1442, OVN)));
        NbCommands nb = new NbCommands(new OvnNames(NAMING));
        OvnNames names = new OvnNames(NAMING);
        Action.OvnNbTransact sw = (Action.OvnNbTransact) stages.get(0).get(0);
        Action.OvnNbTransact lr = (Action.OvnNbTransact) stages.get(0).get(1);
        assertEquals(nb.createSwitch("a", "10.0.0.0/24"), sw.commands());
        assertEquals(nb.createRouter("r1"), lr.commands());
        Action.OvnNbTransact rp = (Action.OvnNbTransact) stages.get(1).get(0);
        assertEquals(nb.createRouterPort("r1", "a", dev.dovs.events.model.Topology.routerMac(
                names.routerPortId("r1", "a")), "10.0.0.254/24"), rp.commands());
        Action.OvnNbTransact lsp = (Action.OvnNbTransact) stages.get(1).get(1);
        assertEquals(nb.createGuestPort("a", PORT1, "g1", "fa:16:3e:00:00:01", "10.0.0.1"), lsp.commands());
        assertEquals(List.of(new Action.CreateGuests("t1.n1", List.of(new Action.GuestLink("dovst1-g1", "eth0",
                LabNaming.tap(PORT1), "fa:16:3e:00:00:01", 1442, "10.0.0.1/24", "10.0.0.254")))), stages.get(2));
        Action.PlugPort plug = (Action.PlugPort) stages.get(3).stream().filter(a -> a instanceof Action.PlugPort)
                .findFirst().orElseThrow();
        assertEquals(PORT1, plug.ifaceId());
        assertEquals(0, plug.tag(), "no VLAN tag: ovn-controller programs br-int");
        assertEquals(List.of(new Action.OvnAwaitBinding(CENTRAL, PORT1, "t1.n1", 7)), stages.get(4),
                "the guest's own binding timeout");
        assertEquals(5, stages.size());
        assertFalse(stages.stream().flatMap(List::stream).anyMatch(a -> a instanceof Action.AddTunnels
                || a instanceof Action.EnableForwarding), "no dovs tunnels or router namespaces");
    }

    @Test
    void aMoveReplugsAndAwaitsTheBindingOnTheNewChassisWithoutAnnouncing() {
        node("n1");
        node("n2");
        guest(new Intent.AddGuest("g1", "n1", "10.0.0.1/24", "fa:16:3e:00:00:01", PORT1, "a", null, 1442, OVN));
        List<List<Action>> stages = planned(Decider.decide(state, new Intent.MoveGuest("g1", "n2")));
        assertInstanceOf(Action.DetachPort.class, stages.get(0).get(0));
        assertInstanceOf(Action.MoveLink.class, stages.get(1).get(0));
        assertEquals("t1.n2", ((Action.PlugPort) stages.get(2).get(0)).container());
        assertEquals(List.of(new Action.OvnAwaitBinding(CENTRAL, PORT1, "t1.n2", 7)), stages.get(3));
        assertEquals(4, stages.size());
    }

    @Test
    void aNetlessGuestGetsItsNodesLocalSwitchOnce() {
        node("n1");
        List<List<Action>> first = planned(Decider.decide(state, new Intent.AddGuest("g1", "n1", "10.9.0.1/24",
                "fa:16:3e:00:00:01", PORT1, null, null, 1500, OVN)));
        assertEquals(new NbCommands(new OvnNames(NAMING)).createSwitch("n1.local", null),
                ((Action.OvnNbTransact) first.get(0).get(0)).commands());
        guest(new Intent.AddGuest("g1", "n1", "10.9.0.1/24", "fa:16:3e:00:00:01", PORT1, null, null, 1500, OVN));
        List<List<Action>> second = planned(Decider.decide(state, new Intent.AddGuest("g2", "n1", "10.9.0.2/24",
                "fa:16:3e:00:00:02", PORT2, null, null, 1500, OVN)));
        assertEquals("lsp-add", ((Action.OvnNbTransact) second.get(0).get(0)).commands().get(1),
                "the switch exists: only the port");
    }

    @Test
    void cleanSweepsTheLabsOvnAndRanksNbDeletionsBeforeTheContainers() {
        node("n1");
        List<Action> sweeps = new OvnController().sweeps(state, new Intent.Clean());
        assertEquals(List.of(new Action.OvnSweep(CENTRAL, LAB)), sweeps);
        Intent.ControllerTarget remote = OvnController.target("tcp:192.0.2.1:6641", "tcp:192.0.2.1:6642",
                "geneve", 30);
        assertTrue(new OvnController().sweeps(state, new Intent.Clean(remote, false)).contains(new Action.OvnSweep(
                Action.OvnDb.remote("tcp:192.0.2.1:6641", "tcp:192.0.2.1:6642"), LAB)));
    }

    // ---- del-guest and del-node (issue 12) --------------------------------------------------------------------

    /** A guest added with OVN, and the steps that made it (as the engine logs them). */
    private String guestWithSteps(Intent.AddGuest g) {
        String id = "i" + intents++;
        apply(id, g);
        String lsp = null;
        for (List<Action> stage : planned(Decider.decide(state, g))) {
            for (Action a : stage) {
                String step = id + "-" + index;
                apply(id, new StepEvent.StepStarted(step, a, null));
                apply(id, new StepEvent.StepSucceeded(step, Map.of()));
                if (a instanceof Action.OvnNbTransact t && t.commands().contains(g.portId())) {
                    lsp = step;
                }
            }
        }
        apply(id, new Outcome.GuestAdded(g.guest(), g.node(), NAMING.netns(g.guest()), LabNaming.tap(g.portId())));
        return lsp;
    }

    private static dev.dovs.engine.core.Plan plan(Decision d) {
        return assertInstanceOf(Decision.Planned.class, d, () -> "expected a plan, got " + d).plan();
    }

    @Test
    void delGuestUnplugsDeletesTheNamespaceThenItsLogicalSwitchPortAsTheCompensationOfTheStepThatMadeIt() {
        node("n1");
        String made = guestWithSteps(new Intent.AddGuest("g1", "n1", "10.0.0.1/24", "fa:16:3e:00:00:01", PORT1, "a",
                null, 1442, OVN));
        NbCommands nb = new NbCommands(new OvnNames(NAMING));

        dev.dovs.engine.core.Plan plan = plan(Decider.decide(state, new Intent.DelGuest("g1")));

        assertEquals(List.of(new Action.UnplugPort("t1.n1", "br-int", LabNaming.tap(PORT1))),
                plan.actions().get(0));
        assertEquals(List.of(new Action.DeleteNamespace("dovst1-g1")), plan.actions().get(1));
        dev.dovs.engine.core.Plan.Step lsp = plan.stages().get(2).steps().get(0);
        Action.OvnNbTransact del = assertInstanceOf(Action.OvnNbTransact.class, lsp.action());
        assertEquals(nb.deletePort(PORT1), del.commands());
        assertEquals(CENTRAL, del.db());
        assertEquals(made, lsp.undoes(), "the log learns the port is gone: clean has nothing left to undo of it");
        assertEquals(3, plan.stages().size(), "no tunnels of dovs' own with OVN: " + plan.actions());
        assertEquals(new Outcome.GuestRemoved("g1", "n1"), plan.outcome());
    }

    @Test
    void delGuestOfASpawnedGuestDeletesOnlyItsOwnPort() {
        node("n1");
        Intent.AddGuest g1 = new Intent.AddGuest("g1", "n1", "10.0.0.1/24", "fa:16:3e:00:00:01", PORT1, "a", null,
                1442, OVN);
        Intent.AddGuest g2 = new Intent.AddGuest("g2", "n1", "10.0.0.2/24", "fa:16:3e:00:00:02", PORT2, "a", null,
                1442, OVN);
        String id = "spawn";
        Intent.Spawn spawn = new Intent.Spawn(List.of(), List.of(g1, g2));
        apply(id, spawn);
        for (List<Action> stage : planned(Decider.decide(state, spawn))) {
            for (Action a : stage) {
                apply(id, new StepEvent.StepStarted("s" + index, a, null));
                apply(id, new StepEvent.StepSucceeded("s" + (index - 1), Map.of()));
            }
        }
        apply(id, new Outcome.LabSpawned(0, 2));

        dev.dovs.engine.core.Plan plan = plan(Decider.decide(state, new Intent.DelGuest("g2")));

        dev.dovs.engine.core.Plan.Step lsp = plan.stages().get(2).steps().get(0);
        assertEquals(new NbCommands(new OvnNames(NAMING)).deletePort(PORT2),
                ((Action.OvnNbTransact) lsp.action()).commands(), "not g1's: one transaction made both ports");
        assertEquals(null, lsp.undoes());
    }

    @Test
    void delNodeForceRemovesItsGuestsPortsThenTheContainerThenItsChassis() {
        node("n1");
        node("n2");
        guestWithSteps(new Intent.AddGuest("g2", "n2", "192.168.0.2/24", "fa:16:3e:00:00:02", PORT2, null, null, 1500,
                OVN));
        assertEquals("node n2 has guests g2: del-node --force removes them first",
                rejected(Decider.decide(state, new Intent.DelNode("n2", false))));

        dev.dovs.engine.core.Plan plan = plan(Decider.decide(state, new Intent.DelNode("n2", true)));

        NbCommands nb = new NbCommands(new OvnNames(NAMING));
        assertEquals(List.of(new Action.DeleteNamespace("dovst1-g2")), plan.actions().get(0));
        assertEquals(nb.deletePort(PORT2), ((Action.OvnNbTransact) plan.actions().get(1).get(0)).commands(),
                "a net-less guest's port on n2's local switch");
        assertEquals(List.of(new Action.RemoveContainer("t1.n2", LAB)), plan.actions().get(2));
        dev.dovs.engine.core.Plan.Step chassis = plan.stages().get(3).steps().get(0);
        assertEquals(new Action.OvnRemoveChassis(CENTRAL, "t1.n2"), chassis.action(),
                "after the container: its ovn-controller would register the chassis again");
        assertTrue(chassis.undoes() != null, "the compensation of the step that started ovn-controller");
        assertEquals(4, plan.stages().size());
        assertEquals(new Outcome.NodeRemoved("n2", List.of("g2")), plan.outcome());
    }
}
