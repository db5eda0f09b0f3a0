package dev.dovs.engine.controller;

import dev.dovs.events.Action;
import dev.dovs.events.Intent;
import dev.dovs.events.projection.GuestView;

import java.util.List;

/**
 * One intent's plan, as far as the overlay goes: made by {@link OverlayController#planner}, asked by the generic
 * lab planner (which checks names, addresses, nets and routers, and plans containers, namespaces and veths) for
 * what only the overlay knows. Pure: it only computes actions. Stateful for one intent (a spawn creates each
 * subnet once).
 *
 * <p>Stage order of an addition: docker networks, containers (with {@link #containers}), {@link #bridge} per new node,
 * {@link #nodeStages}, {@link #overlayStages}, guest namespaces, veths, configure + plug, {@link #finalStages}.
 */
public interface OverlayPlanner {

    /**
     * Refusals of a guest only the overlay can know (after every generic check passed), or null. A planner whose
     * remote state is not read yet records that it needs it ({@link #inspection()}) and refuses nothing else.
     */
    default String addGuest(Intent.AddGuest add) {
        return null;
    }

    /**
     * The step that reads the controller's state before the plan can be completed, or null. Set when the planner
     * was made without remote state and some guest or move depends on it: the plan is incomplete then, and only
     * good for finding refusals early.
     */
    default Action inspection() {
        return null;
    }

    /**
     * Containers of the overlay itself (e.g. the controller a lab runs for itself), created in the same stage as the
     * new nodes' containers, so that they start in parallel.
     */
    default List<Action> containers(List<String> addedNodes) {
        return List.of();
    }

    /**
     * Steps before anything is created for new nodes: a controller checks here that it answers at all, so that a
     * controller that is down fails the command in seconds with nothing to undo (not after a container, a bridge
     * wait and a rollback).
     */
    default List<List<Action>> preflightStages(List<String> addedNodes) {
        return List.of();
    }

    /** The action that gives a new node its integration bridge ({@code br-int}). */
    Action bridge(String node);

    /**
     * Overlay actions that need nothing but the new nodes' containers (or nothing at all), run in the stage of the
     * bridges; {@link #overlayStages()} then leaves them out. Called before it, only when the intent adds nodes.
     */
    default List<Action> alongsideBridges(List<String> addedNodes) {
        return List.of();
    }

    /** Stages right after the bridges of the new nodes (e.g. registering them with the controller). */
    default List<List<Action>> nodeStages(List<String> addedNodes) {
        return List.of();
    }

    /** Stages that make the overlay of the intent's nets and routers, before the guests are created. */
    List<List<Action>> overlayStages();

    /** The default gateway of a new guest, or null. */
    String gateway(GuestView guest);

    /** The local VLAN tag of a guest's port on br-int (0: none). */
    int tag(GuestView guest);

    /**
     * Whether a guest's port may be plugged into br-int only after {@link #overlayStages()} (a controller's own
     * objects come first: ODL's neutron port before the tap appears). False lets a new node's guests be plugged as
     * soon as its bridge and their veths exist, alongside the overlay's stages.
     */
    default boolean plugsAfterOverlay() {
        return true;
    }

    /** Stages after the guests are plugged (e.g. waiting for the controller to bind them). */
    default List<List<Action>> finalStages() {
        return List.of();
    }

    /**
     * The stages of moving {@code guest} to {@code toNode}, given the host's own ({@code hostStages}: detach, move
     * the link, plug at the destination) and the gratuitous ARP that ends it ({@code announce}). Returns null and
     * sets {@link #inspection()} when the controller must be read first.
     *
     * @throws IllegalArgumentException when the move is refused (the message says why)
     */
    default List<List<Action>> moveStages(GuestView guest, String toNode, List<List<Action>> hostStages,
                                          Action announce) {
        List<List<Action>> stages = new java.util.ArrayList<>(hostStages);
        stages.add(List.of(announce));
        return stages;
    }
}
