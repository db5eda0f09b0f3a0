package dev.dovs.engine.core;

import dev.dovs.engine.odl.NeutronNetwork;
import dev.dovs.engine.odl.NeutronPort;
import dev.dovs.engine.odl.NeutronRouter;
import dev.dovs.engine.odl.NeutronSubnet;
import dev.dovs.engine.odl.OdlConstants;
import dev.dovs.engine.odl.OdlLab;
import dev.dovs.engine.odl.OdlSnapshot;
import dev.dovs.events.Action;
import dev.dovs.events.Intent;
import dev.dovs.events.Outcome;
import dev.dovs.events.Outcome.Failure;
import dev.dovs.events.model.LabNaming;
import org.junit.jupiter.api.Test;

import io.vertx.core.json.JsonObject;
import java.util.List;

import static dev.dovs.engine.core.Decisions.planned;
import static dev.dovs.engine.core.OdlLabFixture.ODL;
import static dev.dovs.engine.core.OdlLabFixture.json;
import static dev.dovs.engine.core.OdlLabFixture.odlGuest;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The neutron objects planned for guests of an ODL-managed lab (contract B.1-B.5, original 4.2), through the
 * {@link Decider} as the engine calls it: first without a snapshot (it asks to read ODL), then with what ODL holds.
 */
class OdlPlannerTest {
    private static final String TENANT = "5d806f0e-e197-4a72-88e6-72b024fa5c97";
    /** Net S's own network in the default lab (one neutron network per net), and its VNI. */
    private static final String NET = "9891a9fc-2700-3519-8d65-dae1aebf348c";
    private static final String NET_VNI = "39057";
    private static final int SEG_S = 39057;
    // Derived from (lab, name): pinned, because a changed derivation would give a replayed lab other objects
    private static final String SUBNET_S = "74a99b9d-9268-3e24-9fe5-d4adb3726da9";
    private static final String ROUTER_R = "05dc3c85-46b6-352c-8e03-5316423559d0";
    private static final String RPORT_RS = "e6224916-bee9-3693-bdf0-60d499374323";
    private static final String LAB1_TENANT = "dacb177f-88a3-3738-aa8a-517ac48bff65";
    private static final String LAB1_BASE_NET = "c9dc53c3-d2e1-3628-86f7-547d36b08c8a";
    private static final String LAB1_NET = "d61e29d2-f062-3a8e-8f81-b8f510eb3fae";
    private static final String LAB1_SUBNET_S = "7640aa88-4ba7-3ad0-9ae8-302001a6ef4a";

    private static final String PORT1 = "3d2c1b0a-9f8e-4d7c-8b6a-5f4e3d2c1b0a";
    private static final String TAP1 = "tap3d2c1b0a-9f";
    private static final String PORT2 = "7e6d5c4b-3a29-4180-8f7e-6d5c4b3a2918";
    private static final String MAC1 = "fa:16:3e:00:00:01";
    private static final String MAC2 = "fa:16:3e:00:00:02";
    /** Objects someone (or an earlier dovs) already created in ODL. */
    private static final String OLD_SUBNET = "0b6c1a0e-1d2f-4c3a-9e8d-7f6a5b4c3d2e";
    private static final String OLD_ROUTER = "4a1e2b3c-0000-4000-8000-000000000001";
    private static final String OLD_RPORT = "4a1e2b3c-0000-4000-8000-000000000002";

    private static final String NETWORK_BODY = json("{'network':[{'uuid':'" + NET + "','name':'dovs-net-S',"
            + "'tenant-id':'" + TENANT + "','admin-state-up':true,'shared':false,"
            + "'neutron-provider-ext:network-type':'neutron-networks:network-type-vxlan',"
            + "'neutron-provider-ext:segmentation-id':'" + NET_VNI + "','neutron-L3-ext:external':false}]}");
    private static final String SUBNET_BODY = json("{'subnet':[{'uuid':'" + SUBNET_S + "','name':'S',"
            + "'tenant-id':'" + TENANT + "','network-id':'" + NET + "','ip-version':'neutron-constants:ip-version-v4',"
            + "'cidr':'10.0.0.0/24','gateway-ip':'10.0.0.254'}]}");
    private static final String ROUTER_BODY = json("{'router':[{'uuid':'" + ROUTER_R + "','name':'R',"
            + "'tenant-id':'" + TENANT + "'}]}");
    private static final String RPORT_BODY = json("{'port':[{'uuid':'" + RPORT_RS + "','name':'R-S',"
            + "'tenant-id':'" + TENANT + "','network-id':'" + NET + "','admin-state-up':true,"
            + "'device-owner':'network:router_interface','device-id':'" + ROUTER_R + "',"
            + "'mac-address':'52:54:e6:22:49:16','fixed-ips':[{'subnet-id':'" + SUBNET_S + "',"
            + "'ip-address':'10.0.0.254'}]}]}");

