package dev.dovs.cli;

import dev.dovs.engine.DovsException;
import dev.dovs.engine.odl.OdlCredentials;
import dev.dovs.engine.odl.OdlEndpoint;
import dev.dovs.events.Intent;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * How the engine logs in to OpenDaylight: the credentials go only into the engine's memory, never into the log or
 * any output. {@link OdlOptions} adds the address (--odl) for the commands that choose the ODL; {@link FromLog} is
 * for those whose ODL comes from the log.
 */
abstract class OdlCredentialOptions implements ControllerCli {
    static final String ENV_USER = "DOVS_ODL_USER";
    static final String ENV_PASSWORD = "DOVS_ODL_PASSWORD";

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

    static int checkWait(String option, int seconds) {
        if (seconds < 0 || seconds > 3600) {
            throw new DovsException(DovsException.INVALID, option + " must be 0-3600 seconds");
        }
        return seconds;
    }

    /**
     * The credential options of a command whose ODL comes from the log (move-guest, replay, wait, engine, apply). It
     * has no --odl: given anyway, it is refused with the reason (exit 2) rather than as an unknown option, and the
     * help does not list it.
     */
    static final class FromLog extends OdlCredentialOptions {
        @Option(names = "--odl", hidden = true, paramLabel = "HOST[:PORT]")
        String odl;

        /** For commands that talk to the ODL the log names: they take credentials, not an address. */
        OdlCredentials credentialsOnly(String command) {
            if (odl != null) {
                throw new DovsException(DovsException.INVALID, command + " takes ODL credentials only: the ODL comes "
                        + "from the log (--odl belongs to add-node, add-guest, spawn and clean)");
            }
            return credentials();
        }
    }
}
