package dev.dovs.cli;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What a user who is not root gets: every command that changes the lab, queries live state or talks to the engine
 * says it must run as root (exit 3), the same line for all; none pretends that nothing runs.
 */
class NonRootTest {
    @TempDir
    Path stateDir;

    private java.util.function.Supplier<String> saved;

    @BeforeEach
    void asNobody() {
        saved = Host.uidSource;
        Host.uidSource = () -> "65534";
    }

    @AfterEach
    void restore() {
        Host.uidSource = saved;
    }

    @ParameterizedTest
    @ValueSource(strings = {"engine status", "engine stop", "engine", "info", "check", "wait 0123", "clean",
            "add-node --name n1", "add-guest --node n1 --ip 10.0.0.1/24", "move-guest --name-guest g1 --name-dstnode n2",
            "spawn --nodes 1", "del-guest --name g1", "del-node --name n1", "netem g1 --delay 5", "replay", "exec n1 -- true",
            "image build --if-missing"})
    void needs_root(String command) {
        List<String> args = new ArrayList<>(List.of("--state-dir", stateDir.toString(), "--lab", "u6"));
        args.addAll(List.of(command.split(" ")));
        CliRun r = CliRun.of(args);
        assertEquals(List.of("dovs: error: dovs must run as root (it manages containers, network namespaces and OVS)"),
                r.errLines(), command);
        assertEquals(3, r.code(), command);
    }

    @ParameterizedTest
    @ValueSource(strings = {"add-node --name n1", "spawn --nodes 1 --guests 1", "clean", "del-node --name n1",
            "netem g1 --delay 5"})
    void a_dry_run_only_reads_the_log_and_needs_no_root(String command) {
        List<String> args = new ArrayList<>(List.of("--state-dir", stateDir.toString(), "--lab", "u6", "--no-daemon"));
        args.addAll(List.of(command.split(" ")));
        args.add("--dry-run");
        CliRun r = CliRun.of(args);
        assertFalse(r.err().contains("must run as root"), command + ": " + r.err());
        assertTrue(r.code() == 0 || r.err().contains("would be refused"), command + ": " + r.err());
    }
}
