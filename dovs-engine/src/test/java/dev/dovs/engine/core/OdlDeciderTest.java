package dev.dovs.engine.core;

import dev.dovs.engine.odl.NeutronPort;
import dev.dovs.engine.odl.NeutronSubnet;
import dev.dovs.engine.odl.OdlController;
import dev.dovs.engine.odl.OdlLab;
import dev.dovs.engine.odl.OdlSnapshot;
import dev.dovs.events.Action;
import dev.dovs.events.Intent;
import dev.dovs.events.Outcome;
import dev.dovs.events.Outcome.Failure;
import dev.dovs.events.model.LabNaming;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static dev.dovs.engine.core.Decisions.planned;
import static dev.dovs.engine.core.OdlLabFixture.ODL;
import static dev.dovs.engine.core.OdlLabFixture.TARGET;
import static dev.dovs.engine.core.OdlLabFixture.json;
import static dev.dovs.engine.core.OdlLabFixture.odlGuest;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A lab is ODL-managed or not, for all its nodes (LabPlanner): mixing is refused before any side effect; an ODL
 * lab's plans hand the overlay to ODL (no tunnels, router namespaces or VLAN tags of dovs), and a move rebinds the
 * guest's neutron port.
 */
class OdlDeciderTest {
    private static final String TENANT = "5d806f0e-e197-4a72-88e6-72b024fa5c97";
    private static final String PORT1 = "3d2c1b0a-9f8e-4d7c-8b6a-5f4e3d2c1b0a";
    private static final String TAP1 = "tap3d2c1b0a-9f";
    private static final String PORT2 = "7e6d5c4b-3a29-4180-8f7e-6d5c4b3a2918";
    private static final String MAC1 = "fa:16:3e:00:00:01";
    private static final String MAC2 = "fa:16:3e:00:00:02";
    private static final Intent.ControllerTarget OTHER = OdlController.target("10.9.9.9:8181");

    private static String rejection(Decision d) {
        Decision.Rejected r = assertInstanceOf(Decision.Rejected.class, d, () -> "expected a rejection, got " + d);
        Outcome.Failed f = assertInstanceOf(Outcome.Failed.class, r.outcome());
        assertEquals(Failure.Kind.REJECTED, f.failure().kind());
        assertTrue(f.failure().rolledBack(), "nothing was done");
        return f.failure().message();
    }

    private static List<Action> actions(Plan plan) {
        return plan.actions().stream().flatMap(List::stream).toList();
    }

    // ---- no mixing -----------------------------------------------------------------------------------------

    @Test
    void an_odl_node_is_refused_in_a_lab_whose_nodes_run_without_controller() {
        // Given a lab with a plain node
        OdlLabFixture lab = OdlLabFixture.defaultLab().node("n1", null);

        // When a node handed to ODL is added
        Decision d = Decider.decide(lab.p, new Intent.AddNode("n2", "img", TARGET));

        // Then it is refused, pointing at another lab
        assertEquals("the nodes of this lab run without a controller: an ODL-managed node needs a lab of its own "
                + "(--lab) or a clean lab", rejection(d));
        assertInstanceOf(Outcome.NodeAddFailed.class, ((Decision.Rejected) d).outcome());
    }

    @Test
    void a_node_without_the_labs_odl_is_refused_in_an_odl_lab_naming_the_endpoint() {
        // Given a lab whose node is managed by ODL at 127.0.0.1:8181
        OdlLabFixture lab = OdlLabFixture.defaultLab().odlNode("n1");
        String expected = "the nodes of this lab are managed by ODL at 127.0.0.1:8181: add-node needs --odl "
                + "127.0.0.1:8181";

        // When a node is added without --odl, or with another ODL, Then both are refused the same way
        assertEquals(expected, rejection(Decider.decide(lab.p, new Intent.AddNode("n2", "img"))));
        assertEquals(expected, rejection(Decider.decide(lab.p, new Intent.AddNode("n2", "img", OTHER))));
        // and the lab's own ODL is fine, whatever its waits
        planned(Decider.decide(lab.p, new Intent.AddNode("n2", "img", OdlController.target(ODL))));
    }

    @Test
    void a_guest_on_a_net_without_odl_is_refused_on_an_odl_node() {
        OdlLabFixture lab = OdlLabFixture.defaultLab().odlNode("n1");
        Intent.AddGuest plain = new Intent.AddGuest("g1", "n1", "10.0.0.1/24", MAC1, PORT1, "S", null, 1450);

        // a guest without --odl needs no ODL read: it is refused at once
        assertEquals("node n1 is managed by ODL at 127.0.0.1:8181: add-guest --net needs --odl 127.0.0.1:8181",
                rejection(Decider.decide(lab.p, plain)));
    }

