package dev.dovs.engine.verticle;

import dev.dovs.engine.fake.FakeHost;
import dev.dovs.engine.fake.FakeOvs;
import dev.dovs.events.Action;
import dev.dovs.events.StepResult;
import io.vertx.core.Deployable;
import io.vertx.core.eventbus.ReplyException;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@link OvsVerticle} over {@link FakeOvs} (and the fake docker that locates nodes): each OVS action's effect. */
class OvsVerticleTest extends VerticleHarness {

    @Override
    List<Deployable> verticles(FakeHost host) {
        return List.of(new OvsVerticle(host.ovs(), host.docker()));
    }

    private static Action.PlugPort plug(String container, String tap, int tag) {
        return new Action.PlugPort(container, "br-int", tap, "3d2c1b0a-9f8e-4d7c-8b6a-5f4e3d2c1b0a",
                "fa:16:3e:01:02:03", "g1", LAB, "{\"name\":\"g1\"}", tag);
    }

    @Test
    void br_int_is_made_on_the_userspace_datapath_with_the_lab_mark_and_the_underlay_address() {
        long pid = node("t1.n1");

        assertEquals(new StepResult.Done(), apply(new Action.CreateBridge("t1.n1", "br-int", LAB)));
        FakeOvs.Bridge b = host.ovs().bridge(pid, "br-int");
        assertEquals("netdev", b.datapathType());
        assertEquals(LAB, b.externalIds().get("dovs-lab"));
        assertEquals("172.19.0.2", b.otherConfig().get("local_ip")); // the node's address on the lab's int network
    }

    @Test
    void a_bridge_without_a_datapath_fails_the_step() {
        node("t1.n1");
        host.ovs().withoutDatapath();

        ReplyException e = failure(new Action.CreateBridge("t1.n1", "br-int", LAB));
        assertMayHaveCreated(e);
        assertTrue(e.getMessage().contains("has no datapath"), e.getMessage());
    }

    @Test
    void a_node_that_is_not_running_fails_before_touching_anything() {
        node("t1.n1");
        host.docker().stop("t1.n1");

        ReplyException e = failure(new Action.CreateBridge("t1.n1", "br-int", LAB));
        assertCreatedNothing(e);
        assertEquals("node container t1.n1 is not running (exited)", e.getMessage());
        assertCreatedNothing(failure(plug("t1.nope", "tap3d2c1b0a-9f", 0)));
    }

    private String health(String container) {
        return get(vertx.eventBus().<String>request(OvsVerticle.HEALTH, container)).body();
    }

    @Test
    void a_node_probed_lately_is_asked_through_its_daemons_alone_and_docker_names_what_they_do_not_answer_for() {
        node("t1.n1");
        assertEquals("", health("t1.n1"));
        int inspects = host.docker().inspects();

        assertEquals("", health("t1.n1"));
        assertEquals(inspects, host.docker().inspects(), "no Engine API call for a node probed lately");
        host.docker().stop("t1.n1");
        assertEquals("exited", health("t1.n1"), "its daemons are gone: docker says why");
        assertEquals(inspects + 1, host.docker().inspects());
    }

    @Test
    void a_guest_port_carries_the_neutron_external_ids_and_its_vlan() {
        long pid = node("t1.n1");
        apply(new Action.CreateBridge("t1.n1", "br-int", LAB));

        assertEquals(new StepResult.Done(), apply(plug("t1.n1", "tap3d2c1b0a-9f", 101)));
        FakeOvs.Port p = host.ovs().port(pid, "tap3d2c1b0a-9f");
        assertEquals(Map.of("iface-id", "3d2c1b0a-9f8e-4d7c-8b6a-5f4e3d2c1b0a", "attached-mac", "fa:16:3e:01:02:03",
                "dovs-lab", LAB, "dovs-guest", "g1"), p.externalIds());
        assertEquals("{\"name\":\"g1\"}", p.otherConfig().get("dovs-info"));
        assertEquals(101, p.tag());
        // the tap is not in the node (no veth yet): OVS keeps the row but cannot open the device
        assertEquals(-1, p.ofport());
    }

