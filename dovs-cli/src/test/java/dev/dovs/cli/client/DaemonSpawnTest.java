package dev.dovs.cli.client;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What the spawned launcher is given: a stand-in launcher records its arguments and environment; no engine runs. */
class DaemonSpawnTest {

    /** A launcher that writes its argv and environment next to itself, then exits. */
    private static Path recorder(Path dir) throws IOException {
        Path launcher = dir.resolve("launcher");
        Files.writeString(launcher, "#!/bin/sh\nprintf '%s\\n' \"$@\" > \"" + dir + "/args.tmp\"\nenv > \""
                + dir + "/env.tmp\"\nmv \"" + dir + "/env.tmp\" \"" + dir + "/env\"\nmv \"" + dir + "/args.tmp\" \""
                + dir + "/args\"\n");
        Files.setPosixFilePermissions(launcher, PosixFilePermissions.fromString("rwx------"));
        return launcher;
    }

    private static List<String> await(Path file) throws InterruptedException, IOException {
        for (int i = 0; i < 1000 && !Files.exists(file); i++) {
            Thread.sleep(10);
        }
        return Files.readAllLines(file);
    }

    @Test
    void an_engine_started_by_a_waiting_client_gets_the_state_dir_and_never_its_lab_or_odl_credentials(
            @TempDir Path dir) throws Exception {
        Path state = dir.resolve("state");
        Process p = Daemon.spawn(state, recorder(dir).toString());
        List<String> args = await(dir.resolve("args"));
        assertEquals(List.of("--state-dir", state.toString(), "engine", "--background"), args);
        List<String> env = await(dir.resolve("env"));
        assertTrue(env.contains("DOVS_NO_DAEMON=1"), env.toString());
        assertFalse(env.stream().anyMatch(e -> e.startsWith("DOVS_LAB=") || e.startsWith("DOVS_ODL_")),
                env.toString());
        assertTrue(Files.isDirectory(Daemon.dir(state)), "engine.d is made for the engine's log");
        assertEquals(0, p.waitFor(), "the client watches this process: it is the launcher's");
    }
}
