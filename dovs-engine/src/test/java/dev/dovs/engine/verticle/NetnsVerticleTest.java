package dev.dovs.engine.verticle;

import dev.dovs.engine.fake.FakeHost;
import dev.dovs.engine.fake.FakeNetns;
import dev.dovs.events.Action;
import dev.dovs.events.StepResult;
import io.vertx.core.Deployable;
import io.vertx.core.eventbus.ReplyException;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@link NetnsVerticle} over {@link FakeNetns}: guest namespaces, veths, addresses, moves and the sweep. */
class NetnsVerticleTest extends VerticleHarness {
    private static final String NS = "dovst1-g1";
    private static final String TAP = "tap3d2c1b0a-9f";

    @Override
    List<Deployable> verticles(FakeHost host) {
        return List.of(new NetnsVerticle(host.netns(), host.docker()));
    }

    private FakeNetns.LinkState link(List<FakeNetns.LinkState> links, String name) {
        return links.stream().filter(l -> l.name().equals(name)).findFirst().orElse(null);
    }

    @Test
    void a_guest_gets_its_namespace_and_a_veth_whose_peer_is_in_the_node() {
        long pid = node("t1.n1");

        assertEquals(new StepResult.Created(true), apply(new Action.CreateNamespace(NS)));
        assertEquals(new StepResult.Done(), apply(new Action.CreateVeth(NS, "eth0", TAP, "t1.n1",
                "fa:16:3e:01:02:03", 1450)));
        FakeNetns.LinkState eth0 = link(host.netns().links(NS), "eth0");
        assertEquals("fa:16:3e:01:02:03", eth0.mac());
        assertEquals(1450, eth0.mtu());
        FakeNetns.LinkState peer = link(host.netns().linksOfPid(pid), TAP);
        assertEquals(1450, peer.mtu());
        assertTrue(peer.up());
    }

    @Test
    void an_existing_namespace_is_not_ours_to_reuse_and_nothing_was_created() {
        apply(new Action.CreateNamespace(NS));

        ReplyException e = failure(new Action.CreateNamespace(NS));
        assertCreatedNothing(e); // so a rollback never deletes the namespace someone else owns
        assertEquals("namespace dovst1-g1 already exists", e.getMessage());
    }

    @Test
    void a_veth_into_a_stopped_node_fails_before_anything_is_created() {
        node("t1.n1");
        host.docker().stop("t1.n1");
        apply(new Action.CreateNamespace(NS));

        assertCreatedNothing(failure(new Action.CreateVeth(NS, "eth0", TAP, "t1.n1", "fa:16:3e:01:02:03", 1450)));
        assertEquals(List.of("lo"), host.netns().links(NS).stream().map(FakeNetns.LinkState::name).toList());
    }

    @Test
    void an_interface_name_the_kernel_refuses_fails_the_step() {
        node("t1.n1");
        apply(new Action.CreateNamespace(NS));

        ReplyException e = failure(new Action.CreateVeth(NS, "eth0", "tap3d2c1b0a-9f8e", "t1.n1",
                "fa:16:3e:01:02:03", 1450));
        assertTrue(e.getMessage().contains("not a valid ifname"), e.getMessage());
    }

    @Test
    void configure_sets_the_address_the_default_route_and_turns_tx_checksum_offload_off() {
        node("t1.n1");
        apply(new Action.CreateNamespace(NS));
        apply(new Action.CreateVeth(NS, "eth0", TAP, "t1.n1", "fa:16:3e:01:02:03", 1450));

        apply(new Action.ConfigureGuest(NS, "eth0", "10.0.0.1/24", "10.0.0.254"));
        FakeNetns.LinkState eth0 = link(host.netns().links(NS), "eth0");
        assertEquals(List.of("10.0.0.1/24"), eth0.addresses());
        assertTrue(eth0.up());
        assertFalse(eth0.txChecksumOffload());
        assertTrue(link(host.netns().links(NS), "lo").up());
        assertEquals("10.0.0.254", host.netns().defaultGateway(NS));
    }

    private static Action.GuestLink guestLink(String netns, String tap, String mac, String cidr, String gateway) {
        return new Action.GuestLink(netns, "eth0", tap, mac, 1450, cidr, gateway);
    }

