package dev.dovs.engine.controller;

import dev.dovs.engine.controller.vxlan.VxlanOverlay;
import dev.dovs.engine.core.Decider;
import dev.dovs.engine.core.Decision;
import dev.dovs.engine.odl.OdlController;
import dev.dovs.events.Action;
import dev.dovs.events.Intent;
import dev.dovs.events.Outcome;
import dev.dovs.events.model.LabNaming;
import dev.dovs.events.projection.LabProjection;
import org.junit.jupiter.api.Test;

import java.util.OptionalInt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** The registry: one controller per kind, dovs' own overlay without a target, a kind without one refused. */
class ControllersTest {

    @Test
    void a_lab_without_a_controller_target_gets_dovs_own_overlay() {
        assertInstanceOf(VxlanOverlay.class, Controllers.of((Intent.ControllerTarget) null));
        assertEquals(null, Controllers.own().kind());
    }

    @Test
    void each_registered_controller_answers_for_its_own_kind() {
        assertInstanceOf(OdlController.class, Controllers.of(OdlController.target("192.0.2.1:8181")));
        for (OverlayController c : Controllers.all()) {
            assertEquals(c, Controllers.of(c.kind()));
        }
    }

    @Test
    void a_kind_no_package_implements_yet_is_refused_with_one_clear_line() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Controllers.of(Intent.ControllerKind.OVN));
        assertEquals("OVN labs are not supported by this dovs yet", e.getMessage());
        // and an intent naming it is rejected before any side effect
        Decision d = Decider.decide(new LabProjection(LabNaming.defaultLab()), new Intent.AddNode("n1", "img",
                new Intent.ControllerTarget(Intent.ControllerKind.OVN, "192.0.2.1:6641")));
        Outcome.NodeAddFailed failed = (Outcome.NodeAddFailed) assertInstanceOf(Decision.Rejected.class, d).outcome();
        assertEquals("OVN labs are not supported by this dovs yet", failed.failure().message());
    }

    @Test
    void only_a_controller_ranks_its_own_compensations() {
        assertEquals(OptionalInt.of(1), Controllers.cleanRank(new Action.OdlDelete("o", "subnet", "u", "n")));
        assertEquals(OptionalInt.empty(), Controllers.cleanRank(new Action.DeleteNamespace("dovs-g1")));
    }
}