    @Test
    void a_guest_with_another_odl_is_refused_on_an_odl_node() {
        OdlLabFixture lab = OdlLabFixture.defaultLab().odlNode("n1");
        Intent.AddGuest elsewhere = new Intent.AddGuest("g1", "n1", "10.0.0.1/24", MAC1, PORT1, "S", null, 1450,
                OTHER);

        // refused from the state alone: there is no point in reading the other ODL first
        assertEquals("node n1 is managed by ODL at 127.0.0.1:8181: add-guest --net needs --odl 127.0.0.1:8181",
                rejection(Decider.decide(lab.p, elsewhere)));
    }

    @Test
    void an_odl_guest_is_refused_on_a_plain_node() {
        // Given a plain node
        OdlLabFixture lab = OdlLabFixture.defaultLab().node("n1", null);
        Intent.AddGuest g = odlGuest("g1", "n1", "10.0.0.1/24", MAC1, PORT1, "S", null);

        // When add-guest --net --odl is decided
        Decision d = Decider.decide(lab.p, g);

        // Then it is refused at once, without reading ODL: nothing of ODL reaches that node's br-int
        assertEquals("node n1 was added without --odl: ODL cannot manage its guests", rejection(d));
        assertEquals(rejection(d), rejection(Decider.decide(lab.p, g, OdlSnapshot.EMPTY)));
    }

    @Test
    void an_odl_guest_on_an_unknown_node_is_refused_without_reading_odl() {
        OdlLabFixture lab = OdlLabFixture.defaultLab().odlNode("n1");

        Decision d = Decider.decide(lab.p, odlGuest("g1", "n9", "10.0.0.1/24", MAC1, PORT1, "S", null));

        assertEquals("node n9 does not exist", rejection(d));
    }

    @Test
    void a_guest_without_a_net_is_plugged_into_an_odl_node_without_any_odl_object() {
        OdlLabFixture lab = OdlLabFixture.defaultLab().odlNode("n1");
        Intent.AddGuest g = new Intent.AddGuest("g1", "n1", "10.0.0.1/24", MAC1, PORT1, null, null, 1500);

        Plan plan = planned(Decider.decide(lab.p, g));

        assertTrue(actions(plan).stream().noneMatch(a -> a.subsystem() == Action.Subsystem.ODL), actions(plan)
                .toString());
        Action.PlugPort plug = (Action.PlugPort) plan.actions().get(1).get(0);
        assertEquals(0, plug.tag(), "ODL owns br-int: no local VLAN either");
    }

    // ---- the overlay is ODL's ------------------------------------------------------------------------------

    @Test
    void add_node_with_odl_connects_the_controller_sets_up_the_underlay_then_registers_the_nodes_vtep() {
        // Given an empty lab; When a node is added with --odl (bridge wait 7 s)
        OdlLabFixture lab = OdlLabFixture.defaultLab();
        Plan plan = planned(Decider.decide(lab.p, new Intent.AddNode("n1", "img", TARGET)));
        String dpid = OdlLab.of(LabNaming.defaultLab()).datapathId("n1", lab.p.lastIndex());
        String dpn = OdlLab.dpnId(dpid);

        // Then ODL is first checked to answer (a read, nothing to undo: a down ODL fails in seconds), then gets
        // the node's OVS with a datapath id fixed in advance, and the VTEP with that id in decimal
        assertEquals(List.of(
                List.of(new Action.OdlInspect(ODL, TENANT)),
                List.of(new Action.EnsureNetwork("dovs-mgmt", "default"), new Action.EnsureNetwork("dovs-int", "default")),
                List.of(new Action.CreateContainer("n1", "n1", "img", List.of("dovs-mgmt", "dovs-int"), "default")),
                List.of(new Action.ConnectController("n1", "br-int", "default", "127.0.0.1", "dovs-mgmt", "dovs-int", 7,
                        dpid)),
                // ODL's userspace tunnels need br-phy as much as dovs' own do (route and ARP to the peers)
                List.of(new Action.SetupUnderlay("n1", "dovs-int", "default")),
                List.of(new Action.OdlRegisterVtep(ODL, "dovs-tz", "n1", "dovs-int", dpn, "vxlan-n1")),
                // then the switch holds every flow ODL wrote for it (or is reconnected until it does)
                List.of(reconcile("n1"))),
                plan.actions());
        assertTrue(dpid.matches("0000[0-9a-f]{12}"), dpid);
        assertEquals(Long.parseLong(dpid, 16), Long.parseLong(dpn), "the dpn-id is the datapath id in decimal");
    }

