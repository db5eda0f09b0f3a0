package dev.dovs.engine.core;

import dev.dovs.engine.controller.RemoteState;
import dev.dovs.events.Action;
import dev.dovs.events.Intent;
import dev.dovs.events.Outcome;
import dev.dovs.events.Outcome.Failure;
import dev.dovs.events.model.Ipv4Cidr;
import dev.dovs.events.model.LabNaming;
import dev.dovs.events.projection.GuestView;
import dev.dovs.events.projection.LabProjection;

import java.util.List;

/**
 * Turns an intent into a {@link Plan} or a rejection, from the projected state alone: pure, no I/O, so that every
 * rule is unit-tested without a host. Every lab-changing intent is planned here, {@code clean} included
 * ({@link CleanPlanner}): the same intent on the same state gives an equal plan. The engine re-decides at apply time because the state may have changed
 * since the CLI submitted. What the overlay needs comes from the lab's controller ({@link LabPlanner}).
 */
public final class Decider {

    private Decider() {
    }

    public static Decision decide(LabProjection state, Intent intent) {
        return decide(state, intent, null);
    }

    /**
     * The intent with the guest it names written canonically: a guest named by its namespace name
     * ({@link dev.dovs.events.model.LabNaming#resolveGuest}) is named by its name, so that the log, and a replay of
     * it into a lab where the same alias might resolve differently, say which guest was meant. Commands submit
     * (and {@code replay} re-submits) the canonical intent; an intent naming no guest of {@code state} is returned
     * unchanged (the decider refuses it).
     */
    public static Intent canonical(LabProjection state, Intent intent) {
        return canonical(() -> state, intent);
    }

    /** {@link #canonical(LabProjection, Intent)} that folds the lab's state only for an intent naming a guest. */
    public static Intent canonical(java.util.function.Supplier<LabProjection> state, Intent intent) {
        if (intent instanceof Intent.MoveGuest m) {
            return state.get().resolveGuest(m.guest()).map(g -> (Intent) new Intent.MoveGuest(g.name(), m.node()))
                    .orElse(intent);
        } else if (intent instanceof Intent.DelGuest d) {
            return state.get().resolveGuest(d.guest()).map(g -> (Intent) new Intent.DelGuest(g.name()))
                    .orElse(intent);
        } else if (intent instanceof Intent.Netem n) {
            return state.get().resolveGuest(n.guest()).map(g -> (Intent) new Intent.Netem(g.name(), n.impairment()))
                    .orElse(intent);
        }
        return intent;
    }

    /**
     * @param remote what the lab's controller holds, once read; while null, an intent whose plan depends on it is
     *               answered with {@link Decision.Inspect} instead of a plan
     */
    public static Decision decide(LabProjection state, Intent intent, RemoteState remote) {
        return decide(state, intent, remote, false);
    }

    /**
     * @param sourceGone for a move: the guest's node is stopped or removed (its end of the guest's link went with
     *                   it), so the move is an evacuation that rebuilds the link on the destination
     */
    public static Decision decide(LabProjection state, Intent intent, RemoteState remote, boolean sourceGone) {
        try {
            return decideOrThrow(state, intent, remote, sourceGone);
        } catch (IllegalArgumentException e) { // an intent no rule accepts (e.g. an imported one): a refusal
            return reject(intent, e.getMessage());
        }
    }

    private static Decision decideOrThrow(LabProjection state, Intent intent, RemoteState remote,
                                          boolean sourceGone) {
        if (intent instanceof Intent.MoveGuest move) {
            return moveGuest(state, move, remote, sourceGone);
        }
        if (intent instanceof Intent.AddNode add) {
            return addNode(state, add);
        } else if (intent instanceof Intent.AddGuest add) {
            return addGuest(state, add, remote);
        } else if (intent instanceof Intent.Spawn spawn) {
            return spawn(state, spawn, remote);
        } else if (intent instanceof Intent.Clean clean) {
            return new Decision.Planned(CleanPlanner.plan(state, clean));
        }
        Decision removal = RemovalPlanner.decide(state, intent); // issue 12: del-guest, del-node, netem
        if (removal != null) {
            return removal;
        }
        throw new IllegalArgumentException("the decider does not plan " + intent.describe());
    }

    private static Decision addNode(LabProjection state, Intent.AddNode add) {
        LabPlanner planner = new LabPlanner(state);
        String problem = planner.addNode(add);
        if (problem != null) {
            return reject(add, problem);
        }
        String container = state.naming().container(add.node());
        // the container's id and addresses come from its step's result (PlanOutcomes)
        return new Decision.Planned(Plan.of(planner.stages(),
                new Outcome.NodeAdded(add.node(), container, null, null, null)));
    }

