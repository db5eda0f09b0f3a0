package dev.dovs.cli;

import dev.dovs.engine.DovsException;
import dev.dovs.engine.core.Decider;
import dev.dovs.engine.core.Decision;
import dev.dovs.engine.odl.OdlController;
import dev.dovs.events.Action;
import dev.dovs.events.Intent;
import dev.dovs.events.model.Ipv4Cidr;
import dev.dovs.events.model.LabNaming;
import dev.dovs.events.model.Validation;
import dev.dovs.events.projection.LabProjection;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@link SpawnCommand#plan}: the original's naming and address plan (spec 4.5), expanded into one intent. */
class SpawnPlanTest {
    private static final String IMAGE = "dovs/node:test";

    /** What the original's plan fixes for a guest; MAC and port id are random. */
    private record Row(String guest, String node, String cidr, String net, String router, int mtu) {
    }

    private static List<Row> rows(Intent.Spawn spawn) {
        return spawn.guests().stream().map(g -> new Row(g.guest(), g.node(), g.cidr(), g.net(), g.router(), g.mtu()))
                .toList();
    }

    private static void assertUniqueMacsAndPorts(Intent.Spawn spawn) {
        Set<String> macs = new HashSet<>();
        Set<String> ports = new HashSet<>();
        Set<String> taps = new HashSet<>();
        for (Intent.AddGuest g : spawn.guests()) {
            assertEquals(g.mac(), Validation.mac(g.mac()));
            assertTrue(g.mac().startsWith("fa:16:3e:"), g.mac());
            assertEquals(g.portId(), Validation.uuid(g.portId()));
            assertTrue(macs.add(g.mac()), "MAC used twice: " + g.mac());
            assertTrue(ports.add(g.portId()), "port id used twice: " + g.portId());
            assertTrue(taps.add(LabNaming.tap(g.portId())), "tap name used twice");
        }
    }

    /** The engine must accept what the CLI plans, on an empty lab. */
    private static void assertAccepted(Intent.Spawn spawn) {
        Decision d = Decider.decide(new LabProjection(LabNaming.defaultLab()), spawn);
        assertInstanceOf(Decision.Planned.class, d, () -> "the decider refused the CLI's plan: " + d);
    }

    @Test
    void two_nodes_two_guests_two_nets_follows_the_originals_plan() {
        Intent.Spawn spawn = SpawnCommand.plan(2, 2, 2, false, IMAGE);

        assertEquals(List.of(new Intent.AddNode("dovs-node-1", IMAGE), new Intent.AddNode("dovs-node-2", IMAGE)),
                spawn.nodes());
        assertEquals(List.of(
                new Row("node-1-guest-1", "dovs-node-1", "10.0.0.1/24", "dovs-net-1", null, 1450),
                new Row("node-1-guest-2", "dovs-node-1", "10.0.0.1/24", "dovs-net-2", null, 1450),
                new Row("node-2-guest-1", "dovs-node-2", "10.0.0.2/24", "dovs-net-1", null, 1450),
                new Row("node-2-guest-2", "dovs-node-2", "10.0.0.2/24", "dovs-net-2", null, 1450)), rows(spawn));
        assertUniqueMacsAndPorts(spawn);
        assertAccepted(spawn);
    }

    @Test
    void routed_nets_get_distinct_subnets_and_router1() {
        Intent.Spawn spawn = SpawnCommand.plan(2, 2, 2, true, IMAGE);

        for (Intent.AddGuest g : spawn.guests()) {
            String subnet = Ipv4Cidr.parseHost(g.cidr()).subnet();
            assertEquals(g.net().equals("dovs-net-1") ? "10.0.1.0/24" : "10.0.0.0/24", subnet, g.guest());
            assertEquals("router1", g.router(), g.guest());
            assertEquals(1450, g.mtu());
        }
        assertEquals(List.of("dovs-net-1", "dovs-net-2", "dovs-net-1", "dovs-net-2"),
                spawn.guests().stream().map(Intent.AddGuest::net).toList());
        assertEquals(List.of("10.0.1.1/24", "10.0.0.1/24", "10.0.1.2/24", "10.0.0.2/24"),
                spawn.guests().stream().map(Intent.AddGuest::cidr).toList());
        assertUniqueMacsAndPorts(spawn);
        assertAccepted(spawn);
    }

    @Test
    void routed_nets_never_overlap_and_hosts_stay_below_the_gateway() {
        Intent.Spawn spawn = SpawnCommand.plan(3, 5, 4, true, IMAGE);

        assertEquals(4, spawn.guests().stream().map(Intent.AddGuest::net).distinct().count());
        // one subnet per net, and no two nets share a subnet
        var subnetsByNet = spawn.guests().stream().collect(Collectors.groupingBy(Intent.AddGuest::net,
                Collectors.mapping(g -> Ipv4Cidr.parseHost(g.cidr()).subnet(), Collectors.toSet())));
        subnetsByNet.values().forEach(s -> assertEquals(1, s.size(), "a net has one subnet: " + s));
        assertEquals(4, subnetsByNet.values().stream().flatMap(Set::stream).distinct().count());
        for (Intent.AddGuest g : spawn.guests()) {
            Ipv4Cidr c = Ipv4Cidr.parseHost(g.cidr());
            assertTrue(c.address() < c.gateway(), g.cidr() + " must not take the gateway");
        }
        assertUniqueMacsAndPorts(spawn);
        assertAccepted(spawn);
    }