    @Test
    void each_incarnation_of_a_node_gets_a_datapath_id_of_its_own_and_one_decision_uses_one() {
        // ODL keeps per-switch state after the switch is gone: a node added again (a replay after a clean) must
        // not come back under the id of the one just deleted
        OdlLab odl = OdlLab.of(LabNaming.defaultLab());
        assertNotEquals(odl.datapathId("n1", 7), odl.datapathId("n1", 8));
        assertNotEquals(odl.datapathId("n1", 7), odl.datapathId("n2", 7));
        assertEquals(odl.datapathId("n1", 7), odl.datapathId("n1", 7), "the same log gives the same plan");
        // And the bridge and the VTEP of one add-node name the same switch
        OdlLabFixture lab = OdlLabFixture.defaultLab();
        Plan plan = planned(Decider.decide(lab.p, new Intent.AddNode("n1", "img", TARGET)));
        Action.ConnectController bridge = (Action.ConnectController) plan.actions().get(3).get(0);
        Action.OdlRegisterVtep vtep = (Action.OdlRegisterVtep) plan.actions().get(5).get(0);
        assertEquals(OdlLab.dpnId(bridge.datapathId()), vtep.dpnId());
    }

    @Test
    void add_node_in_another_odl_lab_registers_in_that_labs_zone() {
        Plan plan = planned(Decider.decide(new OdlLabFixture(new LabNaming("lab1")).p,
                new Intent.AddNode("n1", "img", TARGET)));

        Action.OdlRegisterVtep vtep = (Action.OdlRegisterVtep) plan.actions().get(5).get(0);
        assertEquals(List.of("dovslab1-tz", "lab1.n1", "dovslab1-int", "vxlan-n1"),
                List.of(vtep.zone(), vtep.container(), vtep.underlay(), vtep.portname()));
    }

    @Test
    void an_odl_lab_gets_no_tunnels_router_namespaces_nor_vlan_tags_and_only_new_nodes_get_the_underlay() {
        // Given an ODL lab with two nodes and a guest on routed net S on n1
        OdlLabFixture lab = OdlLabFixture.defaultLab().odlNode("n1").odlNode("n2")
                .guest(odlGuest("g1", "n1", "10.0.0.1/24", MAC1, PORT1, "S", "R"));

        // When a guest joins another net T behind R on n2, and a third node is added
        Plan guest = planned(Decider.decide(lab.p, odlGuest("g2", "n2", "10.0.1.1/24", MAC2, PORT2, "T", "R"),
                OdlSnapshot.EMPTY));
        Plan node = planned(Decider.decide(lab.p, new Intent.AddNode("n3", "img", TARGET)));

        // Then neither plans what ODL does itself; the guest's port carries no tag
        for (Plan plan : List.of(guest, node)) {
            for (Action a : actions(plan)) {
                assertTrue(!(a instanceof Action.AddTunnels) && !(a instanceof Action.EnableForwarding)
                        && !(a instanceof Action.CreateBridge), a.toString());
            }
        }
        assertTrue(actions(guest).stream().noneMatch(Action.SetupUnderlay.class::isInstance), "no node was added");
        assertEquals(List.of(new Action.SetupUnderlay("n3", "dovs-int", "default")), actions(node).stream()
                .filter(Action.SetupUnderlay.class::isInstance).toList(), "the new node only");
        assertEquals(List.of(), actions(guest).stream().filter(Action.CreateNamespace.class::isInstance).toList(),
                "no qr.R namespace");
        assertEquals(List.of("dovs-g2"), actions(guest).stream().filter(Action.CreateGuests.class::isInstance)
                .flatMap(b -> ((Action.CreateGuests) b).guests().stream()).map(Action.GuestLink::netns).toList(),
                "only the guest's namespace");
        Action.PlugPort plug = actions(guest).stream().filter(Action.PlugPort.class::isInstance)
                .map(Action.PlugPort.class::cast).findFirst().orElseThrow();
        assertEquals(0, plug.tag());
        assertEquals(7, node.actions().size(), "ODL answers, networks, container, controller, underlay, VTEP, "
                + "reconciliation: " + node.actions());
        assertEquals(List.of(reconcile("n1"), reconcile("n2"), reconcile("n3")), node.actions().get(6),
                "every switch of the lab: ITM tunnels the new node to all of them");
    }