    @Test
    void a_batch_makes_each_guest_as_the_three_steps_would_and_its_undo_deletes_them_all() {
        long pid = node("t1.n1");
        Action.CreateGuests batch = new Action.CreateGuests("t1.n1", List.of(
                guestLink("dovst1-g1", TAP, "fa:16:3e:01:02:03", "10.0.0.1/24", "10.0.0.254"),
                guestLink("dovst1-g2", "tap4e3d2c1b-0a", "fa:16:3e:01:02:04", "10.0.0.2/24", null)));

        assertEquals(new StepResult.Created(true), apply(batch));
        FakeNetns.LinkState eth0 = link(host.netns().links("dovst1-g1"), "eth0");
        assertEquals("fa:16:3e:01:02:03", eth0.mac());
        assertEquals(List.of("10.0.0.1/24"), eth0.addresses());
        assertTrue(eth0.up());
        assertFalse(eth0.txChecksumOffload());
        assertEquals("10.0.0.254", host.netns().defaultGateway("dovst1-g1"));
        assertNull(host.netns().defaultGateway("dovst1-g2"));
        assertEquals(List.of("10.0.0.2/24"), link(host.netns().links("dovst1-g2"), "eth0").addresses());
        assertTrue(link(host.netns().linksOfPid(pid), "tap4e3d2c1b-0a").up());

        assertEquals(new StepResult.Removed(true), apply(batch.undo()));
        assertFalse(host.netns().exists("dovst1-g1"));
        assertFalse(host.netns().exists("dovst1-g2"));
        assertTrue(apply(batch.undo()) instanceof StepResult.NothingToDo, "undone twice: nothing to do");
    }

    @Test
    void a_batch_that_fails_part_way_removes_what_it_made_and_so_created_nothing() {
        node("t1.n1");
        Action.CreateGuests batch = new Action.CreateGuests("t1.n1", List.of(
                guestLink("dovst1-g1", TAP, "fa:16:3e:01:02:03", "10.0.0.1/24", null),
                guestLink("dovst1-g2", "tap4e3d2c1b-0a8f", "fa:16:3e:01:02:04", "10.0.0.2/24", null)));

        ReplyException e = failure(batch);
        assertCreatedNothing(e);
        assertTrue(e.getMessage().contains("not a valid ifname"), e.getMessage());
        assertFalse(host.netns().exists("dovst1-g1"), "the first guest, made before the failure, is gone again");
        assertFalse(host.netns().exists("dovst1-g2"));
    }

    @Test
    void a_batch_with_a_namespace_that_exists_creates_nothing_and_leaves_that_namespace_alone() {
        node("t1.n1");
        apply(new Action.CreateNamespace("dovst1-g2"));
        Action.CreateGuests batch = new Action.CreateGuests("t1.n1", List.of(
                guestLink("dovst1-g1", TAP, "fa:16:3e:01:02:03", "10.0.0.1/24", null),
                guestLink("dovst1-g2", "tap4e3d2c1b-0a", "fa:16:3e:01:02:04", "10.0.0.2/24", null)));

        assertCreatedNothing(failure(batch));
        assertFalse(host.netns().exists("dovst1-g1"));
        assertTrue(host.netns().exists("dovst1-g2"), "not this step's: kept");
    }

    @Test
    void a_gateway_off_the_guests_subnet_is_refused_as_the_kernel_refuses_it() {
        node("t1.n1");
        apply(new Action.CreateNamespace(NS));
        apply(new Action.CreateVeth(NS, "eth0", TAP, "t1.n1", "fa:16:3e:01:02:03", 1450));

        ReplyException e = failure(new Action.ConfigureGuest(NS, "eth0", "10.0.0.1/24", "10.0.1.254"));
        assertEquals("Error: Nexthop has invalid gateway.", e.getMessage());
        assertNull(host.netns().defaultGateway(NS));
    }

    @Test
    void a_moved_link_leaves_the_source_node_for_the_destination_and_moves_back_on_undo() {
        long pid1 = node("t1.n1");
        long pid2 = node("t1.n2");
        apply(new Action.CreateNamespace(NS));
        apply(new Action.CreateVeth(NS, "eth0", TAP, "t1.n1", "fa:16:3e:01:02:03", 1450));

        Action.MoveLink move = new Action.MoveLink(TAP, "t1.n1", "t1.n2");
        apply(move);
        assertNull(link(host.netns().linksOfPid(pid1), TAP));
        assertTrue(link(host.netns().linksOfPid(pid2), TAP).up());
        apply(move); // already there: fine, the move is idempotent
        apply(move.undo());
        assertTrue(link(host.netns().linksOfPid(pid1), TAP).up());
        assertNull(link(host.netns().linksOfPid(pid2), TAP));
    }