    @Test
    void a_port_without_a_bridge_is_refused_as_ovs_vsctl_refuses_it() {
        node("t1.n1");

        ReplyException e = failure(plug("t1.n1", "tap3d2c1b0a-9f", 0));
        assertMayHaveCreated(e);
        assertEquals("ovs-vsctl: no bridge named br-int", e.getMessage());
    }

    @Test
    void several_ports_go_in_one_transaction_and_one_bad_port_adds_none() {
        long pid = node("t1.n1");
        apply(new Action.CreateBridge("t1.n1", "br-int", LAB));
        Action.PlugPort good = plug("t1.n1", "tapaaaaaaaa-aa", 1);
        Action.PlugPort bad = plug("t1.n1", "tapbbbbbbbb-bb", 4096);

        failure(new Action.PlugPorts("t1.n1", "br-int", List.of(good, bad)));
        assertEquals(List.of("br-int"), host.ovs().portNames(pid));
        apply(new Action.PlugPorts("t1.n1", "br-int", List.of(good, plug("t1.n1", "tapbbbbbbbb-bb", 2))));
        assertEquals(List.of("br-int", "tapaaaaaaaa-aa", "tapbbbbbbbb-bb"), host.ovs().portNames(pid));
    }

    @Test
    void tunnels_point_at_each_remote_nodes_underlay_address_and_are_protected() {
        long pid1 = node("t1.n1");
        node("t1.n2");
        apply(new Action.CreateBridge("t1.n1", "br-int", LAB));
        apply(new Action.SetupUnderlay("t1.n1", INT, LAB));
        apply(new Action.AddTunnels("t1.n1", INT, LAB, List.of(new Action.Tunnel("vx1001-n2", "t1.n2", 1001, 101))));

        FakeOvs.Port t = host.ovs().port(pid1, "vx1001-n2");
        assertEquals("vxlan", t.type());
        assertEquals(Map.of("remote_ip", "172.19.0.3", "key", "1001"), t.options());
        assertEquals(101, t.tag());
        assertTrue(t.isProtected());
        // the underlay address moved from the NIC to br-phy, and the kernel no longer sees underlay frames
        assertTrue(host.ovs().underlayDropped(pid1));
        assertTrue(host.netns().linksOfPid(pid1).stream().anyMatch(l -> l.name().equals("br-phy")
                && l.addresses().equals(List.of("172.19.0.2/16"))));
        // set up twice is a no-op
        assertEquals(new StepResult.Done(), apply(new Action.SetupUnderlay("t1.n1", INT, LAB)));
    }

    @Test
    void a_tunnel_to_a_node_that_is_gone_fails_before_any_port_is_added() {
        long pid = node("t1.n1");
        apply(new Action.CreateBridge("t1.n1", "br-int", LAB));

        ReplyException e = failure(new Action.AddTunnels("t1.n1", INT, LAB,
                List.of(new Action.Tunnel("vx1001-n9", "t1.n9", 1001, 101))));
        assertCreatedNothing(e);
        assertEquals(List.of("br-int"), host.ovs().portNames(pid));
    }

    @Test
    void unplugging_reports_whether_the_port_was_there_and_a_gone_node_is_nothing_to_remove() {
        node("t1.n1");
        apply(new Action.CreateBridge("t1.n1", "br-int", LAB));
        apply(plug("t1.n1", "tap3d2c1b0a-9f", 0));

        assertEquals(new StepResult.Removed(true), apply(new Action.UnplugPort("t1.n1", "br-int", "tap3d2c1b0a-9f")));
        assertEquals(new StepResult.NothingToDo("port tap3d2c1b0a-9f is already gone"),
                apply(new Action.UnplugPort("t1.n1", "br-int", "tap3d2c1b0a-9f")));
        host.docker().stop("t1.n1");
        assertEquals(new StepResult.NothingToDo("node t1.n1 is not running (exited): its ports go with the node"),
                apply(new Action.UnplugPort("t1.n1", "br-int", "tap3d2c1b0a-9f")));
        assertEquals(new StepResult.NothingToDo("node t1.gone is gone, and its ports with it"),
                apply(new Action.RemovePorts("t1.gone", "br-int", List.of("x"))));
    }