    // ---- move-guest ----------------------------------------------------------------------------------------

    /** Two ODL nodes, g1 on n1 in net S. */
    private static OdlLabFixture movable() {
        return OdlLabFixture.defaultLab().odlNode("n1").odlNode("n2")
                .guest(odlGuest("g1", "n1", "10.0.0.1/24", MAC1, PORT1, "S", null));
    }

    private static NeutronPort portOnN1() {
        NeutronSubnet s = NeutronSubnet.forGuest(OdlLab.of(LabNaming.defaultLab()),
                "74a99b9d-9268-3e24-9fe5-d4adb3726da9", "S", "10.0.0.1/24");
        return NeutronPort.compute(PORT1, "g1", MAC1, s, "10.0.0.1", "n1");
    }

    private static OdlSnapshot holding(NeutronPort... ports) {
        return new OdlSnapshot(List.of(), List.of(), List.of(), List.of(ports));
    }

    @Test
    void moving_an_odl_guest_reads_odl_first() {
        assertEquals(new Decision.Inspect(new Action.OdlInspect(ODL, TENANT)), Decider.decide(movable().p, new Intent.MoveGuest("g1", "n2")));
    }

    @Test
    void moving_an_odl_guest_waits_for_odl_to_release_its_port_rebinds_it_to_the_destination_then_plugs_it() {
        // Given g1's port in ODL, bound to n1
        NeutronPort port = portOnN1();

        // When g1 moves to n2
        Plan plan = planned(Decider.decide(movable().p, new Intent.MoveGuest("g1", "n2"), holding(port)));

        // Then the tap leaves n1, ODL lets go of the port, the port is updated to host n2 (undone by putting n1
        // back), the tap is plugged on n2, ODL binds it there, and the guest announces itself
        Action.PlugPort atN1 = new Action.PlugPort("n1", "br-int", TAP1, PORT1, MAC1, "g1", "default",
                json("{'name':'g1','ns':'dovs-g1','ip':'10.0.0.1/24','net':'S','router':''}"), 0);
        Action.PlugPort atN2 = new Action.PlugPort("n2", "br-int", TAP1, PORT1, MAC1, "g1", "default", atN1.info(), 0);
        assertEquals(List.of(List.of(new Action.DetachPort(atN1)), List.of(new Action.MoveLink(TAP1, "n1", "n2")),
                List.of(new Action.OdlAwaitUnbinding(ODL, PORT1, 30))), plan.actions().subList(0, 3));
        Action.OdlUpdate update = assertInstanceOf(Action.OdlUpdate.class, plan.actions().get(3).get(0));
        assertEquals(List.of(ODL, "port", PORT1, "g1"), List.of(update.odl(), update.resource(), update.uuid(),
                update.name()));
        assertEquals(port.toBody().encode(), update.previousBody(), "the port as ODL had it");
        JsonObject after = new JsonObject(update.body()).getJsonArray("port").getJsonObject(0);
        JsonObject before = new JsonObject(update.previousBody()).getJsonArray("port").getJsonObject(0);
        assertEquals("n2", after.remove("neutron-binding:host-id"));
        assertEquals("n1", before.remove("neutron-binding:host-id"));
        assertEquals(before, after, "nothing but the host changes");
        assertEquals(List.of(List.of(atN2), List.of(new Action.OdlAwaitBinding(ODL, PORT1, TAP1, 30)),
                List.of(reconcile("n1"), reconcile("n2")),
                List.of(new Action.Announce("dovs-g1", "eth0", "10.0.0.1"))), plan.actions().subList(4, 8));
        assertEquals(8, plan.actions().size());
        assertEquals(new Outcome.GuestMoved("g1", "n1", "n2"), PlanOutcomes.success(plan, StepResults.of()));
    }

    @Test
    void moving_an_odl_guest_whose_port_odl_lost_is_refused() {
        // Given ODL holds another port, not g1's
        NeutronPort stranger = NeutronPort.compute(PORT2, "gx", MAC2, NeutronSubnet.forGuest(
                OdlLab.of(LabNaming.defaultLab()), "74a99b9d-9268-3e24-9fe5-d4adb3726da9", "S", "10.0.0.9/24"),
                "10.0.0.9", "n1");

        Decision d = Decider.decide(movable().p, new Intent.MoveGuest("g1", "n2"), holding(stranger));

        assertEquals("ODL at 127.0.0.1:8181 has no port " + PORT1 + " for guest g1 (deleted outside dovs?)",
                rejection(d));
        assertInstanceOf(Outcome.GuestMoveFailed.class, ((Decision.Rejected) d).outcome());
    }

