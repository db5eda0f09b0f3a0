package dev.dovs.cli;

import dev.dovs.cli.daemon.LabEngines;
import dev.dovs.engine.Engine;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A read-only command on a lab that does not exist reads it as an empty lab and creates nothing (a fresh user's
 * report: {@code info --lab u8} created {@code u8/log}, so a typo in --lab left a lab behind), embedded and in the
 * background engine alike. {@code log} says the lab has no log. No root needed: none of these asks for it.
 */
class ReadOnlyCommandsTest {
    @TempDir
    Path dir;

    private record Run(int code, String out, String err) {
    }

    private List<String> args(String... args) {
        List<String> all = new ArrayList<>(List.of("--state-dir", dir.resolve("state").toString(), "--lab", "zz"));
        all.addAll(List.of(args));
        return all;
    }

    private static Run inEngine(LabEngines engines, List<String> args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        Invocation inv = new Invocation(Map.of(), Path.of("/"), false, "test", engines, null,
                java.time.Instant.now());
        int code = Dovs.execute(inv, out, err, args.toArray(String[]::new));
        return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    private void assertEveryReadOnlyCommandReadsAnEmptyLab(java.util.function.Function<List<String>, Run> dovs)
            throws Exception {
        Path file = dir.resolve("lab.yaml");
        Files.writeString(file, "nodes: [{name: n1}]\n");

        Run info = dovs.apply(args("info"));
        assertEquals(0, info.code(), info.err());
        assertTrue(info.out().contains("Empty"), info.out());
        Run graph = dovs.apply(args("graph"));
        assertEquals(0, graph.code(), graph.err());
        Run export = dovs.apply(args("export"));
        assertEquals(0, export.code(), export.err());
        Run plan = dovs.apply(args("plan", "-f", file.toString()));
        assertEquals(0, plan.code(), plan.err());
        assertTrue(plan.out().contains("+ add-node n1"), plan.out());
        Run apply = dovs.apply(args("apply", "-f", file.toString(), "--dry-run"));
        assertEquals(0, apply.code(), apply.err());
        Run replay = dovs.apply(args("replay", "--dry-run"));
        assertEquals(2, replay.code(), replay.err());
        assertTrue(replay.err().contains("nothing to replay"), replay.err());
        Run waitFor = dovs.apply(args("wait", "abc"));
        assertTrue(waitFor.err().contains("no intent abc in lab zz") || waitFor.code() == 3, waitFor.err());
        Run log = dovs.apply(args("log"));
        assertEquals(2, log.code(), log.err());
        assertTrue(log.err().contains("lab zz has no log"), log.err());

        assertFalse(Files.exists(dir.resolve("state").resolve("zz")), "nothing of lab zz was created");
    }

    @Test
    void embedded_read_only_commands_create_no_lab() throws Exception {
        assertEveryReadOnlyCommandReadsAnEmptyLab(a -> {
            CliRun r = CliRun.of(a);
            return new Run(r.code(), r.out(), r.err());
        });
    }

    @Test
    void read_only_commands_in_the_background_engine_create_no_lab() throws Exception {
        try (LabEngines engines = new LabEngines(Engine.Settings.defaults())) {
            assertEveryReadOnlyCommandReadsAnEmptyLab(a -> inEngine(engines, a));
            assertEquals(Map.of(), engines.labs(), "the engine opened no log of lab zz");
        }
    }
}
