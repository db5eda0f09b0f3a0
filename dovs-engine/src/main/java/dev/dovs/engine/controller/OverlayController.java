package dev.dovs.engine.controller;

import dev.dovs.events.Action;
import dev.dovs.events.Intent;
import dev.dovs.events.projection.GuestView;
import dev.dovs.events.projection.LabProjection;
import dev.dovs.events.projection.NodeView;
import io.vertx.core.Deployable;

import java.util.List;
import java.util.OptionalInt;

/**
 * Who makes a lab's overlay: dovs itself (VXLAN full mesh, {@link dev.dovs.engine.controller.vxlan.VxlanOverlay})
 * or an SDN controller (OpenDaylight, OVN). The planner asks it for the steps a node, a guest, its net and router,
 * a move and a clean need beyond what every lab needs (containers, namespaces, veths); nothing outside an
 * implementation's package knows its details. A lab has exactly one: the controller of its nodes.
 *
 * <p>To add a controller: a package with an implementation of this interface (its planner, its verticle if it
 * talks to something, its step results), a line in {@link Controllers}, and its CLI options.
 */
public interface OverlayController {

    /** The kind intents name ({@link Intent.ControllerTarget#kind()}); null for dovs' own overlay. */
    Intent.ControllerKind kind();

    /** The CLI option that selects this controller ({@code --odl}), for messages; null for dovs' own. */
    String cliOption();

    /** The options that name {@code target} on the command line ({@code --odl 192.0.2.1:8181}), for messages. */
    default String cliArgs(Intent.ControllerTarget target) {
        return cliOption() + " " + target.endpoint();
    }

    /** How messages name {@code target} ({@code ODL at 192.0.2.1:8181}). */
    default String label(Intent.ControllerTarget target) {
        return target.label();
    }

    /**
     * The MTU of a guest on one of this overlay's nets, in bytes: 1500 less the encapsulation's overhead (VXLAN over
     * IPv4: 50, RFC 7348). The CLI writes it into the intent, so a replay keeps it.
     */
    default int overlayMtu() {
        return dev.dovs.events.model.Topology.OVERLAY_MTU;
    }

    /**
     * Starts planning one intent. {@code remote} is what the controller's {@link OverlayPlanner#inspection()} step
     * read, or null before it ran: a planner that needs it refuses nothing it cannot know yet and asks for it.
     */
    OverlayPlanner planner(LabPlan plan, RemoteState remote);

    /**
     * What {@code clean} runs after the host sweeps, for the lab's objects this controller holds (found by the
     * lab's mark, not the log): none for dovs' own overlay. {@code clean.keepController()} is handled by the caller.
     */
    default List<Action> sweeps(LabProjection state, Intent.Clean clean) {
        return List.of();
    }

    /**
     * Where the compensation {@code undo} of one of this controller's actions goes in a clean's layers (0 first,
     * see {@code CleanOrder}); empty for an action that is not this controller's.
     */
    default OptionalInt cleanRank(Action undo) {
        return OptionalInt.empty();
    }

    /**
     * What removing guest {@code g}'s objects from this controller ({@code target}, the guest's) takes, for
     * {@code del-guest} and {@code del-node --force}: run after its tap is unplugged and its namespace deleted. An
     * action equal to the undo of a logged step is run as that step's compensation (the log then knows the object
     * is gone). Empty when the controller holds nothing of the guest.
     */
    default List<Action> removeGuest(LabProjection state, GuestView g, Intent.ControllerTarget target) {
        return List.of();
    }

    /**
     * What removing node {@code node} from this controller takes before its container is removed ({@code del-node}),
     * after its guests' objects are gone; compensations as for {@link #removeGuest}.
     */
    default List<Action> removeNodeBefore(LabProjection state, NodeView node, Intent.ControllerTarget target) {
        return List.of();
    }

    /** What removing node {@code node} from this controller takes once its container is removed. */
    default List<Action> removeNodeAfter(LabProjection state, NodeView node, Intent.ControllerTarget target) {
        return List.of();
    }

    /** The verticles this controller's actions run on (one per subsystem it adds), deployed by the engine. */
    default List<Deployable> verticles(EngineContext context) {
        return List.of();
    }
}
