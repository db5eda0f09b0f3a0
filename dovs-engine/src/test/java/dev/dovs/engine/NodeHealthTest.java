package dev.dovs.engine;

import dev.dovs.engine.docker.ContainerInfo;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicReference;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A node's state from its container (docker's own words) and its OVS daemons; no docker needed. */
class NodeHealthTest {
    private static Optional<ContainerInfo> container(String state, boolean running, long pid) {
        return Optional.of(new ContainerInfo("id", "n1", state, running, pid, Map.of(), Map.of()));
    }

    @Test
    void a_removed_paused_or_exited_container_is_not_usable_and_says_which() {
        assertEquals("container removed", NodeHealth.of(Optional.empty()).describe());
        NodeHealth paused = NodeHealth.of(container("paused", true, 42));
        assertEquals(NodeHealth.State.PAUSED, paused.state(), "docker reports a paused container as running");
        assertEquals("paused", paused.describe());
        assertEquals("exited", NodeHealth.of(container("exited", false, 0)).describe());
        assertFalse(NodeHealth.of(container("restarting", false, 0)).usable());
    }

    @Test
    void a_running_container_without_ovs_daemons_is_ovs_down() {
        // a pid whose /proc/PID/root has no OVS run directory: this very test JVM
        NodeHealth h = NodeHealth.of(container("running", true, ProcessHandle.current().pid()));
        assertEquals(NodeHealth.State.OVS_DOWN, h.state());
        assertTrue(h.describe().startsWith("running, but ovsdb-server is not running"), h.describe());
    }

    /**
     * A unixctl server as ovs-vswitchd runs one: reads one JSON-RPC request, records it, and answers with the given
     * bytes (in two writes, as a stream may deliver them), or not at all (null: a paused daemon).
     */
    private static Thread server(ServerSocketChannel server, AtomicReference<String> request, String answer) {
        Thread t = new Thread(() -> {
            try (SocketChannel peer = server.accept()) {
                ByteBuffer buf = ByteBuffer.allocate(4096);
                while (!new String(buf.array(), 0, buf.position(), StandardCharsets.UTF_8).endsWith("}")) {
                    if (peer.read(buf) < 0) {
                        return;
                    }
                }
                request.set(new String(buf.array(), 0, buf.position(), StandardCharsets.UTF_8));
                if (answer == null) {
                    Thread.sleep(5_000);
                    return;
                }
                byte[] b = answer.getBytes(StandardCharsets.UTF_8);
                peer.write(ByteBuffer.wrap(b, 0, b.length / 2));
                Thread.sleep(20);
                peer.write(ByteBuffer.wrap(b, b.length / 2, b.length - b.length / 2));
            } catch (IOException | InterruptedException ignored) {
                // the test ends
            }
        });
        t.setDaemon(true);
        t.start();
        return t;
    }

    private static boolean probe(Path dir, String answer, AtomicReference<String> request, Duration timeout)
            throws IOException {
        Path ctl = dir.resolve("ovs-vswitchd.14.ctl");
        try (ServerSocketChannel s = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            s.bind(UnixDomainSocketAddress.of(ctl));
            server(s, request, answer);
            return NodeHealth.answersVersion(ctl, timeout);
        } finally {
            java.nio.file.Files.deleteIfExists(ctl);
        }
    }

    @Test
    void the_probe_sends_a_version_request_and_needs_a_result_without_error(@TempDir Path dir) throws IOException {
        AtomicReference<String> request = new AtomicReference<>();
        assertTrue(probe(dir, "{\"id\":0,\"result\":\"ovs-vswitchd (Open vSwitch) 3.1.0\\n\",\"error\":null}", request,
                Duration.ofSeconds(5)));
        io.vertx.core.json.JsonObject sent = new io.vertx.core.json.JsonObject(request.get());
        assertEquals("version", sent.getString("method"));
        assertEquals(0, sent.getJsonArray("params").size());
        assertTrue(sent.containsKey("id"), request.get());
        assertFalse(probe(dir, "{\"id\":0,\"result\":null,\"error\":\"\\\"version\\\" is not a valid command\"}",
                request, Duration.ofSeconds(5)), "an error answer is not health");
    }

    @Test
    void a_daemon_that_accepts_but_never_answers_fails_the_probe_within_its_timeout(@TempDir Path dir)
            throws IOException {
        long t0 = System.nanoTime();
        assertFalse(probe(dir, null, new AtomicReference<>(), Duration.ofMillis(300)));
        long ms = (System.nanoTime() - t0) / 1_000_000;
        assertTrue(ms >= 250 && ms < 4_000, "gave up after " + ms + " ms");
        assertFalse(NodeHealth.answersVersion(dir.resolve("nobody.ctl"), Duration.ofSeconds(1)), "no socket");
    }
}
