package dev.dovs.cli;

import dev.dovs.engine.DovsException;
import dev.dovs.engine.Engine;
import dev.dovs.engine.odl.OdlCredentials;
import dev.dovs.engine.odl.OdlEndpoint;
import dev.dovs.events.Intent;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * Which OpenDaylight manages the lab's overlay, and how the engine logs in to it. The address goes into the
 * intent (and so the log); the credentials only into the engine's memory, never into the log or any output.
 */
final class OdlOptions implements ControllerCli {
    static final String ENV_USER = "DOVS_ODL_USER";
    static final String ENV_PASSWORD = "DOVS_ODL_PASSWORD";

    @Option(names = "--odl", paramLabel = "HOST[:PORT]", description = "OpenDaylight (netvirt) RESTCONF address; "
            + "port 8181 by default. The nodes must reach it on 6640/6653: an ODL on this host (e.g. 127.0.0.1) is "
            + "reached through the management network's gateway; the nodes' internal networks reach nothing "
            + "beyond this host.")
    String odl;

    @Option(names = "--odl-user", paramLabel = "USER", description = "ODL user. Env: " + ENV_USER
            + ". Default: admin.")
    String user;

    @Option(names = "--odl-password", paramLabel = "PASSWORD", description = "ODL password (visible to other users "
            + "in the process list: prefer --odl-password-file or " + ENV_PASSWORD + "). Default: admin.")
    String password;

    @Option(names = "--odl-password-file", paramLabel = "FILE", description = "File whose first line is the ODL "
            + "password.")
    Path passwordFile;

    @Option(names = "--odl-timeout", paramLabel = "SECONDS", defaultValue = "10",
            description = "Timeout of each ODL request. Default: ${DEFAULT-VALUE}.")
    int requestTimeoutSeconds;

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

    /** Option, then file, then environment, then ODL's shipped admin/admin. */
    OdlCredentials credentials() {
        if (requestTimeoutSeconds < 1 || requestTimeoutSeconds > 3600) {
            throw new DovsException(DovsException.INVALID, "--odl-timeout must be 1-3600 seconds");
        }
        String u = user != null ? user : envOr(ENV_USER, OdlEndpoint.DEFAULT_USER);
        String p = password;
        if (p == null && passwordFile != null) {
            p = readFirstLine(passwordFile, Invocation.current().resolve(passwordFile));
        }
        if (p == null) {
            p = envOr(ENV_PASSWORD, OdlEndpoint.DEFAULT_PASSWORD);
        }
        if (u.isEmpty() || u.contains(":")) {
            throw new DovsException(DovsException.INVALID, "invalid ODL user: must be non-empty without ':'");
        }
        Invocation inv = Invocation.current();
        if (inv.daemon() && !customised()) { // those the background engine was started with
            return inv.engines().defaults().controllers().get(Intent.ControllerKind.ODL)
                    instanceof OdlCredentials c ? c : OdlCredentials.DEFAULT;
        }
        return new OdlCredentials(u, p, Duration.ofSeconds(requestTimeoutSeconds));
    }

    @Override
    public dev.dovs.engine.controller.ControllerSettings settings() {
        return credentials();
    }

    @Override
    public String displayName() {
        return "ODL";
    }

    /** True when the user chose credentials or a timeout of their own (a running engine would not see them). */
    @Override
    public boolean customised() {
        return user != null || password != null || passwordFile != null || requestTimeoutSeconds != 10
                || Invocation.current().env(ENV_USER) != null || Invocation.current().env(ENV_PASSWORD) != null;
    }

    private static String envOr(String name, String fallback) {
        String v = Invocation.current().env(name);
        return v == null || v.isEmpty() ? fallback : v;
    }

    /** {@code file} as given, for messages; {@code resolved}: against the client's directory. */
    private static String readFirstLine(Path file, Path resolved) {
        try {
            return Files.readAllLines(resolved).stream().findFirst().orElse("");
        } catch (IOException e) {
            // the message names the file only: never what it contains; and no class names, as every CLI error
            throw new DovsException(DovsException.INVALID, "cannot read --odl-password-file "
                    + dev.dovs.engine.FileErrors.describe(file, e));
        }
    }

    /** For commands that talk to the ODL the log names: they take credentials, not an address. */
    OdlCredentials credentialsOnly(String command) {
        if (odl != null) {
            throw new DovsException(DovsException.INVALID, command + " takes ODL credentials only: the ODL comes "
                    + "from the log (--odl belongs to add-node, add-guest, spawn and clean)");
        }
        return credentials();
    }

    static int checkWait(String option, int seconds) {
        if (seconds < 0 || seconds > 3600) {
            throw new DovsException(DovsException.INVALID, option + " must be 0-3600 seconds");
        }
        return seconds;
    }
}
