package dev.dovs.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Every file dovs reads or writes for the user fails as one line "dovs: error: PATH: reason", exit 2. */
class FileErrorTest {
    @TempDir
    Path dir;

    private CliRun dovs(String... args) {
        return CliRun.inLab(dir, args);
    }

    private static void assertError(CliRun r, String line) {
        assertEquals(2, r.code(), r.err());
        assertEquals(List.of("dovs: error: " + line), r.errLines());
    }

    @Test
    void an_output_file_in_a_missing_directory() {
        Path out = dir.resolve("nonexistent/x.yaml");
        assertError(dovs("export", "-o", out.toString()), out + ": no such file or directory");
        Path dot = dir.resolve("nonexistent/x.dot");
        assertError(dovs("graph", "-o", dot.toString()), dot + ": no such file or directory");
    }

    @Test
    void an_output_file_that_is_a_directory() {
        assertError(dovs("export", "-o", dir.toString()), dir + ": is a directory");
    }

    @Test
    void a_missing_topology_file_creates_nothing() {
        Path missing = dir.resolve("missing.yaml");
        assertError(dovs("plan", "-f", missing.toString()), missing + ": no such file or directory");
        assertError(dovs("apply", "--dry-run", "-f", missing.toString()), missing + ": no such file or directory");
        assertEquals(false, Files.exists(dir.resolve("state")), "the input is checked before the lab is opened");
    }

    @Test
    void replay_from_a_missing_or_foreign_file() throws Exception {
        Path missing = dir.resolve("nonexistent.jsonl");
        assertError(dovs("replay", "--dry-run", "--from", missing.toString()), missing + ": no such file or directory");
        Path garbage = Files.writeString(dir.resolve("garbage.txt"), "not\na log\n");
        CliRun r = dovs("replay", "--dry-run", "--from", garbage.toString());
        assertEquals(2, r.code(), r.err());
        assertEquals(1, r.errLines().size(), r.err());
        assertEquals(true, r.errLines().get(0).startsWith("dovs: error: " + garbage + ": not a dovs log"), r.err());
    }

    @Test
    void image_build_checks_its_rootfs_before_anything() throws Exception {
        Path missing = dir.resolve("no-rootfs");
        assertError(dovs("image", "build", "--rootfs", missing.toString()), missing + ": no such file or directory");
        Path file = Files.writeString(dir.resolve("a-file"), "x");
        assertError(dovs("image", "build", "--rootfs", file.toString()), file + ": not a directory");
        assertError(dovs("image", "build", "--image", "Bad Image"), "invalid image reference 'Bad Image'");
    }
}
