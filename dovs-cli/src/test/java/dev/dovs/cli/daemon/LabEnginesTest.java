package dev.dovs.cli.daemon;

import dev.dovs.engine.Engine;
import dev.dovs.engine.LabClient;
import dev.dovs.engine.LabHome;
import dev.dovs.events.model.LabNaming;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@link LabEngines}: the labs a background engine holds open, and a lab whose log was removed under it. */
class LabEnginesTest {

    @Test
    void a_lab_whose_log_was_removed_under_the_engine_is_opened_afresh(@TempDir Path stateDir) throws IOException {
        LabHome home = new LabHome(stateDir, new LabNaming("t1"));
        try (LabEngines engines = new LabEngines(Engine.Settings.defaults())) {
            try (LabClient c = engines.client(home, Engine.Settings.defaults(), "test")) {
                assertEquals(0, c.state().intents().size());
            }
            deleteTree(home.dir()); // the log lost, by hand, while the engine runs
            assertFalse(Files.exists(home.logDir()));

            try (LabClient c = engines.client(home, Engine.Settings.defaults(), "test")) {
                // A fresh log at the lab's path, not the deleted one this process still had open.
                assertTrue(Files.isDirectory(home.logDir()), "the lab's log is opened again where it belongs");
                assertEquals(0, c.state().intents().size());
            }
            assertEquals(java.util.Map.of("t1", false), engines.labs());
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