    /** The compute port of guest g1 (PORT1, MAC1) on node n1 at {@code ip} in {@code subnet}. */
    private static String computeBody(String subnet, String ip) {
        return json("{'port':[{'uuid':'" + PORT1 + "','name':'g1','tenant-id':'" + TENANT + "','network-id':'" + NET
                + "','admin-state-up':true,'device-owner':'compute','device-id':'" + PORT1 + "','mac-address':'" + MAC1
                + "','fixed-ips':[{'subnet-id':'" + subnet + "','ip-address':'" + ip + "'}],"
                + "'neutron-binding:host-id':'n1','neutron-binding:vif-type':'ovs','neutron-binding:vnic-type':'normal'}]}");
    }

    private static Action put(String resource, String uuid, String name, String body) {
        return new Action.OdlPut(ODL, resource, uuid, name, body);
    }

    private static OdlLabFixture lab() {
        return OdlLabFixture.defaultLab().odlNode("n1");
    }

    private static Intent.AddGuest g1(String cidr, String router) {
        return odlGuest("g1", "n1", cidr, MAC1, PORT1, "S", router);
    }

    private static String rejection(Decision d) {
        Decision.Rejected r = assertInstanceOf(Decision.Rejected.class, d, () -> "expected a rejection, got " + d);
        Outcome.GuestAddFailed f = assertInstanceOf(Outcome.GuestAddFailed.class, r.outcome());
        assertEquals(Failure.Kind.REJECTED, f.failure().kind());
        assertTrue(f.failure().rolledBack(), "nothing was done");
        return f.failure().message();
    }

    private static List<Action.OdlPut> puts(Plan plan) {
        return plan.actions().stream().flatMap(List::stream).filter(Action.OdlPut.class::isInstance)
                .map(Action.OdlPut.class::cast).toList();
    }

    private static List<String> putNames(Plan plan) {
        return puts(plan).stream().map(p -> p.resource() + " " + p.name()).toList();
    }

    /** The new guest's address and gateway: its link in the plan's one {@link Action.CreateGuests}. */
    private static Action.GuestLink configure(Plan plan) {
        return plan.actions().stream().flatMap(List::stream).filter(Action.CreateGuests.class::isInstance)
                .map(Action.CreateGuests.class::cast).flatMap(b -> b.guests().stream()).findFirst().orElseThrow();
    }

    private static NeutronSubnet oldSubnet(String cidr, String gateway) {
        return new NeutronSubnet(OLD_SUBNET, "S", TENANT, NET, OdlConstants.IP_VERSION_V4, cidr, gateway);
    }

    private static OdlSnapshot snapshot(List<NeutronNetwork> networks, List<NeutronSubnet> subnets,
                                        List<NeutronRouter> routers, List<NeutronPort> ports) {
        return new OdlSnapshot(networks, subnets, routers, ports);
    }

    // ---- a guest in an empty ODL ---------------------------------------------------------------------------

    @Test
    void a_guest_with_an_odl_net_is_decided_only_after_reading_odl() {
        // Given an ODL lab; When add-guest --net --odl is decided without knowing what ODL holds
        Decision d = Decider.decide(lab().p, g1("10.0.0.1/24", "R"));

        // Then the decider asks to read the lab's tenant from that ODL first
        assertEquals(new Decision.Inspect(new Action.OdlInspect(ODL, TENANT)), d);
    }

