package dev.dovs.cli.it;

import org.junit.jupiter.api.Test;

import java.io.File;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The process model: a long-lived engine, fire-and-forget, concurrent submitters, and a SIGKILLed engine. */
class EngineIT {

    @Test
    void detachedIntentsAreAppliedByTheRunningEngineAndCanBeAwaited() throws Exception {
        try (LabFixture lab = new LabFixture("ith")) {
            Process engine = startEngine(lab);
            try {
                Sh.Result detached = lab.ok("add-node", "--name", "n1", "--detach");
                String id = detached.out().strip();
                assertTrue(id.matches("[0-9a-f-]{36}"), "expected an intent id, got: " + detached.all());
                Sh.Result waited = lab.ok("wait", id);
                assertTrue(waited.out().contains("succeeded"), waited.all());
                // The log names the daemon engine as the one that applied it.
                assertTrue(lab.ok("log", "--type", "engine").out().contains("mode=daemon"));
            } finally {
                stop(engine);
            }
        }
    }

    @Test
    void intentsQueuedWithoutAnEngineAreAppliedByTheNextOne() throws Exception {
        try (LabFixture lab = new LabFixture("iti")) {
            // Queued in-process with no engine anywhere (in daemon mode too: --no-daemon starts none).
            Sh.Result detached = lab.ok("--no-daemon", "add-node", "--name", "n1", "--detach");
            assertTrue(detached.err().contains("no engine runs"), detached.err());
            String id = detached.out().strip();
            lab.ok("wait", id); // embedded: wait runs an engine in-process; daemon: the background engine starts
            assertTrue(lab.ok("info").out().contains("Node: n1"));
        }
    }

    @Test
    void concurrentSubmittersAreBothAppliedInLogOrder() throws Exception {
        try (LabFixture lab = new LabFixture("itj")) {
            lab.ok("add-node", "--name", "n1", "-q");
            // No engine runs: each CLI may become the embedded engine; the other waits or takes over.
            List<CompletableFuture<Sh.Result>> runs = new ArrayList<>();
            for (int i = 1; i <= 3; i++) {
                String g = "g" + i;
                String ip = "10.0.0." + i + "/24";
                runs.add(CompletableFuture.supplyAsync(() -> lab.dovs("add-guest", "--name", g, "--ip", ip, "--node",
                        "n1", "-q")));
            }
            for (CompletableFuture<Sh.Result> r : runs) {
                assertEquals(0, r.get().exit(), r.get().all());
            }
            lab.assertPing("g1", "10.0.0.3");
            lab.assertPing("g3", "10.0.0.2");

            // And with an engine running.
            Process engine = startEngine(lab);
            try {
                List<CompletableFuture<Sh.Result>> more = new ArrayList<>();
                for (int i = 4; i <= 5; i++) {
                    String g = "g" + i;
                    String ip = "10.0.0." + i + "/24";
                    more.add(CompletableFuture.supplyAsync(() -> lab.dovs("add-guest", "--name", g, "--ip", ip,
                            "--node", "n1", "-q")));
                }
                for (CompletableFuture<Sh.Result> r : more) {
                    assertEquals(0, r.get().exit(), r.get().all());
                }
            } finally {
                stop(engine);
            }
            lab.assertPing("g5", "10.0.0.4");
        }
    }

    @Test
    void anEngineKilledMidCommandLeavesNothingAfterClean() throws Exception {
        try (LabFixture lab = new LabFixture("itk")) {
            lab.ok("add-node", "--name", "n1", "-q");
            Process engine = startEngine(lab);
            Sh.Result detached = lab.ok("add-node", "--name", "n2", "--detach");
            String id = detached.out().strip();
            // Kill it as soon as the container exists, while it starts: write-ahead must let clean find it.
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (Sh.run("curl", "-sf", "-o", "/dev/null", "--unix-socket", "/var/run/docker.sock",
                    "http://localhost/containers/" + lab.container("n2") + "/json").exit() != 0) {
                assertTrue(System.nanoTime() < deadline, "the engine never created the container");
                Thread.sleep(5);
            }
            engine.destroyForcibly().waitFor(10, TimeUnit.SECONDS); // SIGKILL
            assertTrue(!engine.isAlive());

            lab.ok("clean");
            lab.assertNothingLeft();
            String log = lab.ok("log", "--intent", id).out();
            assertTrue(log.contains("interrupted"), log);
        }
    }

    private static Process startEngine(LabFixture lab) throws Exception {
        // Daemon mode: an earlier command may have started a background engine (one per state dir), possibly still
        // starting; stop it and try again.
        for (int attempt = 1; ; attempt++) {
            lab.ok("engine", "stop");
            File out = Files.createTempFile("dovs-engine", ".log").toFile();
            out.deleteOnExit();
            Process p = Sh.start(lab.env(), lab.argv("engine"), out);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (!Files.readString(out.toPath()).contains("running (pid")) {
                if (!p.isAlive() && Files.readString(out.toPath()).contains("already runs for state dir")
                        && attempt < 10) {
                    break;
                }
                if (!p.isAlive() || System.nanoTime() > deadline) {
                    p.destroyForcibly();
                    throw new AssertionError("engine did not start: " + Files.readString(out.toPath()));
                }
                Thread.sleep(50);
            }
            if (p.isAlive() && Files.readString(out.toPath()).contains("running (pid")) {
                return p;
            }
            Thread.sleep(500);
        }
    }

    private static void stop(Process engine) throws InterruptedException {
        engine.destroy(); // SIGTERM: the engine logs that it stopped
        if (!engine.waitFor(30, TimeUnit.SECONDS)) {
            engine.destroyForcibly();
        }
    }
}
