package dev.dovs.cli.it;

import org.junit.jupiter.api.Test;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The background engine and the thin client (daemon mode only): the same bytes as embedded, concurrent clients,
 * an engine killed mid-command, a stale socket, idle shutdown, status and stop, Ctrl-C, a user that is not root.
 */
class DaemonIT {

    @org.junit.jupiter.api.BeforeEach
    void daemonModeOnly() {
        // The embedded failsafe execution excludes this class; a run with -Dit.test=DaemonIT would include it.
        org.junit.jupiter.api.Assumptions.assumeFalse(LabFixture.embedded(), "daemon mode only");
    }

    private static Path engineDir(LabFixture lab) {
        return lab.stateDir().resolve("engine.d");
    }

    private static long enginePid(LabFixture lab) throws Exception {
        return Long.parseLong(Files.readString(engineDir(lab).resolve("engine.lock")).strip());
    }

    /**
     * The first command with no engine runs in-process and starts the background engine as it exits: wait until
     * that engine listens. Returns its pid.
     */
    private static long awaitEngine(LabFixture lab) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (true) {
            Path lock = engineDir(lab).resolve("engine.lock");
            if (Files.exists(engineDir(lab).resolve("engine.sock")) && Files.exists(lock)
                    && !Files.readString(lock).isBlank() && lab.dovs("engine", "status").exit() == 0) {
                return enginePid(lab);
            }
            assertTrue(System.nanoTime() < deadline, "no background engine started");
            Thread.sleep(50);
        }
    }

    private static boolean alive(long pid) {
        return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
    }

    private static Sh.Result embedded(LabFixture lab, String... args) {
        return lab.dovsWith(Map.of("DOVS_NO_DAEMON", "1"), args);
    }

    @Test
    void outputAndExitCodesAreTheSameBytesAsEmbedded() throws Exception {
        try (LabFixture lab = new LabFixture("ida")) {
            lab.ok("add-node", "--name", "n1", "-q");
            awaitEngine(lab);
            List<String[]> commands = List.of(
                    new String[]{"info"}, new String[]{"info", "--json"}, new String[]{"--help"},
                    new String[]{"add-guest", "--help"}, new String[]{"--version"},
                    new String[]{"add-guest", "--name", "g1", "--ip", "10.0.0.300/24", "--node", "n1"},
                    new String[]{"add-guest", "--name", "g1", "--ip", "10.0.0.1/24", "--node", "nope"},
                    new String[]{"add-guest", "--bogus"}, new String[]{"log", "--type", "intent.add-node"},
                    new String[]{"--lab", "Bad!", "info"}, new String[]{"wait", "no-such-intent"},
                    new String[]{"add-guest", "--name", "g2", "--ip", "10.0.0.2/24", "--node", "n1", "--odl",
                            "127.0.0.1", "--odl-password-file", "no-such-file"});
            for (String[] c : commands) {
                Sh.Result d = lab.dovs(c);
                Sh.Result e = embedded(lab, c);
                String what = String.join(" ", c);
                assertEquals(e.exit(), d.exit(), what + "\ndaemon: " + d.all() + "\nembedded: " + e.all());
                assertEquals(e.out(), d.out(), what);
                assertEquals(e.err(), d.err(), what);
            }
            // The same env reaches the command: DOVS_LAB of the client, not of the engine.
            Sh.Result other = lab.dovsWith(Map.of("DOVS_LAB", lab.lab() + "x"), "info");
            assertTrue(other.out().contains("Empty"), other.all());
        }
    }

    @Test
    void concurrentClientsAreAllServedAndAppliedInLogOrder() throws Exception {
        try (LabFixture lab = new LabFixture("idb")) {
            lab.ok("add-node", "--name", "n1", "-q");
            awaitEngine(lab);
            List<CompletableFuture<Sh.Result>> runs = new ArrayList<>();
            for (int i = 1; i <= 4; i++) {
                String g = "g" + i;
                String ip = "10.0.0." + i + "/24";
                runs.add(CompletableFuture.supplyAsync(() -> lab.dovs("add-guest", "--name", g, "--ip", ip,
                        "--node", "n1", "-q")));
                runs.add(CompletableFuture.supplyAsync(() -> lab.dovs("info")));
            }
            for (CompletableFuture<Sh.Result> r : runs) {
                assertEquals(0, r.get().exit(), r.get().all());
            }
            lab.assertPing("g1", "10.0.0.4");
            lab.assertPing("g3", "10.0.0.2");
            // Outcomes follow their intents' order in the log.
            List<String> intents = Sh.lines(lab.ok("log", "--json", "--type", "intent.add-guest").out());
            List<String> outcomes = Sh.lines(lab.ok("log", "--json", "--type", "outcome").out());
            List<String> intentIds = intents.stream().map(DaemonIT::intentId).toList();
            List<String> outcomeIds = outcomes.stream().map(DaemonIT::intentId).filter(intentIds::contains).toList();
            assertEquals(intentIds, outcomeIds);
        }
    }

    private static String intentId(String jsonLine) {
        int i = jsonLine.indexOf("\"intent\":\"");
        return jsonLine.substring(i + 10, jsonLine.indexOf('"', i + 10));
    }

    @Test
    void anEngineKilledMidCommandFailsTheClientInOneLineAndTheNextCommandStartsAFreshOne() throws Exception {
        try (LabFixture lab = new LabFixture("idc")) {
            lab.ok("info"); // runs in-process and starts the engine
            long pid = awaitEngine(lab);
            CompletableFuture<Sh.Result> adding = CompletableFuture.supplyAsync(() -> lab.dovs("add-node", "--name",
                    "n1", "-q"));
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (Sh.run("docker", "inspect", lab.container("n1")).exit() != 0) {
                assertTrue(System.nanoTime() < deadline, "the engine never created the container");
                Thread.sleep(5);
            }
            assertEquals(0, Sh.run("kill", "-9", Long.toString(pid)).exit());
            Sh.Result r = adding.get(60, TimeUnit.SECONDS);
            assertEquals(1, r.exit(), r.all());
            assertEquals(1, r.err().lines().count(), r.err());
            assertTrue(r.err().startsWith("dovs: error: the engine (pid " + pid + ") stopped during the command"),
                    r.err());
            // The socket file is stale now; the next command, even a read-only one, replaces it with a fresh engine,
            // which rolls the half-done add-node back before info reads the lab.
            assertTrue(Files.exists(engineDir(lab).resolve("engine.sock")));
            Sh.Result info = lab.ok("info");
            assertFalse(info.out().contains("being created"), info.out());
            assertFalse(info.out().contains("Node: n1"), info.out());
            assertTrue(lab.ok("log").out().contains("interrupted"), "the add-node was closed as interrupted");
            assertEquals(1, Sh.run("docker", "inspect", lab.container("n1")).exit(), "its container was removed");
            lab.ok("clean");
            assertNotEquals(pid, enginePid(lab));
            lab.assertNothingLeft();
            lab.ok("add-node", "--name", "n2", "-q");
            assertTrue(lab.ok("info").out().contains("Node: n2"));
        }
    }

    @Test
    void aStaleSocketIsReplaced() throws Exception {
        try (LabFixture lab = new LabFixture("idd")) {
            lab.ok("info");
            long pid = awaitEngine(lab);
            Sh.run("kill", "-9", Long.toString(pid));
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (alive(pid) && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
            assertTrue(Files.exists(engineDir(lab).resolve("engine.sock")), "a SIGKILLed engine leaves its socket");
            Sh.Result r = lab.ok("info");
            assertTrue(r.out().contains("Empty"), r.all());
            assertTrue(r.err().isEmpty(), r.err());
            assertNotEquals(pid, enginePid(lab));
            assertTrue(alive(enginePid(lab)));
        }
    }

    @Test
    void anIdleEngineStopsByItself() throws Exception {
        try (LabFixture lab = new LabFixture("ide")) {
            Map<String, String> shortIdle = Map.of("DOVS_ENGINE_IDLE_TIMEOUT", "2");
            assertEquals(0, lab.dovsWith(shortIdle, "info").exit());
            long pid = awaitEngine(lab);
            Sh.Result status = lab.ok("engine", "status");
            assertTrue(status.out().contains("idle timeout: 2 s"), status.out());
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (alive(pid) && System.nanoTime() < deadline) {
                Thread.sleep(100);
            }
            assertFalse(alive(pid), "the engine did not stop after its idle timeout");
            assertFalse(Files.exists(engineDir(lab).resolve("engine.sock")));
            assertTrue(Files.readString(engineDir(lab).resolve("engine.log")).contains("idle for 2 s: stopping"));
        }
    }

    @Test
    void statusAndStop() throws Exception {
        try (LabFixture lab = new LabFixture("idf")) {
            Sh.Result none = lab.dovs("engine", "status");
            assertEquals(3, none.exit(), none.all());
            assertTrue(none.err().contains("no engine runs for state dir"), none.err());
            assertFalse(Files.exists(engineDir(lab).resolve("engine.sock")), "status starts nothing");

            lab.ok("add-node", "--name", "n1", "-q"); // in-process: it starts the engine as it exits
            long pid = awaitEngine(lab);
            assertTrue(lab.ok("engine", "status").out().contains("labs: none"), "no lab asked for yet");
            lab.ok("add-guest", "--name", "g1", "--ip", "10.0.0.1/24", "--node", "n1", "-q"); // through the engine
            Sh.Result status = lab.ok("engine", "status");
            assertTrue(status.out().contains("pid: " + pid), status.out());
            assertTrue(status.out().contains("labs: " + lab.lab() + " (engine)"), status.out());

            Sh.Result stop = lab.ok("engine", "stop");
            assertTrue(stop.err().contains("engine (pid " + pid + ") stopped"), stop.all());
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (alive(pid) && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
            assertFalse(alive(pid));
            assertEquals(3, lab.dovs("engine", "status").exit());
            assertTrue(lab.ok("engine", "stop").err().contains("no engine runs"));
            assertTrue(lab.ok("info").out().contains("Node: n1"), "the next command starts a new engine");
        }
    }

    @Test
    void ctrlCEndsTheClientAndTheEngineServesOn() throws Exception {
        try (LabFixture lab = new LabFixture("idg")) {
            lab.ok("info");
            long pid = awaitEngine(lab);
            File out = Files.createTempFile("dovs-follow", ".log").toFile();
            out.deleteOnExit();
            Process follow = Sh.start(lab.env(), lab.argv("log", "-f"), out);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (!Files.readString(out.toPath()).contains("SEQ")) {
                assertTrue(System.nanoTime() < deadline, "log -f printed nothing");
                Thread.sleep(20);
            }
            lab.ok("add-node", "--name", "n1", "-q");
            while (!Files.readString(out.toPath()).contains("node-added")) {
                assertTrue(System.nanoTime() < deadline, "log -f did not stream: " + Files.readString(out.toPath()));
                Thread.sleep(20);
            }
            Sh.run("kill", "-INT", Long.toString(follow.pid()));
            assertTrue(follow.waitFor(10, TimeUnit.SECONDS));
            assertEquals(130, follow.exitValue());
            assertTrue(alive(pid));
            assertTrue(lab.ok("engine", "status").out().contains("clients: 1"), "the follower's command ended");
        }
    }

    @Test
    void onlyRootMayDriveTheEngine() throws Exception {
        try (LabFixture lab = new LabFixture("idh")) {
            lab.ok("info");
            awaitEngine(lab);
            Path dir = engineDir(lab);
            Path socket = dir.resolve("engine.sock");
            assertEquals("rwx------", java.nio.file.attribute.PosixFilePermissions.toString(
                    Files.getPosixFilePermissions(dir)));
            assertEquals("rw-------", java.nio.file.attribute.PosixFilePermissions.toString(
                    Files.getPosixFilePermissions(socket)));
            // Open the way on purpose: the engine itself must still refuse the peer (SO_PEERCRED).
            Sh.run("chmod", "0755", lab.stateDir().toString(), dir.toString());
            Sh.run("chmod", "0666", socket.toString());
            try {
                File got = Files.createTempFile("dovs-nobody", ".bin").toFile();
                got.deleteOnExit();
                Process nc = Sh.start(Map.of(), List.of("setpriv", "--reuid=nobody", "--regid=nogroup",
                        "--clear-groups", "nc", "-U", socket.toString()), got);
                assertTrue(nc.waitFor(30, TimeUnit.SECONDS), "the engine did not close the connection");
                byte[] frame = Files.readAllBytes(got.toPath()); // binary: a REFUSED frame
                String text = new String(frame, java.nio.charset.StandardCharsets.ISO_8859_1);
                assertEquals('R', frame.length > 0 ? (char) frame[0] : '?', text);
                assertTrue(text.contains("refuses user nobody: only root or the engine's owner may drive it"), text);
                // And the launcher, as nobody, runs in-process with today's message (it needs root).
                Map<String, String> env = new HashMap<>(lab.env());
                env.put("HOME", "/tmp");
                env.put("DOVS_NO_CDS", "1");
                List<String> argv = new ArrayList<>(List.of("setpriv", "--reuid=nobody", "--regid=nogroup",
                        "--clear-groups"));
                argv.addAll(lab.argv("info"));
                Sh.Result info = Sh.run(env, 60, argv);
                assertEquals(3, info.exit(), info.all());
                assertTrue(info.err().contains("dovs must run as root"), info.err());
            } finally {
                Sh.run("chmod", "0700", dir.toString());
                Sh.run("chmod", "0600", socket.toString());
            }
        }
    }

    @Test
    void theEngineAFirstCommandStartsNeverGetsItsLabOrOdlCredentials() throws Exception {
        try (LabFixture lab = new LabFixture("idj")) {
            // No engine yet: the command runs in-process (the lab comes from DOVS_LAB), then the launcher starts one
            Sh.Result info = lab.dovsWith(Map.of("DOVS_ODL_USER", "admin", "DOVS_ODL_PASSWORD", "not-on-disk"),
                    "info");
            assertEquals(0, info.exit(), info.all());
            long pid = awaitEngine(lab);
            String environ = Files.readString(Path.of("/proc/" + pid + "/environ")).replace('\0', '\n');
            assertFalse(environ.contains("DOVS_ODL_") || environ.contains("not-on-disk"), environ);
            assertFalse(environ.lines().anyMatch(l -> l.startsWith("DOVS_LAB=")), environ);
            assertTrue(environ.lines().anyMatch(l -> l.equals("DOVS_NO_DAEMON=1")), environ);
            assertTrue(Files.readString(engineDir(lab).resolve("engine.log")).contains("running (pid " + pid),
                    "the engine's output goes to its log");
        }
    }

    @Test
    void pathArgumentsAreResolvedAgainstTheClientsDirectory() throws Exception {
        try (LabFixture lab = new LabFixture("idi")) {
            lab.ok("add-node", "--name", "n1", "-q");
            awaitEngine(lab);
            Path dir = Files.createTempDirectory("dovs-cwd-");
            Files.writeString(dir.resolve("lab.jsonl"), lab.ok("log", "--json").out());
            lab.ok("clean", "-q");
            ProcessBuilder pb = new ProcessBuilder(lab.argv("replay", "--from", "lab.jsonl", "--dry-run"))
                    .directory(dir.toFile()).redirectErrorStream(true);
            pb.environment().putAll(lab.env());
            Process p = pb.start();
            String text = new String(p.getInputStream().readAllBytes());
            assertEquals(0, p.waitFor(), text);
            assertTrue(text.contains("add-node n1"), text);
            Sh.run("rm", "-rf", dir.toString());
        }
    }
}
