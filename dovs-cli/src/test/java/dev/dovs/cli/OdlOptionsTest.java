package dev.dovs.cli;

import dev.dovs.engine.DovsException;
import dev.dovs.engine.odl.OdlCredentials;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * {@link OdlOptions} as picocli fills it: where the engine's ODL credentials come from (option, then file, then
 * environment, then admin/admin). The environment cannot be set in-process, so it is only checked to be absent.
 */
class OdlOptionsTest {
    @TempDir
    Path dir;

    @Command(name = "t")
    static final class Holder {
        @Mixin
        OdlOptions odl;
    }

    private static OdlOptions parse(String... args) {
        Holder h = new Holder();
        new CommandLine(h).parseArgs(args);
        return h.odl;
    }

    private Path passwordFile(String content) throws Exception {
        Path f = dir.resolve("odl-password");
        Files.writeString(f, content);
        return f;
    }

    @Test
    void the_password_option_beats_the_password_file() throws Exception {
        Path file = passwordFile("from-file\n");

        OdlCredentials c = parse("--odl-password", "from-option", "--odl-password-file", file.toString())
                .credentials();

        assertEquals("from-option", c.password());
    }

    @Test
    void the_password_file_gives_its_first_line_and_beats_the_environment() throws Exception {
        Path file = passwordFile("first line\nsecond line\n");

        OdlCredentials c = parse("--odl-user", "ops", "--odl-password-file", file.toString()).credentials();

        assertEquals(new OdlCredentials("ops", "first line", Duration.ofSeconds(10)), c);
    }

    @Test
    void without_option_file_or_environment_the_credentials_are_odls_shipped_admin_admin() {
        assumeTrue(System.getenv(OdlOptions.ENV_USER) == null && System.getenv(OdlOptions.ENV_PASSWORD) == null,
                "the environment sets ODL credentials");

        OdlOptions o = parse("--odl-timeout", "25");

        assertEquals(new OdlCredentials("admin", "admin", Duration.ofSeconds(25)), o.credentials());
        assertTrue(o.customised(), "a timeout of one's own is a customisation");
        assertFalse(parse().customised());
    }

    @Test
    void the_credentials_never_show_the_password() throws Exception {
        OdlCredentials c = parse("--odl-password", "hunter2").credentials();

        assertEquals("hunter2", c.password());
        assertFalse(c.toString().contains("hunter2"), c.toString());
    }

    @Test
    void a_user_with_a_colon_is_refused_as_invalid_input() {
        DovsException e = assertThrows(DovsException.class, () -> parse("--odl-user", "a:b").credentials());

        assertEquals(DovsException.INVALID, e.exitCode());
        assertEquals("invalid ODL user: must be non-empty without ':'", e.getMessage());
    }

    @Test
    void the_endpoint_is_normalised_to_host_and_port_and_absent_without_odl() {
        assertEquals("127.0.0.1:8181", parse("--odl", "127.0.0.1").endpoint());
        assertEquals("[::1]:8000", parse("--odl", "[::1]:8000").endpoint());
        assertNull(parse("--odl", "").endpoint(), "an empty --odl counts as absent, as the original");
        assertNull(parse().endpoint());
    }

    @Test
    void the_endpoint_check_also_refuses_the_other_bad_odl_options() {
        // commands call endpoint() before the root check: a bad timeout must not wait for the credentials
        DovsException e = assertThrows(DovsException.class,
                () -> parse("--odl", "127.0.0.1", "--odl-timeout", "0").endpoint());

        assertEquals(DovsException.INVALID, e.exitCode());
        assertEquals("--odl-timeout must be 1-3600 seconds", e.getMessage());
    }
}