    @Test
    void an_empty_odl_gets_network_subnet_router_router_port_and_compute_port_then_the_binding_wait() {
        // Given an ODL lab and an ODL holding nothing of its tenant
        OdlLabFixture lab = lab();

        // When a guest joins a new net S behind a new router R
        Plan plan = planned(Decider.decide(lab.p, g1("10.0.0.1/24", "R"), OdlSnapshot.EMPTY));

        // Then each neutron object comes before the ones referring to it, the host side next, the binding last
        Action.PlugPort plug = new Action.PlugPort("n1", "br-int", TAP1, PORT1, MAC1, "g1", "default",
                json("{'name':'g1','ns':'dovs-g1','ip':'10.0.0.1/24','net':'S','router':'R'}"), 0);
        assertEquals(List.of(
                List.of(put("network", NET, "dovs-net-S", NETWORK_BODY)),
                List.of(put("subnet", SUBNET_S, "S", SUBNET_BODY)),
                List.of(put("router", ROUTER_R, "R", ROUTER_BODY)),
                List.of(put("port", RPORT_RS, "R-S", RPORT_BODY)),
                List.of(put("port", PORT1, "g1", computeBody(SUBNET_S, "10.0.0.1"))),
                List.of(new Action.CreateGuests("n1", List.of(new Action.GuestLink("dovs-g1", "eth0", TAP1, MAC1,
                        1450, "10.0.0.1/24", "10.0.0.254")))),
                List.of(plug),
                List.of(new Action.OdlAwaitBinding(ODL, PORT1, TAP1, 30)),
                List.of(reconcile("n1"))), plan.actions());
        assertEquals(new Outcome.GuestAdded("g1", "n1", "dovs-g1", TAP1), PlanOutcomes.success(plan, StepResults.of()));
    }

    @Test
    void a_spawn_plans_the_objects_its_guests_share_once() {
        // Given an ODL lab with two nodes
        OdlLabFixture lab = lab().odlNode("n2");
        Intent.Spawn spawn = new Intent.Spawn(List.of(), List.of(
                odlGuest("g1", "n1", "10.0.0.1/24", MAC1, PORT1, "S", "R"),
                odlGuest("g2", "n2", "10.0.0.2/24", MAC2, PORT2, "S", "R")));

        // When two guests join the same new routed net in one intent
        Plan plan = planned(Decider.decide(lab.p, spawn, OdlSnapshot.EMPTY));

        // Then network, subnet, router and router port are created once, each guest gets its port and its wait,
        // and then every node's switch is reconciled with the flows ODL holds for it
        assertEquals(List.of("network dovs-net-S", "subnet S", "router R", "port R-S", "port g1", "port g2"),
                putNames(plan));
        assertEquals(List.of(new Action.OdlAwaitBinding(ODL, PORT1, TAP1, 30),
                new Action.OdlAwaitBinding(ODL, PORT2, "tap7e6d5c4b-3a", 30)), plan.actions().get(plan.actions().size() - 2));
        assertEquals(List.of(reconcile("n1"), reconcile("n2")), plan.actions().get(plan.actions().size() - 1));
    }

    // ---- reuse ---------------------------------------------------------------------------------------------

    @Test
    void a_subnet_odl_holds_is_reused_by_name_and_the_port_refers_to_its_uuid() {
        // Given ODL already holds subnet S (same cidr) but not the lab's network
        OdlSnapshot odl = snapshot(List.of(), List.of(oldSubnet("10.0.0.0/24", "10.0.0.254")), List.of(), List.of());

        // When a guest joins S without a router
        Plan plan = planned(Decider.decide(lab().p, g1("10.0.0.1/24", null), odl));

        // Then no subnet is created and the port points at the existing one; the missing network is created
        assertEquals(List.of(
                List.of(put("network", NET, "dovs-net-S", NETWORK_BODY)),
                List.of(put("port", PORT1, "g1", computeBody(OLD_SUBNET, "10.0.0.1")))), plan.actions().subList(0, 2));
        assertEquals(List.of("network dovs-net-S", "port g1"), putNames(plan));
        // an unrouted subnet: no default route
        assertEquals(null, configure(plan).gateway());
    }

    @Test
    void the_network_odl_holds_is_not_created_again() {
        // Given ODL already holds the lab's network
        OdlSnapshot odl = snapshot(List.of(NeutronNetwork.forNet(OdlLab.of(LabNaming.defaultLab()), "S", SEG_S)), List.of(),
                List.of(), List.of());

        // When a guest joins a new net
        Plan plan = planned(Decider.decide(lab().p, g1("10.0.0.1/24", null), odl));

        // Then only the subnet and the port are created
        assertEquals(List.of(
                List.of(put("subnet", SUBNET_S, "S", SUBNET_BODY)),
                List.of(put("port", PORT1, "g1", computeBody(SUBNET_S, "10.0.0.1")))), plan.actions().subList(0, 2));
        assertEquals(List.of("subnet S", "port g1"), putNames(plan));
    }