    @Test
    void a_move_detaches_at_the_source_and_its_undo_plugs_back_as_it_was() {
        long pid = node("t1.n1");
        apply(new Action.CreateBridge("t1.n1", "br-int", LAB));
        Action.PlugPort p = plug("t1.n1", "tap3d2c1b0a-9f", 7);
        apply(p);

        Action.DetachPort detach = new Action.DetachPort(p);
        assertEquals(new StepResult.Removed(true), apply(detach));
        assertNull(host.ovs().port(pid, "tap3d2c1b0a-9f"));
        apply(detach.undo());
        assertEquals(7, host.ovs().port(pid, "tap3d2c1b0a-9f").tag());
    }

    @Test
    void connect_controller_reaches_a_controller_on_this_host_through_the_mgmt_gateway() {
        long pid = node("t1.n1");

        StepResult r = apply(new Action.ConnectController("t1.n1", "br-int", LAB, "127.0.0.1", MGMT, INT, 0,
                "0000a1b2c3d4e5f6"));
        // the controller did not take br-int in time: dovs pointed it at the controller itself, and says so
        StepResult.ControllerConnected c = as(StepResult.ControllerConnected.class, r);
        assertEquals("172.18.0.1", c.controllerHost());
        assertEquals("dovs", c.controllerSetBy());
        assertTrue(c.warning().startsWith("br-int on t1.n1 was not taken by ODL within 0 s"), c.warning());
        assertEquals("tcp:172.18.0.1:6640", host.ovs().manager(pid));
        assertEquals("tcp:172.18.0.1:6653", host.ovs().bridge(pid, "br-int").controller());
        assertEquals("0000a1b2c3d4e5f6", host.ovs().bridge(pid, "br-int").otherConfig().get("datapath-id"));
        assertEquals("secure", host.ovs().bridge(pid, "br-int").failMode());
    }

    @Test
    void connect_controller_lets_the_controller_take_the_bridge_dovs_made() {
        long pid = node("t1.n1");
        host.ovs().controllerCreatesBridge(true);

        StepResult.ControllerConnected c = as(StepResult.ControllerConnected.class, apply(new Action.ConnectController(
                "t1.n1", "br-int", LAB, "192.0.2.10", MGMT, INT, 5, "0000a1b2c3d4e5f6")));
        assertEquals(new StepResult.ControllerConnected("192.0.2.10", "odl", null), c);
        assertEquals("netdev", host.ovs().bridge(pid, "br-int").datapathType());
        assertEquals(LAB, host.ovs().bridge(pid, "br-int").externalIds().get("dovs-lab"));
    }

    @Test
    void the_sweep_removes_the_labs_ports_on_every_running_node() {
        long pid1 = node("t1.n1");
        long pid2 = node("t1.n2");
        for (String n : List.of("t1.n1", "t1.n2")) {
            apply(new Action.CreateBridge(n, "br-int", LAB));
            apply(plug(n, "tap3d2c1b0a-9f", 0));
        }
        apply(new Action.AddTunnels("t1.n1", INT, LAB, List.of(new Action.Tunnel("vx1001-n2", "t1.n2", 1001, 101))));

        assertEquals(new StepResult.Swept(3), apply(new Action.Sweep(Action.Subsystem.OVS, LAB, null)));
        assertEquals(List.of("br-int"), host.ovs().portNames(pid1));
        assertEquals(List.of("br-int"), host.ovs().portNames(pid2));
    }
}
