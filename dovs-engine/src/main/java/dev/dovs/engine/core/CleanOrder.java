package dev.dovs.engine.core;

import dev.dovs.events.Action;

/**
 * Dependency order for undoing a whole lab: what lives inside a node goes before the node, nodes before the
 * networks they sit on. Within one rank, compensations are independent and run in parallel.
 */
final class CleanOrder {
    private CleanOrder() {
    }

    static int rank(Action undo) {
        if (undo instanceof Action.OdlDelete d) {
            // neutron's own dependencies: ports reference subnets and routers, subnets the network
            return switch (d.resource()) {
                case "port" -> 0;
                case "subnet" -> 1;
                case "router" -> 2;
                default -> 3;
            };
        }
        if (undo instanceof Action.OdlRemoveVtep) {
            return 4; // the transport zone's entries last, as the original's clean
        }
        if (undo instanceof Action.UnplugPort || undo instanceof Action.RemovePorts
                || undo instanceof Action.SetGateway) {
            return 0;
        } else if (undo instanceof Action.DeleteNamespace) {
            return 1;
        } else if (undo instanceof Action.RemoveContainer) {
            return 2;
        } else if (undo instanceof Action.RemoveNetwork) {
            return 3;
        }
        return 4;
    }
}
