package dev.dovs.engine;

import dev.dovs.engine.docker.ContainerInfo;
import dev.dovs.engine.exec.ProcessRunner;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A node's state from its container (docker's own words) and its OVS daemons; no docker needed. */
class NodeHealthTest {
    private static final ProcessRunner RUNNER = new ProcessRunner(Duration.ofSeconds(5));

    private static Optional<ContainerInfo> container(String state, boolean running, long pid) {
        return Optional.of(new ContainerInfo("id", "n1", state, running, pid, Map.of(), Map.of()));
    }

    @Test
    void a_removed_paused_or_exited_container_is_not_usable_and_says_which() {
        assertEquals("container removed", NodeHealth.of(Optional.empty(), RUNNER).describe());
        NodeHealth paused = NodeHealth.of(container("paused", true, 42), RUNNER);
        assertEquals(NodeHealth.State.PAUSED, paused.state(), "docker reports a paused container as running");
        assertEquals("paused", paused.describe());
        assertEquals("exited", NodeHealth.of(container("exited", false, 0), RUNNER).describe());
        assertFalse(NodeHealth.of(container("restarting", false, 0), RUNNER).usable());
    }

    @Test
    void a_running_container_without_ovs_daemons_is_ovs_down() {
        // a pid whose /proc/PID/root has no OVS run directory: this very test JVM
        NodeHealth h = NodeHealth.of(container("running", true, ProcessHandle.current().pid()), RUNNER);
        assertEquals(NodeHealth.State.OVS_DOWN, h.state());
        assertTrue(h.describe().startsWith("running, but ovsdb-server is not running"), h.describe());
    }
}
