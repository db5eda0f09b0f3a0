package dev.dovs.engine.exec;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@link ProcessRunner#checkBoth}: two real processes at once (coreutils, no root), and its failures. */
class ProcessRunnerTest {
    private final ProcessRunner runner = new ProcessRunner(Duration.ofSeconds(5));

    @TempDir
    Path dir;

    @Test
    void both_run_at_the_same_time() throws Exception {
        // cat blocks opening the FIFO until cp opens it to write: one after the other, cat would wait until the
        // runner's timeout kills it
        Path fifo = dir.resolve("f");
        assertEquals(0, new ProcessBuilder("mkfifo", fifo.toString()).start().waitFor());
        runner.checkBoth(List.of("cat", fifo.toString()), null, List.of("cp", "/dev/null", fifo.toString()));
    }

    @Test
    void the_first_gets_its_stdin_and_a_failure_of_either_is_a_command_exception() {
        runner.checkBoth(List.of("grep", "-q", "mark"), "a mark\n", List.of("true"));
        CommandException first = assertThrows(CommandException.class,
                () -> runner.checkBoth(List.of("grep", "-q", "mark"), "nothing\n", List.of("true")));
        assertTrue(first.getMessage().contains("grep"), first.getMessage());
        CommandException second = assertThrows(CommandException.class,
                () -> runner.checkBoth(List.of("true"), null, List.of("ls", "/nonexistent-dovs-test")));
        assertTrue(second.getMessage().contains("ls"), second.getMessage());
    }

    @Test
    void when_both_fail_the_first_ones_failure_is_thrown() {
        CommandException e = assertThrows(CommandException.class,
                () -> runner.checkBoth(List.of("false"), null, List.of("ls", "/nonexistent-dovs-test")));
        assertTrue(e.getMessage().contains("false"), e.getMessage());
    }
}
