package dev.dovs.cli;

import dev.dovs.engine.DovsException;
import dev.dovs.engine.odl.OdlEndpoint;
import picocli.CommandLine.Option;

/**
 * Which OpenDaylight manages the lab's overlay (--odl), and how the engine logs in to it. The address goes into the
 * intent (and so the log); the credentials only into the engine's memory ({@link OdlCredentialOptions}).
 */
final class OdlOptions extends OdlCredentialOptions {
    @Option(names = "--odl", paramLabel = "HOST[:PORT]", description = "OpenDaylight (netvirt) RESTCONF address; "
            + "port 8181 by default. The nodes must reach it on 6640/6653: an ODL on this host (e.g. 127.0.0.1) is "
            + "reached through the management network's gateway; the nodes' internal networks reach nothing "
            + "beyond this host.")
    String odl;

    /**
     * The validated {@code HOST:PORT}, or null without --odl (an empty value counts as absent, as the original).
     * Checks the other ODL options too, so that commands calling it before the root check refuse any bad ODL input
     * with exit 2, whoever runs them.
     */
    /** How --odl host names are resolved (tests replace it: no DNS traffic from unit tests). */
    OdlEndpoint.Resolver resolver = OdlEndpoint.Resolver.SYSTEM;

    /** The --odl value as {@code HOST:PORT}, null when absent; refused (exit 2) when it can never answer. */
    String endpoint() {
        String endpoint = null;
        if (odl != null && !odl.isBlank()) {
            OdlEndpoint parsed;
            try {
                parsed = OdlEndpoint.parse(odl);
            } catch (IllegalArgumentException e) {
                throw new DovsException(DovsException.INVALID, e.getMessage());
            }
            String problem = OdlEndpoint.unreachableProblem(parsed.host(), resolver);
            if (problem != null) {
                throw new DovsException(DovsException.INVALID, "invalid --odl '" + odl.trim() + "': " + problem);
            }
            endpoint = parsed.hostPort();
        }
        credentials();
        return endpoint;
    }
}