    @Test
    void a_router_attached_later_in_odl_gives_the_subnets_existing_guests_the_router_interface_as_gateway() {
        // Given guest g1 on net S, not routed yet
        OdlLabFixture lab = OdlLabFixture.defaultLab().odlNode("n1").odlNode("n2")
                .guest(odlGuest("g1", "n1", "10.0.0.1/24", MAC1, PORT1, "S", null));

        // When g2 joins S with --router R
        Plan plan = planned(Decider.decide(lab.p, odlGuest("g2", "n2", "10.0.0.2/24", MAC2, PORT2, "S", "R"),
                OdlSnapshot.EMPTY));

        // Then g1 gets its default route via R's interface on S, as a step of this intent
        assertTrue(actions(plan).contains(new Action.SetGateway("dovs-g1", "eth0", "10.0.0.254", null)),
                () -> actions(plan).toString());
    }

    // ---- del-guest and del-node (issue 12) --------------------------------------------------------------------

    private static OdlLabFixture odlLabWithSteps() {
        OdlLabFixture lab = OdlLabFixture.defaultLab();
        for (String n : List.of("n1", "n2")) {
            lab.withSteps(new Intent.AddNode(n, "img", TARGET), new Outcome.NodeAdded(n, n, "cid", "172.18.0.2",
                    "172.20.0.2"));
        }
        lab.withSteps(odlGuest("g1", "n1", "10.0.0.1/24", MAC1, PORT1, "S", "R"),
                new Outcome.GuestAdded("g1", "n1", "dovs-g1", TAP1));
        lab.withSteps(odlGuest("g2", "n2", "10.0.0.2/24", MAC2, PORT2, "S", "R"),
                new Outcome.GuestAdded("g2", "n2", "dovs-g2", dev.dovs.events.model.LabNaming.tap(PORT2)));
        return lab;
    }

    @Test
    void del_guest_deletes_its_neutron_port_last_as_the_compensation_of_the_put_that_created_it() {
        OdlLabFixture lab = odlLabWithSteps();
        String put = lab.p.ledger().stream().filter(e -> e.action() instanceof Action.OdlPut p
                && p.uuid().equals(PORT1)).findFirst().orElseThrow().step();

        Plan plan = planned(Decider.decide(lab.p, new Intent.DelGuest("g1")));

        assertEquals(List.of(List.of(new Action.UnplugPort("n1", "br-int", TAP1)),
                List.of(new Action.DeleteNamespace("dovs-g1")),
                List.of(new Action.OdlDelete(ODL, "port", PORT1, "g1"))), plan.actions(),
                "no tunnels of dovs' own with ODL; the router and its port stay");
        assertEquals(put, plan.stages().get(2).steps().get(0).undoes());
        assertEquals(new Outcome.GuestRemoved("g1", "n1"), plan.outcome());
    }

    @Test
    void del_node_force_deletes_its_guests_ports_then_its_vtep_then_its_container() {
        OdlLabFixture lab = odlLabWithSteps();
        Action.OdlRegisterVtep vtep = (Action.OdlRegisterVtep) lab.p.ledger().stream()
                .filter(e -> e.action() instanceof Action.OdlRegisterVtep v && v.container().equals("n2"))
                .findFirst().orElseThrow().action();

        Plan plan = planned(Decider.decide(lab.p, new Intent.DelNode("n2", true)));

        assertEquals(List.of(List.of(new Action.DeleteNamespace("dovs-g2")),
                List.of(new Action.OdlDelete(ODL, "port", PORT2, "g2")),
                List.of(vtep.undo()),
                List.of(new Action.RemoveContainer("n2", "default"))), plan.actions(),
                "the VTEP leaves while the switch is still connected, as clean orders it");
        assertTrue(plan.stages().get(2).steps().get(0).undoes() != null);
        assertEquals(new Outcome.NodeRemoved("n2", List.of("g2")), plan.outcome());
        // n1 hosts the guest that asked for router R first: a neutron router is on no node, n1 can go too
        assertInstanceOf(Decision.Planned.class, Decider.decide(lab.p, new Intent.DelNode("n1", true)));
    }

    private static Action.OdlReconcileSwitch reconcile(String node) {
        return new Action.OdlReconcileSwitch(ODL, node, "br-int", Action.OdlReconcileSwitch.DEFAULT_TIMEOUT_SECONDS);
    }
}