    private static Decision addGuest(LabProjection state, Intent.AddGuest add, RemoteState remote) {
        LabPlanner planner = new LabPlanner(state, remote);
        String problem = planner.addGuest(add);
        if (problem != null) {
            return reject(add, problem);
        }
        if (planner.inspection() != null) { // refusals that need no controller came first
            return new Decision.Inspect(planner.inspection());
        }
        LabNaming n = state.naming();
        return new Decision.Planned(Plan.of(planner.stages(),
                new Outcome.GuestAdded(add.guest(), add.node(), n.netns(add.guest()), LabNaming.tap(add.portId()))));
    }

    private static Decision spawn(LabProjection state, Intent.Spawn spawn, RemoteState remote) {
        LabPlanner planner = new LabPlanner(state, remote);
        for (Intent.AddNode node : spawn.nodes()) {
            String problem = planner.addNode(node);
            if (problem != null) {
                return reject(spawn, problem);
            }
        }
        for (Intent.AddGuest guest : spawn.guests()) {
            String problem = planner.addGuest(guest);
            if (problem != null) {
                return reject(spawn, guest.guest() + ": " + problem);
            }
        }
        if (planner.inspection() != null) { // refusals that need no controller came first
            return new Decision.Inspect(planner.inspection());
        }
        return new Decision.Planned(Plan.of(planner.stages(),
                new Outcome.LabSpawned(spawn.nodes().size(), spawn.guests().size())));
    }

    /**
     * Detach from the source node, move the veth end into the destination node, plug it there with the same
     * iface-id, MAC and VLAN, then announce it (gratuitous ARP): learning switches elsewhere still point at the old
     * tunnel until the guest speaks. Each step is undone in reverse if a later one fails.
     */
    private static Decision moveGuest(LabProjection state, Intent.MoveGuest move, RemoteState remote,
                                      boolean sourceGone) {
        GuestView g = state.resolveGuest(move.guest()).orElse(null);
        if (g == null) {
            return reject(move, "guest " + move.guest() + " does not exist");
        }
        String name = g.name();
        if (state.node(move.node()).isEmpty()) {
            return reject(move, "node " + move.node() + " does not exist");
        }
        if (g.node().equals(move.node())) {
            return reject(move, "guest " + name + " is already on node " + move.node());
        }
        LabPlanner planner = new LabPlanner(state, remote);
        Action.PlugPort atSource = planner.plug(g);
        String to = state.naming().container(move.node());
        Action.PlugPort atDestination = new Action.PlugPort(to, atSource.bridge(), atSource.port(), atSource.ifaceId(),
                atSource.mac(), atSource.guest(), atSource.lab(), atSource.info(), atSource.tag());
        List<List<Action>> host = sourceGone
                // Evacuation (nova evacuate): the node took its end of the link, and so the guest's eth0, with it.
                // The link is made again on the destination with the same MAC and tap, then the guest's addresses
                // and gateway, and the same port id; the namespace, and what runs in it, stay.
                ? List.of(
                List.of(new Action.CreateVeth(g.netns(), LabNaming.GUEST_IFNAME, g.tap(), to, g.mac(), g.mtu())),
                List.of(new Action.ConfigureGuest(g.netns(), LabNaming.GUEST_IFNAME, g.cidr(),
                        planner.overlay().gateway(g)), atDestination))
                : List.of(
                List.of(new Action.DetachPort(atSource)),
                List.of(new Action.MoveLink(g.tap(), atSource.container(), to)),
                List.of(atDestination));
        Action announce = new Action.Announce(g.netns(), LabNaming.GUEST_IFNAME, Ipv4Cidr.parseHost(g.cidr()).ip());
        List<List<Action>> stages;
        try {
            stages = planner.overlay().moveStages(g, move.node(), host, announce);
        } catch (IllegalArgumentException e) {
            return reject(move, e.getMessage());
        }
        if (stages == null) {
            return new Decision.Inspect(planner.inspection());
        }
        return new Decision.Planned(Plan.of(stages, new Outcome.GuestMoved(name, g.node(), move.node())));
    }

    private static Decision reject(Intent intent, String message) {
        return new Decision.Rejected(intent.failed(new Failure(Failure.Kind.REJECTED, message, true)));
    }
}
