package dev.dovs.cli.client;

import dev.dovs.cli.daemon.EngineServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The engine's socket and the client's relay, over a real Unix domain socket (no root needed). */
class EngineServerTest {
    private Path stateDir;
    private final List<EngineServer> servers = new ArrayList<>();

    @BeforeEach
    void dir() throws IOException {
        stateDir = Files.createTempDirectory("dovs-wire-");
    }

    @AfterEach
    void cleanup() throws IOException {
        servers.forEach(EngineServer::stop);
        try (var walk = Files.walk(stateDir)) {
            walk.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    private EngineServer bind(EngineServer.Runner runner, Duration idle) throws IOException {
        EngineServer s = EngineServer.bind(stateDir, runner, EngineServer.rootOrOwner(stateDir), idle, () -> false)
                .orElseThrow();
        servers.add(s);
        return s;
    }

    private static Wire.Request request(String build, String... argv) {
        return new Wire.Request(build, 7, false, "/somewhere", List.of(argv), Map.of("DOVS_LAB", "x"));
    }

    /** Sends a hello and relays the answer; returns exit code, stdout, stderr. */
    private record Answer(Integer code, String out, String err) {
    }

    private Answer call(Wire.Request request) throws IOException {
        try (SocketChannel ch = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            ch.connect(UnixDomainSocketAddress.of(Daemon.socket(stateDir)));
            try {
                Wire.write(Wire.out(ch), Wire.HELLO, request.encode());
            } catch (IOException e) {
                // as the client: a refused peer's hello may find the socket closed; the answer is still readable
            }
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            ByteArrayOutputStream err = new ByteArrayOutputStream();
            Integer code = ThinClient.relay(Wire.in(ch), out, err, stateDir);
            return new Answer(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
        }
    }

    @Test
    void theCommandRunsWithTheClientsRequestAndItsOutputAndExitCodeComeBack() throws IOException {
        List<Wire.Request> seen = new ArrayList<>();
        bind((req, out, err) -> {
            seen.add(req);
            out.write("line 1\n".getBytes(StandardCharsets.UTF_8));
            out.flush();
            err.write("dovs: error: nope\n".getBytes(StandardCharsets.UTF_8));
            err.flush();
            out.write("line 2\n".getBytes(StandardCharsets.UTF_8)); // flushed by the server at the end
            return 2;
        }, Duration.ZERO);
        Answer a = call(request(Daemon.build(), "info", "--json"));
        assertEquals(2, a.code());
        assertEquals("line 1\nline 2\n", a.out());
        assertEquals("dovs: error: nope\n", a.err());
        assertEquals(List.of("info", "--json"), seen.get(0).argv());
        assertEquals("/somewhere", seen.get(0).cwd());
        assertEquals("x", seen.get(0).env().get("DOVS_LAB"));
    }

    @Test
    void theSocketIsPrivateToItsOwner() throws IOException {
        bind((req, out, err) -> 0, Duration.ZERO);
        assertEquals("rw-------", PosixFilePermissions.toString(
                Files.getPosixFilePermissions(Daemon.socket(stateDir))));
        assertEquals("rwx------", PosixFilePermissions.toString(
                Files.getPosixFilePermissions(Daemon.dir(stateDir))));
    }

    @Test
    void aPeerThatIsNotAllowedIsRefusedAndRunsNothing() throws IOException {
        AtomicBoolean ran = new AtomicBoolean();
        EngineServer s = EngineServer.bind(stateDir, (req, out, err) -> {
            ran.set(true);
            return 0;
        }, peer -> false, Duration.ZERO, () -> false).orElseThrow();
        servers.add(s);
        Answer a = call(request(Daemon.build(), "clean"));
        assertEquals(3, a.code());
        assertTrue(a.err().startsWith("dovs: error: the engine at ") && a.err().contains("refuses user "), a.err());
        assertFalse(ran.get());
    }

    @Test
    void aClientOfAnotherBuildIsToldSoAndTheEngineRetires() throws Exception {
        AtomicInteger runs = new AtomicInteger();
        EngineServer s = bind((req, out, err) -> runs.incrementAndGet(), Duration.ZERO);
        Answer a = call(request("1 other-build", "info"));
        assertEquals(null, a.code(), "MISMATCH: the client starts an engine of its own build");
        assertEquals(0, runs.get());
        assertFalse(Files.exists(Daemon.socket(stateDir)), "it no longer listens");
        s.awaitStopped(); // no command in progress: it stops at once
        // and the state dir is free for an engine of the client's build
        assertEquals(0, call(requestAfterRebind()).code());
    }

    private Wire.Request requestAfterRebind() throws IOException {
        bind((req, out, err) -> 0, Duration.ZERO);
        return request(Daemon.build(), "info");
    }

    @Test
    void anEngineThatGoesAwayMidCommandIsReportedNotMistakenForSuccess() throws Exception {
        Path socket = Daemon.socket(stateDir);
        Files.createDirectories(socket.getParent());
        try (ServerSocketChannel fake = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            fake.bind(UnixDomainSocketAddress.of(socket));
            Thread t = new Thread(() -> {
                try (SocketChannel c = fake.accept()) {
                    Wire.read(Wire.in(c));
                    Wire.write(Wire.out(c), Wire.STDOUT, "partial".getBytes(StandardCharsets.UTF_8));
                    c.write(java.nio.ByteBuffer.wrap(new byte[]{Wire.STDOUT, 0, 0, 0, 9, 'a'})); // then dies
                } catch (IOException ignored) {
                    // the test asserts on the client side
                }
            });
            t.start();
            Answer a = call(request(Daemon.build(), "add-guest"));
            t.join();
            assertEquals(1, a.code());
            assertEquals("partial", a.out());
            assertTrue(a.err().startsWith("dovs: error: the engine") && a.err().contains("stopped during the "
                    + "command") && a.err().endsWith("(the next command starts a new engine)\n"), a.err());
            assertEquals(1, a.err().lines().count(), "one line");
        }
    }

    @Test
    void aClientThatGoesAwayInterruptsItsCommand() throws Exception {
        CountDownLatch started = new CountDownLatch(1);
        CountDownLatch interrupted = new CountDownLatch(1);
        bind((req, out, err) -> {
            started.countDown();
            try {
                Thread.sleep(60_000);
            } catch (InterruptedException e) {
                interrupted.countDown();
            }
            return 130;
        }, Duration.ZERO);
        try (SocketChannel ch = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            ch.connect(UnixDomainSocketAddress.of(Daemon.socket(stateDir)));
            Wire.write(Wire.out(ch), Wire.HELLO, request(Daemon.build(), "log", "-f").encode());
            assertTrue(started.await(10, TimeUnit.SECONDS));
        } // Ctrl-C: the client's socket closes
        assertTrue(interrupted.await(10, TimeUnit.SECONDS), "the command was not interrupted");
    }

    @Test
    void concurrentClientsAreServedAtOnce() throws Exception {
        int n = 6;
        CountDownLatch all = new CountDownLatch(n);
        bind((req, out, err) -> {
            all.countDown(); // each command waits for all the others: only concurrent serving passes
            if (!all.await(20, TimeUnit.SECONDS)) {
                return 1;
            }
            out.write(req.argv().get(0).getBytes(StandardCharsets.UTF_8));
            return 0;
        }, Duration.ZERO);
        List<Thread> threads = new ArrayList<>();
        List<String> outs = java.util.Collections.synchronizedList(new ArrayList<>());
        for (int i = 0; i < n; i++) {
            String word = "c" + i;
            Thread t = new Thread(() -> {
                try {
                    Answer a = call(request(Daemon.build(), word));
                    if (a.code() == 0) {
                        outs.add(a.out());
                    }
                } catch (IOException e) {
                    throw new RuntimeException(e);
                }
            });
            t.start();
            threads.add(t);
        }
        for (Thread t : threads) {
            t.join(30_000);
        }
        assertEquals(n, outs.size(), "served: " + outs);
        for (int i = 0; i < n; i++) {
            assertTrue(outs.contains("c" + i));
        }
    }

    @Test
    void aStaleSocketIsReplacedAndASecondEngineIsRefused() throws IOException {
        Path socket = Daemon.socket(stateDir);
        Files.createDirectories(socket.getParent());
        ServerSocketChannel dead = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        dead.bind(UnixDomainSocketAddress.of(socket));
        dead.close(); // the file stays: what a SIGKILLed engine leaves
        assertTrue(Files.exists(socket));
        assertEquals(null, ThinClient.connect(socket), "nothing listens on a stale socket");
        bind((req, out, err) -> 0, Duration.ZERO);
        assertEquals(0, call(request(Daemon.build(), "info")).code());
        Optional<EngineServer> second = EngineServer.bind(stateDir, (req, out, err) -> 0,
                EngineServer.rootOrOwner(stateDir), Duration.ZERO, () -> false);
        assertTrue(second.isEmpty(), "one engine per state dir");
        assertEquals(0, call(request(Daemon.build(), "info")).code(), "the first one still serves");
    }

    @Test
    void anEngineWhoseSocketWasRemovedStops() throws Exception {
        // Busy and never idle: only the removed socket (the state dir deleted under it) can stop it.
        EngineServer s = EngineServer.bind(stateDir, (req, out, err) -> 0, EngineServer.rootOrOwner(stateDir),
                Duration.ZERO, () -> true).orElseThrow();
        servers.add(s);
        Files.delete(Daemon.socket(stateDir));
        Thread stopped = new Thread(() -> {
            try {
                s.awaitStopped();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        stopped.start();
        stopped.join(TimeUnit.SECONDS.toMillis(10));
        assertFalse(stopped.isAlive(), "an engine nobody can reach any more stops");
    }

    @Test
    void anIdleEngineStopsAndABusyOneDoesNot() throws Exception {
        AtomicBoolean busy = new AtomicBoolean(true);
        EngineServer s = EngineServer.bind(stateDir, (req, out, err) -> 0, EngineServer.rootOrOwner(stateDir),
                Duration.ofMillis(200), busy::get).orElseThrow();
        servers.add(s);
        Thread.sleep(800);
        assertTrue(Files.exists(Daemon.socket(stateDir)), "an intent in progress keeps it up");
        busy.set(false);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (Files.exists(Daemon.socket(stateDir)) && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertFalse(Files.exists(Daemon.socket(stateDir)), "idle: it stopped");
        s.awaitStopped();
    }

    @Test
    void globalOptionValuesAreNotMistakenForTheCommand() {
        assertEquals(List.of("engine", "status"), ThinClient.positional(List.of("--lab", "engine", "--state-dir",
                "/x", "engine", "-d", "status")));
        assertEquals("/b", ThinClient.stateDir(List.of("--state-dir", "/a", "info", "--state-dir=/b"), "/env"));
        assertEquals("/env", ThinClient.stateDir(List.of("info"), "/env"));
        assertEquals("/var/lib/dovs", ThinClient.stateDir(List.of("info"), null));
    }
}
