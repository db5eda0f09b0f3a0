package dev.dovs.cli;

import dev.dovs.engine.DovsException;
import dev.dovs.engine.ovn.OvnController;
import dev.dovs.engine.ovn.OvnNames;
import dev.dovs.engine.ovn.OvnPlanner;
import dev.dovs.events.Intent;
import picocli.CommandLine.Option;

/**
 * Which OVN makes the lab's overlay ({@code --ovn}): the lab's own OVN central, or one that runs already
 * ({@code --ovn-nb}/{@code --ovn-sb}). The addresses go into the intent, and so into the log.
 */
final class OvnOptions {
    @Option(names = "--ovn", description = "OVN makes the lab's overlay: logical switches, routers and ports in its "
            + "Northbound database, ovn-controller in every node. The lab's own OVN central (a container of the "
            + "lab, started with its first node), unless --ovn-nb/--ovn-sb name one that runs already.")
    boolean ovn;

    @Option(names = "--ovn-nb", paramLabel = "REMOTE", description = "An OVN that runs already: its Northbound "
            + "database as this host reaches it (tcp:IP:PORT, ssl:IP:PORT or unix:PATH). Implies --ovn; needs "
            + "--ovn-sb.")
    String nb;

    @Option(names = "--ovn-sb", paramLabel = "REMOTE", description = "That OVN's Southbound database as the nodes "
            + "reach it from the lab's management network (tcp:IP:PORT); this host reaches it there too.")
    String sb;

    boolean wanted() {
        return ovn || nb != null || sb != null;
    }

    /**
     * The target, or null without any OVN option.
     *
     * @throws DovsException (invalid input) on a bad remote, encapsulation or timeout, or with {@code --odl} too
     */
    Intent.ControllerTarget target(String encap, int bindingTimeoutSeconds, boolean odlToo) {
        if (!wanted()) {
            return null;
        }
        if (odlToo) {
            throw new DovsException(DovsException.INVALID, "--odl and --ovn: a lab has one controller");
        }
        try {
            return OvnController.target(nb, sb, encap, bindingTimeoutSeconds);
        } catch (IllegalArgumentException e) {
            throw new DovsException(DovsException.INVALID, e.getMessage());
        }
    }

    Intent.ControllerTarget target(boolean odlToo) {
        return target(OvnNames.GENEVE, OvnPlanner.DEFAULT_BINDING_TIMEOUT_SECONDS, odlToo);
    }

    /** {@code --ovn-encap}, for add-node and spawn. */
    static final class Encap {
        @Option(names = "--ovn-encap", paramLabel = "geneve|vxlan", defaultValue = OvnNames.GENEVE,
                description = "With --ovn: the tunnel encapsulation between chassis. Default: ${DEFAULT-VALUE}.")
        String encap;
    }

    /** {@code --ovn-binding-timeout}, for add-guest and spawn. */
    static final class Binding implements Validated {
        @Option(names = "--ovn-binding-timeout", paramLabel = "SECONDS", defaultValue = "30", description = "With "
                + "--ovn: how long to wait for the node's chassis to bind each guest's port, 1-3600. Default: "
                + "${DEFAULT-VALUE}.")
        int seconds;

        /** Its range whether or not --ovn is given: a value out of range is a mistake either way. */
        @Override
        public void validate() {
            if (seconds < 1 || seconds > 3600) {
                throw new DovsException(DovsException.INVALID, "--ovn-binding-timeout must be 1..3600 seconds");
            }
        }
    }
}
