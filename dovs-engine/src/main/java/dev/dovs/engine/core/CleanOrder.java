package dev.dovs.engine.core;

import dev.dovs.engine.controller.Controllers;
import dev.dovs.events.Action;

import java.util.OptionalInt;

/**
 * Dependency order for undoing a whole lab: what lives inside a node goes before the node, nodes before the
 * networks they sit on. Within one rank, compensations are independent and run in parallel. A controller ranks
 * its own actions ({@link dev.dovs.engine.controller.OverlayController#cleanRank}).
 */
final class CleanOrder {
    private CleanOrder() {
    }

    static int rank(Action undo) {
        OptionalInt controller = Controllers.cleanRank(undo);
        if (controller.isPresent()) {
            return controller.getAsInt();
        }
        if (undo instanceof Action.UnplugPort || undo instanceof Action.RemovePorts
                || undo instanceof Action.SetGateway) {
            return 0;
        } else if (undo instanceof Action.DeleteNamespace || undo instanceof Action.DeleteNamespaces) {
            return 1;
        } else if (undo instanceof Action.RemoveContainer) {
            return 2;
        } else if (undo instanceof Action.RemoveNetwork) {
            return 3;
        }
        return 4;
    }
}