    @Test
    void a_segmentation_id_another_network_has_in_odl_is_not_taken_again_and_ids_stay_within_16_bits() {
        // Given ODL holds, for another tenant, networks with S's derived id and the next one
        NeutronNetwork a = new NeutronNetwork("11111111-0000-4000-8000-000000000001", "a", "other-tenant",
                "neutron-networks:network-type-vxlan", NET_VNI, true, false, false);
        NeutronNetwork b = new NeutronNetwork("11111111-0000-4000-8000-000000000002", "b", "other-tenant",
                "neutron-networks:network-type-vxlan", String.valueOf(SEG_S + 1), true, false, false);

        // When a guest joins net S
        Plan plan = planned(Decider.decide(lab().p, g1("10.0.0.1/24", null), snapshot(List.of(a, b), List.of(),
                List.of(), List.of())));

        // Then S's network gets the next free id: two ELANs with one VNI would share their tunnels' traffic
        assertEquals(String.valueOf(SEG_S + 2), new JsonObject(puts(plan).get(0).body()).getJsonArray("network")
                .getJsonObject(0).getString("neutron-provider-ext:segmentation-id"));
        // And every derived id fits the 16 bits netvirt 0.8.0's ELAN can hand to ITM
        for (int i = 0; i < 500; i++) {
            int vni = OdlLab.of(LabNaming.defaultLab()).segmentationId("net" + i);
            assertTrue(vni >= 1 && vni <= 65535, "net" + i + ": " + vni);
        }
        assertThrows(IllegalArgumentException.class, () -> NeutronNetwork.forNet(OdlLab.of(LabNaming.defaultLab()),
                "S", 65536));
    }

    @Test
    void a_subnet_routed_in_odl_gives_the_guest_its_router_ports_address_even_without_router_option() {
        // Given ODL holds S (gateway 10.0.0.1, not dovs' .254) attached to router X by a router-interface port
        NeutronSubnet s = oldSubnet("10.0.0.0/24", "10.0.0.1");
        NeutronRouter x = new NeutronRouter(OLD_ROUTER, "X", TENANT);
        OdlSnapshot odl = snapshot(List.of(NeutronNetwork.forNet(OdlLab.of(LabNaming.defaultLab()), "S", SEG_S)), List.of(s), List.of(x),
                List.of(NeutronPort.routerInterface(OLD_RPORT, x, s, "52:54:00:00:00:01")));

        // When a guest joins S without --router
        Plan plan = planned(Decider.decide(lab().p, g1("10.0.0.5/24", null), odl));

        // Then its default route is the router port's address, and nothing but its port is created
        assertEquals("10.0.0.1", configure(plan).gateway());
        assertEquals(List.of("port g1"), putNames(plan));
    }

    @Test
    void an_existing_router_is_reused_by_name_for_a_new_interface() {
        // Given ODL holds router R (another uuid than dovs would derive) but not S
        OdlSnapshot odl = snapshot(List.of(NeutronNetwork.forNet(OdlLab.of(LabNaming.defaultLab()), "S", SEG_S)), List.of(),
                List.of(new NeutronRouter(OLD_ROUTER, "R", TENANT)), List.of());

        // When a guest joins S behind R
        Plan plan = planned(Decider.decide(lab().p, g1("10.0.0.1/24", "R"), odl));

        // Then R is not created again and the new interface port belongs to the existing R
        assertEquals(List.of("subnet S", "port R-S", "port g1"), putNames(plan));
        assertTrue(puts(plan).get(1).body().contains(json("'device-id':'" + OLD_ROUTER + "'")),
                puts(plan).get(1).body());
        assertEquals("10.0.0.254", configure(plan).gateway());
    }

    @Test
    void objects_of_another_tenant_are_neither_reused_nor_a_reason_to_refuse() {
        // Given ODL holds a subnet S with another cidr, a router R and its interface, all of another tenant
        String other = "0f0f0f0f-0000-4000-8000-000000000000";
        NeutronSubnet s = new NeutronSubnet(OLD_SUBNET, "S", other, NET, OdlConstants.IP_VERSION_V4, "10.9.0.0/24",
                "10.9.0.254");
        NeutronRouter r = new NeutronRouter(OLD_ROUTER, "R", other);
        OdlSnapshot odl = snapshot(List.of(), List.of(s), List.of(r),
                List.of(NeutronPort.routerInterface(OLD_RPORT, r, s, "52:54:00:00:00:01")));

        // When a guest joins S behind R
        Plan plan = planned(Decider.decide(lab().p, g1("10.0.0.1/24", "R"), odl));

        // Then the lab plans exactly what it plans on an empty ODL
        assertEquals(planned(Decider.decide(lab().p, g1("10.0.0.1/24", "R"), OdlSnapshot.EMPTY)).actions(),
                plan.actions());
        assertEquals(List.of("network dovs-net-S", "subnet S", "router R", "port R-S", "port g1"), putNames(plan));
    }

