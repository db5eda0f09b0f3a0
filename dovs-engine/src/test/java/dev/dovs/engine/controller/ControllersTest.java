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

/** The registry: one controller per kind, dovs' own overlay without a target. */
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
    void every_kind_has_its_implementation() {
        for (Intent.ControllerKind kind : Intent.ControllerKind.values()) {
            assertEquals(kind, Controllers.of(kind).kind());
        }
        assertInstanceOf(dev.dovs.engine.ovn.OvnController.class, Controllers.of(Intent.ControllerKind.OVN));
    }

    @Test
    void only_a_controller_ranks_its_own_compensations() {
        assertEquals(OptionalInt.of(1), Controllers.cleanRank(new Action.OdlDelete("o", "subnet", "u", "n")));
        assertEquals(OptionalInt.empty(), Controllers.cleanRank(new Action.DeleteNamespace("dovs-g1")));
        Action.OvnDb db = Action.OvnDb.central("dovs-ovn-central");
        assertEquals(OptionalInt.of(0), Controllers.cleanRank(new Action.OvnNbTransact(db, "default", "remove port",
                java.util.List.of("--if-exists", "lsp-del", "p"), java.util.List.of())));
        assertEquals(OptionalInt.of(1), Controllers.cleanRank(new Action.OvnNbTransact(db, "default", "remove switch",
                java.util.List.of("--if-exists", "ls-del", "dovs-a"), java.util.List.of())));
    }
}
