package dev.dovs.engine.controller;

import dev.dovs.engine.controller.vxlan.VxlanOverlay;
import dev.dovs.engine.odl.OdlController;
import dev.dovs.engine.ovn.OvnController;
import dev.dovs.events.Action;
import dev.dovs.events.Intent;

import java.util.List;
import java.util.OptionalInt;

/**
 * The registry of overlay controllers: dovs' own VXLAN overlay (the default, for a lab whose nodes name no
 * controller) and one implementation per {@link Intent.ControllerKind}. A kind without an implementation here
 * is refused when an intent naming it is decided.
 */
public final class Controllers {
    private static final OverlayController OWN = new VxlanOverlay();
    /** Register a new controller here (and give it its kind in {@link Intent.ControllerKind}). */
    private static final List<OverlayController> CONTROLLERS = List.of(new OdlController(), new OvnController());

    private Controllers() {
    }

    /** dovs' own VXLAN overlay. */
    public static OverlayController own() {
        return OWN;
    }

    /** Every SDN controller this engine can drive. */
    public static List<OverlayController> all() {
        return CONTROLLERS;
    }

    /**
     * The controller of a target; dovs' own overlay for null.
     *
     * @throws IllegalArgumentException when this version cannot drive that kind
     */
    public static OverlayController of(Intent.ControllerTarget target) {
        return target == null ? OWN : of(target.kind());
    }

    /** @throws IllegalArgumentException when this version cannot drive {@code kind} */
    public static OverlayController of(Intent.ControllerKind kind) {
        for (OverlayController c : CONTROLLERS) {
            if (c.kind() == kind) {
                return c;
            }
        }
        throw new IllegalArgumentException(kind.displayName() + " labs are not supported by this dovs yet");
    }

    /** The clean rank a controller gives {@code undo}, if any controller claims it. */
    public static OptionalInt cleanRank(Action undo) {
        for (OverlayController c : CONTROLLERS) {
            OptionalInt r = c.cleanRank(undo);
            if (r.isPresent()) {
                return r;
            }
        }
        return OptionalInt.empty();
    }
}
