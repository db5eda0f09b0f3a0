package dev.dovs.cli;

import dev.dovs.cli.daemon.LabEngines;
import dev.dovs.engine.Engine;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The background engine reuses one command tree per thread ({@link Dovs#execute(Invocation,
 * java.io.OutputStream, java.io.OutputStream, String...)}): nothing of one command may reach the next one that
 * thread runs, neither an option nor the client's environment. Each command here runs on the test's one thread, so
 * all of them share the tree.
 */
class ReusedCommandTreeTest {
    @TempDir
    Path dir;

    private record Run(int code, String out, String err) {
    }

    private Run inEngine(LabEngines engines, Map<String, String> env, String... args) {
        List<String> all = new ArrayList<>(List.of("--state-dir", dir.resolve("state").toString()));
        all.addAll(List.of(args));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        Invocation inv = new Invocation(env, Path.of("/"), false, "test", engines, null, java.time.Instant.now());
        int code = Dovs.execute(inv, out, err, all.toArray(String[]::new));
        return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void a_command_sees_its_own_options_and_environment_never_the_previous_commands() {
        try (LabEngines engines = new LabEngines(Engine.Settings.defaults())) {
            Run first = inEngine(engines, Map.of(), "--lab", "qa", "info", "--json");
            assertEquals(0, first.code(), first.err());
            assertTrue(first.out().contains("\"lab\" : \"qa\""), first.out());

            Run second = inEngine(engines, Map.of(), "info");
            assertEquals(0, second.code(), second.err());
            assertFalse(second.out().startsWith("{"), "--json was the first command's: " + second.out());

            Run third = inEngine(engines, Map.of(), "info", "--json");
            assertTrue(third.out().contains("\"lab\" : \"default\""), "--lab qa was the first command's: "
                    + third.out());

            Run fromEnv = inEngine(engines, Map.of("DOVS_LAB", "qb"), "info", "--json");
            assertTrue(fromEnv.out().contains("\"lab\" : \"qb\""), "this client's DOVS_LAB: " + fromEnv.out());
            Run after = inEngine(engines, Map.of(), "info", "--json");
            assertTrue(after.out().contains("\"lab\" : \"default\""), "the previous client's DOVS_LAB: "
                    + after.out());

            Run bad = inEngine(engines, Map.of(), "log", "--type", "no-such-type");
            assertEquals(2, bad.code(), bad.err());
            Run log = inEngine(engines, Map.of(), "--lab", "qa", "log");
            assertTrue(log.err().contains("lab qa has no log"), "the previous --type is gone: " + log.err());
        }
    }
}