    @Test
    void a_net_attached_to_a_router_later_gives_its_earlier_guests_their_gateway() {
        // Given g1 on net S, which has no router; ODL holds S and its network
        OdlLabFixture lab = lab().odlNode("n2").guest(g1("10.0.0.1/24", null));
        NeutronSubnet s = NeutronSubnet.forGuest(OdlLab.of(LabNaming.defaultLab()), SUBNET_S, "S", "10.0.0.1/24");
        OdlSnapshot odl = snapshot(List.of(NeutronNetwork.forNet(OdlLab.of(LabNaming.defaultLab()), "S", SEG_S)), List.of(s),
                List.of(), List.of());

        // When g2 joins S behind router R on n2
        Plan plan = planned(Decider.decide(lab.p, odlGuest("g2", "n2", "10.0.0.2/24", MAC2, PORT2, "S", "R"), odl));

        // Then R and its interface on S are created, and g1 gets R's address as gateway (netns.set-gateway), after
        // the router interface exists
        assertEquals(List.of("router R", "port R-S", "port g2"), putNames(plan));
        List<Action> all = plan.actions().stream().flatMap(List::stream).toList();
        Action.SetGateway again = new Action.SetGateway("dovs-g1", "eth0", "10.0.0.254", null);
        assertTrue(all.contains(again), all.toString());
        int routerPort = stageOf(plan, a -> a instanceof Action.OdlPut p && p.name().equals("R-S"));
        assertTrue(stageOf(plan, again::equals) > routerPort, "the gateway exists before the route to it");
        assertEquals(new Action.GuestLink("dovs-g2", "eth0", LabNaming.tap(PORT2), MAC2, 1450, "10.0.0.2/24",
                "10.0.0.254"), configure(plan));
    }

    @Test
    void a_net_that_already_has_its_router_reconfigures_no_earlier_guest() {
        Plan plan = planned(Decider.decide(lab().p, g1("10.0.0.1/24", "R"), OdlSnapshot.EMPTY));
        assertEquals(List.of(List.of("dovs-g1")), plan.actions().stream().flatMap(List::stream)
                .filter(a -> a instanceof Action.CreateGuests || a instanceof Action.ConfigureGuest)
                .map(a -> a instanceof Action.CreateGuests b ? b.guests().stream().map(Action.GuestLink::netns)
                        .toList() : List.of(((Action.ConfigureGuest) a).netns())).toList(),
                "only the new guest is configured");
        assertTrue(plan.actions().stream().flatMap(List::stream).noneMatch(Action.SetGateway.class::isInstance));
    }

    private static int stageOf(Plan plan, java.util.function.Predicate<Action> p) {
        for (int i = 0; i < plan.actions().size(); i++) {
            if (plan.actions().get(i).stream().anyMatch(p)) {
                return i;
            }
        }
        throw new AssertionError("no such action in " + plan.actions());
    }

    // ---- refusals ------------------------------------------------------------------------------------------

    @Test
    void a_subnet_with_another_cidr_in_odl_is_refused() {
        OdlSnapshot odl = snapshot(List.of(), List.of(oldSubnet("10.1.0.0/24", "10.1.0.254")), List.of(), List.of());

        assertEquals("subnet S exists in ODL with address 10.1.0.0/24, incompatible with guest address 10.0.0.1/24",
                rejection(Decider.decide(lab().p, g1("10.0.0.1/24", null), odl)));
    }

    @Test
    void the_gateway_odl_gave_the_subnet_is_refused_as_a_guest_address() {
        // Given S in ODL whose gateway is .1 (dovs would have chosen .254)
        OdlSnapshot odl = snapshot(List.of(), List.of(oldSubnet("10.0.0.0/24", "10.0.0.1")), List.of(), List.of());

        assertEquals("address 10.0.0.1 is the gateway of subnet S in ODL",
                rejection(Decider.decide(lab().p, g1("10.0.0.1/24", null), odl)));
    }