    @Test
    void without_nets_guests_have_no_net_mtu_1500_and_addresses_in_10_0_0() {
        Intent.Spawn spawn = SpawnCommand.plan(2, 3, 0, false, IMAGE);

        assertEquals(6, spawn.guests().size());
        assertEquals(List.of("node-1-guest-1", "node-1-guest-2", "node-1-guest-3", "node-2-guest-1",
                "node-2-guest-2", "node-2-guest-3"), spawn.guests().stream().map(Intent.AddGuest::guest).toList());
        for (Intent.AddGuest g : spawn.guests()) {
            assertNull(g.net(), g.guest());
            assertNull(g.router(), g.guest());
            assertEquals(1500, g.mtu(), g.guest());
            assertEquals("10.0.0.0/24", Ipv4Cidr.parseHost(g.cidr()).subnet(), g.guest());
            assertEquals("dovs-node-" + g.guest().charAt(5), g.node());
        }
        // guests sharing a node's br-int must not share an address
        for (String node : List.of("dovs-node-1", "dovs-node-2")) {
            List<String> cidrs = spawn.guests().stream().filter(g -> g.node().equals(node))
                    .map(Intent.AddGuest::cidr).toList();
            assertEquals(cidrs.size(), Set.copyOf(cidrs).size(), node + ": " + cidrs);
        }
        assertUniqueMacsAndPorts(spawn);
        assertAccepted(spawn);
    }

    @Test
    void nodes_without_guests_are_a_valid_plan() {
        Intent.Spawn spawn = SpawnCommand.plan(3, 0, 0, false, IMAGE);
        assertEquals(List.of("dovs-node-1", "dovs-node-2", "dovs-node-3"),
                spawn.nodes().stream().map(Intent.AddNode::node).toList());
        assertTrue(spawn.guests().isEmpty());
        assertAccepted(spawn);
    }

    @Test
    void a_full_net_takes_every_host_below_the_gateway() {
        Intent.Spawn spawn = SpawnCommand.plan(1, 253, 1, true, IMAGE);
        assertEquals("10.0.0.253/24", spawn.guests().get(252).cidr());
        // 253 random 24-bit MACs may collide (rarely): give them distinct ones to test the addresses alone
        List<Intent.AddGuest> distinct = new java.util.ArrayList<>();
        for (int i = 0; i < spawn.guests().size(); i++) {
            Intent.AddGuest g = spawn.guests().get(i);
            distinct.add(new Intent.AddGuest(g.guest(), g.node(), g.cidr(), String.format("fa:16:3e:00:00:%02x", i),
                    g.portId(), g.net(), g.router(), g.mtu()));
        }
        assertAccepted(new Intent.Spawn(spawn.nodes(), distinct));
        assertThrows(DovsException.class, () -> SpawnCommand.plan(1, 254, 1, true, IMAGE));
    }

    @Test
    void two_plans_of_the_same_lab_differ_only_in_macs_and_port_ids() {
        Intent.Spawn a = SpawnCommand.plan(2, 2, 2, true, IMAGE);
        Intent.Spawn b = SpawnCommand.plan(2, 2, 2, true, IMAGE);
        assertEquals(rows(a), rows(b));
        assertEquals(a.nodes(), b.nodes());
    }

    // ---- --odl ---------------------------------------------------------------------------------------------

    private static final Intent.ControllerTarget ODL = OdlController.target("127.0.0.1:8181", 7, 30);

    @Test
    void with_odl_every_node_and_every_guest_on_a_net_is_handed_to_it() {
        // When a routed lab is planned with --odl
        Intent.Spawn spawn = SpawnCommand.plan(2, 2, 2, true, IMAGE, ODL);

        // Then the target, with its waits, is on each node and each guest
        assertEquals(List.of(new Intent.AddNode("dovs-node-1", IMAGE, ODL), new Intent.AddNode("dovs-node-2", IMAGE,
                ODL)), spawn.nodes());
        assertEquals(List.of(ODL, ODL, ODL, ODL), spawn.guests().stream().map(Intent.AddGuest::controller).toList());
        // and the engine reads that ODL before planning, then accepts the plan against an empty one
        LabProjection empty = new LabProjection(LabNaming.defaultLab());
        assertEquals(new Decision.Inspect(new Action.OdlInspect("127.0.0.1:8181",
                "5d806f0e-e197-4a72-88e6-72b024fa5c97")),
                Decider.decide(empty, spawn));
        assertInstanceOf(Decision.Planned.class, Decider.decide(empty, spawn, dev.dovs.engine.odl.OdlSnapshot.EMPTY));
    }

    @Test
    void with_odl_but_no_nets_only_the_nodes_are_handed_to_it() {
        Intent.Spawn spawn = SpawnCommand.plan(2, 2, 0, false, IMAGE, ODL);

        assertEquals(List.of(ODL, ODL), spawn.nodes().stream().map(Intent.AddNode::controller).toList());
        // without a net a guest has no neutron port, as the original
        assertEquals(Arrays.asList(null, null, null, null),
                spawn.guests().stream().map(Intent.AddGuest::controller).toList());
        assertAccepted(spawn);
    }

    @Test
    void without_odl_nothing_is_handed_to_a_controller() {
        Intent.Spawn spawn = SpawnCommand.plan(2, 1, 1, true, IMAGE);

        assertTrue(spawn.nodes().stream().allMatch(n -> n.controller() == null));
        assertTrue(spawn.guests().stream().allMatch(g -> g.controller() == null));
    }
}
