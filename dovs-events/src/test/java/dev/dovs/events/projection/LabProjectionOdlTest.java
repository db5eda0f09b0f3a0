package dev.dovs.events.projection;

import dev.dovs.events.Action;
import dev.dovs.events.StepEvent;

import dev.dovs.events.Event;
import dev.dovs.events.EventEnvelope;
import dev.dovs.events.Intent;
import dev.dovs.events.Outcome;
import dev.dovs.events.Outcome.Failure;
import dev.dovs.events.model.LabNaming;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Which ODL manages which node and guest, and which ODLs the lab's log names, as a fold of the log. */
class LabProjectionOdlTest {
    private static final String PORT1 = "11111111-2222-4333-8444-555555555555";
    private static final String PORT2 = "aaaaaaaa-bbbb-4ccc-8ddd-eeeeeeeeeeee";
    private static final Intent.ControllerTarget ODL = new Intent.ControllerTarget(Intent.ControllerKind.ODL,
            "127.0.0.1:8181", java.util.Map.of("bridgeWaitSeconds", "7", "bindingTimeoutSeconds", "30"));
    private static final Intent.ControllerTarget OTHER = new Intent.ControllerTarget(Intent.ControllerKind.ODL,
            "10.9.9.9:8181");

    private final List<EventEnvelope> log = new ArrayList<>();

    private void add(String intentId, Event e) {
        log.add(new EventEnvelope(100 + log.size(), Instant.ofEpochSecond(1_700_000_000L), "default", intentId, null,
                "test", e));
    }

    private LabProjection fold() {
        return LabProjection.fold(LabNaming.defaultLab(), log);
    }

    private void nodeAdded(String intent, String node, Intent.ControllerTarget odl) {
        add(intent, new Intent.AddNode(node, "img", odl));
        add(intent, new Outcome.NodeAdded(node, node, "cid-" + node, "172.18.0.2", "172.20.0.2"));
    }

    private void guestAdded(String intent, Intent.AddGuest g) {
        add(intent, g);
        add(intent, new Outcome.GuestAdded(g.guest(), g.node(), "dovs-" + g.guest(), LabNaming.tap(g.portId())));
    }

    private static Intent.AddGuest guest(String name, String port, String net, Intent.ControllerTarget odl) {
        return new Intent.AddGuest(name, "n1", "10.0.0.1/24", "fa:16:3e:00:00:0" + name.length(), port, net, null,
                1450, odl);
    }

    @Test
    void nodes_and_guests_added_with_odl_are_managed_by_it() {
        // Given an ODL node with a guest on a net, and a plain node
        nodeAdded("i1", "n1", ODL);
        nodeAdded("i2", "n2", null);
        guestAdded("i3", guest("g1", PORT1, "S", ODL));

        // When the log is folded
        LabProjection p = fold();

        // Then each knows its ODL, with the waits of the intent
        assertEquals(Optional.of(ODL), p.controllerOfNode("n1"));
        assertEquals(Optional.empty(), p.controllerOfNode("n2"));
        assertEquals(Optional.of(ODL), p.controllerOfGuest("g1"));
        assertEquals(Set.of("127.0.0.1:8181"), p.controllerEndpoints(Intent.ControllerKind.ODL));
    }

    @Test
    void a_guest_with_odl_but_no_net_has_no_odl() {
        nodeAdded("i1", "n1", ODL);
        guestAdded("i2", guest("g1", PORT1, null, OTHER));

        LabProjection p = fold();

        // without a net there is no neutron port: nothing of ODL to manage, nothing to sweep there
        assertEquals(Optional.empty(), p.controllerOfGuest("g1"));
        assertEquals(Set.of("127.0.0.1:8181"), p.controllerEndpoints(Intent.ControllerKind.ODL));
    }

    @Test
    void a_failed_intent_counts_only_while_its_odl_steps_are_not_undone() {
        // Given a failed add-node that was rolled back, and a failed add-guest whose ODL PUT was never undone
        add("i1", new Intent.AddNode("n1", "img", ODL));
        add("i1", new Outcome.NodeAddFailed("n1", new Failure(Failure.Kind.FAILED, "boom", true)));
        add("i2", guest("g1", PORT1, "S", OTHER));
        add("i2", new StepEvent.StepStarted("s1", new Action.OdlPut("10.9.9.9:8181", "port", PORT1, "g1", "{}"),
                null));
        add("i2", new Outcome.GuestAddFailed("g1", new Failure(Failure.Kind.FAILED, "boom", false)));

        LabProjection p = fold();

        // Then only the ODL that may still hold an object is left to sweep: a rolled-back intent holds clean up never
        assertEquals(Set.of("10.9.9.9:8181"), p.controllerEndpoints(Intent.ControllerKind.ODL));
        assertEquals(Optional.empty(), p.controllerOfNode("n1"));
        assertEquals(Optional.empty(), p.controllerOfGuest("g1"));

        // And once that step is compensated, nothing is
        add("i2", new StepEvent.StepStarted("s2", new Action.OdlDelete("10.9.9.9:8181", "port", PORT1, "g1"), "s1"));
        add("i2", new StepEvent.StepSucceeded("s2", java.util.Map.of()));
        assertEquals(Set.of(), fold().controllerEndpoints(Intent.ControllerKind.ODL));
    }

    @Test
    void a_spawn_hands_its_nodes_and_its_guests_on_nets_to_its_odl() {
        Intent.Spawn spawn = new Intent.Spawn(List.of(new Intent.AddNode("n1", "img", ODL)),
                List.of(guest("g1", PORT1, "S", ODL), guest("g22", PORT2, null, null)));
        add("i1", spawn);
        add("i1", new Outcome.LabSpawned(1, 2));

        LabProjection p = fold();

        assertEquals(Optional.of(ODL), p.controllerOfNode("n1"));
        assertEquals(Optional.of(ODL), p.controllerOfGuest("g1"));
        assertEquals(Optional.empty(), p.controllerOfGuest("g22"));
        assertEquals(Set.of("127.0.0.1:8181"), p.controllerEndpoints(Intent.ControllerKind.ODL));
    }

    @Test
    void lab_cleaned_forgets_every_odl() {
        // Given an ODL lab
        nodeAdded("i1", "n1", ODL);
        guestAdded("i2", guest("g1", PORT1, "S", ODL));

        // When it is cleaned
        add("i3", new Intent.Clean(OTHER));
        add("i3", new Outcome.LabCleaned(7, 1));
        LabProjection p = fold();

        // Then nothing is managed any more and no ODL is left to sweep
        assertEquals(Optional.empty(), p.controllerOfNode("n1"));
        assertEquals(Optional.empty(), p.controllerOfGuest("g1"));
        assertEquals(Set.of(), p.controllerEndpoints(Intent.ControllerKind.ODL));

        // and a node added afterwards without --odl is plain
        nodeAdded("i4", "n1", null);
        assertEquals(Optional.empty(), fold().controllerOfNode("n1"));
    }
}