    @Test
    void a_move_onto_an_interface_of_the_same_name_moves_nothing_and_needs_no_undo() {
        long pid1 = node("t1.n1");
        long pid2 = node("t1.n2");
        apply(new Action.CreateNamespace(NS));
        apply(new Action.CreateVeth(NS, "eth0", TAP, "t1.n1", "fa:16:3e:01:02:03", 1450));
        // Something else already has the tap's name in the destination node.
        host.netns().create("other");
        host.netns().createVeth("other", "eth0", "fa:16:3e:0a:0b:0c", 1500, TAP, pid2);

        ReplyException e = failure(new Action.MoveLink(TAP, "t1.n1", "t1.n2"));
        assertCreatedNothing(e); // so the rollback does not move the other interface back to the source
        assertTrue(e.getMessage().contains("already exists in the destination node"), e.getMessage());
        assertEquals("fa:16:3e:01:02:03", link(host.netns().links(NS), "eth0").mac());
        assertTrue(link(host.netns().linksOfPid(pid1), TAP) != null);
        assertTrue(link(host.netns().linksOfPid(pid2), TAP) != null);
    }

    @Test
    void a_router_namespace_forwards_and_a_guest_announces_itself() {
        node("t1.n1");
        apply(new Action.CreateNamespace("dovst1-qr.r1"));
        apply(new Action.EnableForwarding("dovst1-qr.r1"));
        assertTrue(host.netns().forwarding("dovst1-qr.r1"));

        apply(new Action.CreateNamespace(NS));
        apply(new Action.CreateVeth(NS, "eth0", TAP, "t1.n1", "fa:16:3e:01:02:03", 1450));
        apply(new Action.ConfigureGuest(NS, "eth0", "10.0.0.1/24", null));
        apply(new Action.Announce(NS, "eth0", "10.0.0.1"));
        assertEquals(List.of("10.0.0.1"), host.netns().announced(NS));
    }

    @Test
    void deleting_a_namespace_destroys_its_veth_and_the_peer_in_the_node() {
        long pid = node("t1.n1");
        apply(new Action.CreateNamespace(NS));
        apply(new Action.CreateVeth(NS, "eth0", TAP, "t1.n1", "fa:16:3e:01:02:03", 1450));

        assertEquals(new StepResult.Removed(true), apply(new Action.DeleteNamespace(NS)));
        assertNull(link(host.netns().linksOfPid(pid), TAP));
        assertEquals(new StepResult.NothingToDo("namespace " + NS + " is already gone"),
                apply(new Action.DeleteNamespace(NS)));
    }

    @Test
    void the_sweep_deletes_the_labs_namespaces_by_prefix_only() {
        apply(new Action.CreateNamespace(NS));
        apply(new Action.CreateNamespace("dovst1-qr.r1"));
        apply(new Action.CreateNamespace("dovst2-g1"));

        assertEquals(new StepResult.Swept(2), apply(new Action.Sweep(Action.Subsystem.NETNS, LAB, "dovst1-")));
        assertEquals(List.of("dovst2-g1"), host.netns().list("dovs"));
    }

    // ---- issue 12: link impairment ---------------------------------------------------------------------------

    @Test
    void netem_is_set_replaced_and_cleared_on_the_guests_link_and_an_unknown_device_fails() {
        node("t1.n1");
        apply(new Action.CreateNamespace(NS));
        apply(new Action.CreateVeth(NS, "eth0", TAP, "t1.n1", "fa:16:3e:01:02:03", 1450));
        dev.dovs.events.model.Impairment fifty = new dev.dovs.events.model.Impairment(50, 0, 0, null);
        dev.dovs.events.model.Impairment lossy = new dev.dovs.events.model.Impairment(0, 0, 1.5, "10mbit");

        assertEquals(new StepResult.Done(), apply(new Action.SetNetem(NS, "eth0", fifty)));
        assertEquals(fifty, host.netns().netem(NS, "eth0"));
        apply(new Action.SetNetem(NS, "eth0", lossy));
        assertEquals(lossy, host.netns().netem(NS, "eth0"));
        apply(new Action.ClearNetem(NS, "eth0"));
        assertEquals(null, host.netns().netem(NS, "eth0"));
        apply(new Action.ClearNetem(NS, "eth0")); // nothing to clear is fine

        ReplyException e = failure(new Action.SetNetem(NS, "eth9", fifty));
        assertEquals("Cannot find device \"eth9\"", e.getMessage());
    }
}