    @Test
    void a_subnet_attached_to_another_router_in_odl_is_refused() {
        NeutronSubnet s = oldSubnet("10.0.0.0/24", "10.0.0.254");
        NeutronRouter x = new NeutronRouter(OLD_ROUTER, "X", TENANT);
        OdlSnapshot odl = snapshot(List.of(), List.of(s), List.of(x),
                List.of(NeutronPort.routerInterface(OLD_RPORT, x, s, "52:54:00:00:00:01")));

        assertEquals("subnet S is attached to router X in ODL, not Y",
                rejection(Decider.decide(lab().p, g1("10.0.0.1/24", "Y"), odl)));
    }

    @Test
    void a_router_interface_whose_router_is_missing_is_refused() {
        NeutronSubnet s = oldSubnet("10.0.0.0/24", "10.0.0.254");
        NeutronRouter gone = new NeutronRouter(OLD_ROUTER, "X", TENANT);
        OdlSnapshot odl = snapshot(List.of(), List.of(s), List.of(),
                List.of(NeutronPort.routerInterface(OLD_RPORT, gone, s, "52:54:00:00:00:01")));

        assertEquals("ODL has router interface port " + OLD_RPORT + " on subnet S but no router " + OLD_ROUTER,
                rejection(Decider.decide(lab().p, g1("10.0.0.1/24", null), odl)));
    }

    // ---- labs ----------------------------------------------------------------------------------------------

    @Test
    void another_lab_uses_its_own_tenant_network_and_subnet_uuids() {
        // Given an ODL lab named lab1
        OdlLabFixture lab1 = new OdlLabFixture(new LabNaming("lab1")).odlNode("n1");
        OdlLab odlLab = OdlLab.of(new LabNaming("lab1"));
        assertEquals(new OdlLab("lab1", LAB1_TENANT, LAB1_BASE_NET, "dovslab1-net", "dovslab1-tz"), odlLab);

        // When it decides a guest on net S
        assertEquals(new Decision.Inspect(new Action.OdlInspect(ODL, LAB1_TENANT)), Decider.decide(lab1.p, g1("10.0.0.1/24", null)));
        Plan plan = planned(Decider.decide(lab1.p, g1("10.0.0.1/24", null), OdlSnapshot.EMPTY));

        // Then its network and subnet are its own, never the default lab's
        List<Action.OdlPut> puts = puts(plan);
        assertEquals(List.of(LAB1_NET, LAB1_SUBNET_S, PORT1), puts.stream().map(Action.OdlPut::uuid).toList());
        assertEquals(json("{'network':[{'uuid':'" + LAB1_NET + "','name':'dovslab1-net-S','tenant-id':'" + LAB1_TENANT
                + "','admin-state-up':true,'shared':false,"
                + "'neutron-provider-ext:network-type':'neutron-networks:network-type-vxlan',"
                + "'neutron-provider-ext:segmentation-id':'54814','neutron-L3-ext:external':false}]}"),
                puts.get(0).body());
        assertTrue(puts.get(2).body().contains(json("'tenant-id':'" + LAB1_TENANT + "','network-id':'" + LAB1_NET
                + "'")), puts.get(2).body());
        assertNotEquals(SUBNET_S, LAB1_SUBNET_S);
    }

    @Test
    void uuids_are_the_same_for_every_planner_so_a_replay_recreates_the_same_objects() {
        // Given two engines, each with a fresh projection of the same lab
        LabNaming lab1 = new LabNaming("lab1");
        Intent.AddGuest g = g1("10.0.0.1/24", "R");

        // When both decide the same intent
        Plan first = planned(Decider.decide(new OdlLabFixture(lab1).odlNode("n1").p, g, OdlSnapshot.EMPTY));
        Plan second = planned(Decider.decide(new OdlLabFixture(lab1).odlNode("n1").p, g, OdlSnapshot.EMPTY));

        // Then they plan identical objects (uuids, bodies, MACs)
        assertEquals(first.actions(), second.actions());
        assertEquals(List.of(LAB1_NET, LAB1_SUBNET_S, "d4cf69a9-98af-37b9-bda5-118bf0074319",
                "5100e021-0a51-34c6-ac0e-f8521cd0b905", PORT1), puts(first).stream().map(Action.OdlPut::uuid).toList());
    }

    private static Action.OdlReconcileSwitch reconcile(String node) {
        return new Action.OdlReconcileSwitch(ODL, node, "br-int", Action.OdlReconcileSwitch.DEFAULT_TIMEOUT_SECONDS);
    }
}
