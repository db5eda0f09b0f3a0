package dev.dovs.events.projection;

import dev.dovs.events.Action;
import dev.dovs.events.Event;
import dev.dovs.events.EventEnvelope;
import dev.dovs.events.Intent;
import dev.dovs.events.Outcome;
import dev.dovs.events.StepEvent;
import dev.dovs.events.model.Impairment;
import dev.dovs.events.model.LabNaming;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** del-guest, del-node and netem as the projection folds them (issue 12). */
class LabProjectionRemovalTest {
    private static final String P1 = "11111111-2222-4333-8444-555555555555";
    private static final String P2 = "aaaaaaaa-bbbb-4ccc-8ddd-eeeeeeeeeeee";
    private final List<EventEnvelope> log = new ArrayList<>();
    private long next = 1;
    private int steps;

    private void add(String intent, Event e) {
        log.add(new EventEnvelope(next++, Instant.ofEpochSecond(1_700_000_000L + next), "default", intent, null,
                "test", e));
    }

    private void step(String intent, Action a) {
        String id = "s" + (++steps);
        add(intent, new StepEvent.StepStarted(id, a, null));
        add(intent, new StepEvent.StepSucceeded(id, Map.of()));
    }

    private LabProjection fold() {
        return LabProjection.fold(LabNaming.defaultLab(), log);
    }

    /** Two nodes with a net between them; g1 and g2 on n1 (batched plug), g3 on n2. */
    private void lab() {
        for (String n : List.of("n1", "n2")) {
            add("a-" + n, new Intent.AddNode(n, "img"));
            step("a-" + n, new Action.CreateContainer(n, n, "img", List.of("m", "i"), "default"));
            add("a-" + n, new Outcome.NodeAdded(n, n, "c", "1", "2"));
        }
        Intent.AddGuest g1 = new Intent.AddGuest("g1", "n1", "10.0.0.1/24", "fa:16:3e:00:00:01", P1, "a", null, 1450);
        Intent.AddGuest g2 = new Intent.AddGuest("g2", "n1", "10.0.0.2/24", "fa:16:3e:00:00:02", P2, "a", null, 1450);
        add("sp", new Intent.Spawn(List.of(), List.of(g1, g2)));
        step("sp", new Action.AddTunnels("n1", "i", "default", List.of(new Action.Tunnel("vx1", "n2", 1001, 101))));
        step("sp", new Action.AddTunnels("n2", "i", "default", List.of(new Action.Tunnel("vx2", "n1", 1001, 101))));
        step("sp", new Action.CreateGuests("n1", List.of(link("dovs-g1", g1), link("dovs-g2", g2))));
        step("sp", new Action.PlugPorts("n1", "br-int", List.of(plug(g1), plug(g2))));
        add("sp", new Outcome.LabSpawned(0, 2));
    }

    private static Action.GuestLink link(String netns, Intent.AddGuest g) {
        return new Action.GuestLink(netns, "eth0", LabNaming.tap(g.portId()), g.mac(), g.mtu(), g.cidr(), null);
    }

    private static Action.PlugPort plug(Intent.AddGuest g) {
        return new Action.PlugPort("n1", "br-int", LabNaming.tap(g.portId()), g.portId(), g.mac(), g.guest(),
                "default", "{}", 101);
    }

    @Test
    void a_removed_guest_leaves_the_state_and_its_steps_leave_the_ledger_but_its_batch_keeps_the_others() {
        lab();
        add("d", new Intent.DelGuest("g1"));
        add("d", new Outcome.GuestRemoved("g1", "n1"));

        LabProjection p = fold();

        assertEquals(List.of("g2"), p.guests().stream().map(GuestView::name).toList());
        List<Action> ledger = p.ledger().stream().map(LedgerEntry::action).toList();
        Action.CreateGuests made = ledger.stream().filter(a -> a instanceof Action.CreateGuests)
                .map(a -> (Action.CreateGuests) a).findFirst().orElseThrow();
        assertEquals(List.of("dovs-g2"), made.guests().stream().map(Action.GuestLink::netns).toList(),
                "the batch keeps the other guest's namespace only");
        assertEquals(new Action.DeleteNamespaces(List.of("dovs-g2")), made.undo());
        Action.PlugPorts batch = ledger.stream().filter(a -> a instanceof Action.PlugPorts)
                .map(a -> (Action.PlugPorts) a).findFirst().orElseThrow();
        assertEquals(List.of(LabNaming.tap(P2)), batch.ports().stream().map(Action.PlugPort::port).toList());
        assertTrue(p.buildIntents().stream().anyMatch(iv -> iv.id().equals("d")), "del-guest is part of the build");
    }

    @Test
    void a_removed_node_takes_its_guests_its_container_and_the_tunnels_towards_it() {
        lab();
        add("x", new Intent.DelNode("n1", true));
        add("x", new Outcome.NodeRemoved("n1", List.of("g1", "g2")));

        LabProjection p = fold();

        assertEquals(List.of("n2"), p.nodes().stream().map(NodeView::name).toList());
        assertTrue(p.guests().isEmpty());
        List<Action> ledger = p.ledger().stream().map(LedgerEntry::action).toList();
        assertEquals(List.of(new Action.CreateContainer("n2", "n2", "img", List.of("m", "i"), "default")), ledger);
    }

    @Test
    void netem_is_set_replaced_cleared_and_forgotten_with_its_guest() {
        lab();
        Impairment fifty = new Impairment(50, 0, 0, null);
        add("n", new Intent.Netem("g2", fifty));
        add("n", new Outcome.NetemSet("g2", fifty));
        assertEquals(fifty, fold().impairment("g2").orElseThrow());

        add("c", new Intent.Netem("g2", null));
        add("c", new Outcome.NetemSet("g2", null));
        assertTrue(fold().impairment("g2").isEmpty());

        add("n2", new Intent.Netem("g2", fifty));
        add("n2", new Outcome.NetemSet("g2", fifty));
        add("d", new Intent.DelGuest("g2"));
        add("d", new Outcome.GuestRemoved("g2", "n1"));
        assertTrue(fold().impairment("g2").isEmpty());
    }
}
