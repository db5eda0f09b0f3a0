package dev.dovs.cli.daemon;

import dev.dovs.engine.Engine;
import dev.dovs.engine.EngineLock;
import dev.dovs.engine.LabClient;
import dev.dovs.engine.LabHome;
import dev.dovs.engine.controller.ControllerSettings;
import dev.dovs.events.Intent;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The labs of one state dir, as the background engine hosts them: per lab, the log opened once and shared by every
 * command, and (from the first command that submits) the lab's engine with its lock, its own Vert.x and its
 * orchestrator, exactly as a {@code dovs engine} of one lab ran before. An engine that cannot take the lab's lock
 * (another process applies the lab's log) is retried on the next call.
 */
public final class LabEngines implements AutoCloseable {
    private final Engine.Settings defaults;
    private final Map<String, Lab> labs = new ConcurrentHashMap<>();
    private volatile boolean closed;
    private volatile Vertx queries;

    public LabEngines(Engine.Settings defaults) {
        this.defaults = defaults;
    }

    /** A Vert.x for the commands' own queries (info's docker calls), created on first use, closed with the labs. */
    public Vertx queries() {
        Vertx v = queries;
        if (v == null) {
            synchronized (this) {
                if (queries == null) {
                    queries = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(1).setWorkerPoolSize(4)
                            .setBlockedThreadCheckInterval(10_000));
                }
                v = queries;
            }
        }
        return v;
    }

    /** The settings commands default to: the ODL credentials this engine was started with. */
    public Engine.Settings defaults() {
        return defaults;
    }

    /** How long a command waits for the rollback of intents a dead engine left open before it goes on. */
    static final java.time.Duration RECOVERY_WAIT = java.time.Duration.ofSeconds(10);

    /**
     * A client of the lab over the shared log; its close() leaves the log open. Any command, read-only ones
     * included, that finds intents left open with no engine applying the lab (an engine killed during a command)
     * first starts the lab's engine, which rolls back what was half-done and closes them as interrupted, and waits
     * for that (at most {@link #RECOVERY_WAIT}): {@code info} after a crash shows the recovered lab, not the dead
     * engine's work in progress.
     */
    public LabClient client(LabHome home, Engine.Settings settings, String actor) {
        Lab lab = lab(home);
        lab.recoverAbandoned();
        return LabClient.hosted(home, lab.client.log(), settings, lab, actor);
    }

    /** Starts the lab's engine now (as {@code dovs engine} does for its --lab); false when another process runs it. */
    public boolean start(LabHome home) {
        return lab(home).ensure(defaults.controllers());
    }

    /**
     * The lab as this process holds it, opened on first use. A lab whose log directory was removed or replaced
     * under this engine (a log deleted by hand, as before {@code clean --odl}/{@code --ovn-nb} of a lost log) is
     * closed and opened afresh, as a new process would: what this process held open is a log nobody reads any more.
     */
    private Lab lab(LabHome home) {
        String key = home.dir().toString();
        Lab lab = labs.get(key);
        if (lab != null && !lab.stillOnDisk()) {
            labs.remove(key, lab);
            lab.close();
        }
        return labs.computeIfAbsent(key, k -> new Lab(home));
    }

    /** Labs whose log is open, and whether this process runs each one's engine. */
    public Map<String, Boolean> labs() {
        Map<String, Boolean> m = new java.util.TreeMap<>();
        labs.values().forEach(l -> m.put(l.home.naming().lab(), l.engine != null));
        return m;
    }

    /** True while some lab hosted here has an intent without an outcome: the engine is not idle. */
    public boolean busy() {
        return labs.values().stream().anyMatch(l -> l.engine != null && !l.client.state().unfinished().isEmpty());
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        labs.values().forEach(Lab::close);
        if (queries != null) {
            queries.close().await();
        }
    }

    private final class Lab implements LabClient.EngineHost {
        final LabHome home;
        final LabClient client;
        final Object logDirKey;
        EngineLock lock;
        volatile Engine engine;
        Map<Intent.ControllerKind, ControllerSettings> controllers;

        Lab(LabHome home) {
            this.home = home;
            this.client = LabClient.open(home, defaults);
            this.logDirKey = logDirKey(home);
        }

        /**
         * Starts this lab's engine when the log has intents a dead engine left running and nobody holds the lab's
         * lock, then waits (bounded) until those are closed. Nothing when this process runs the engine, another
         * process applies the lab, or nothing was left running.
         */
        void recoverAbandoned() {
            if (engine != null || closed) {
                return;
            }
            java.util.Set<String> left = new java.util.HashSet<>();
            client.state().unfinished().stream().filter(i -> i.status() == dev.dovs.events.projection.IntentView
                    .Status.RUNNING).forEach(i -> left.add(i.id()));
            if (left.isEmpty()) {
                return;
            }
            try {
                if (!ensure(defaults.controllers())) {
                    return; // another process applies the lab: it recovers it
                }
            } catch (RuntimeException e) {
                return; // the command reports the lab as it is; the next one tries again
            }
            long deadline = System.nanoTime() + RECOVERY_WAIT.toNanos();
            while (System.nanoTime() < deadline && client.state().unfinished().stream()
                    .anyMatch(i -> left.contains(i.id()))) {
                try {
                    Thread.sleep(20);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }

        /** True while the log directory this lab opened is still the one at its path. */
        boolean stillOnDisk() {
            if (logDirKey == null) { // a file system without file keys: only a removal can be seen
                return Files.isDirectory(home.logDir());
            }
            return logDirKey.equals(logDirKey(home));
        }

        private static Object logDirKey(LabHome home) {
            try {
                return Files.readAttributes(home.logDir(), BasicFileAttributes.class).fileKey();
            } catch (IOException e) {
                return null;
            }
        }

        @Override
        public void submitted() {
            Engine e = engine;
            if (e != null) {
                e.wake();
            }
        }

        @Override
        public synchronized boolean ensure(Map<Intent.ControllerKind, ControllerSettings> wanted) {
            if (closed) {
                return false;
            }
            if (engine != null) {
                if (wanted.equals(controllers)) {
                    return true;
                }
                if (!client.state().unfinished().isEmpty()) {
                    return false; // busy: it keeps the credentials it has (the command warns)
                }
                engine.close(); // idle: restart with the command's credentials, as an embedded engine would use
                engine = null;
            }
            if (lock == null) {
                Optional<EngineLock> l = EngineLock.tryAcquire(home);
                if (l.isEmpty()) {
                    return false; // another process applies this lab's log
                }
                lock = l.get();
            }
            Vertx vertx = Vertx.vertx(new VertxOptions().setBlockedThreadCheckInterval(10_000));
            try {
                Engine.Settings settings = defaults;
                for (ControllerSettings c : wanted.values()) {
                    settings = settings.with(c);
                }
                engine = Engine.start(vertx, home, client.log(), settings, "daemon", s -> false).await();
                controllers = Map.copyOf(wanted);
                return true;
            } catch (RuntimeException e) {
                vertx.close().await();
                throw e;
            }
        }

        synchronized void close() {
            try {
                if (engine != null) {
                    engine.close(); // finishes the intent in progress
                }
            } finally {
                engine = null;
                if (lock != null) {
                    lock.close();
                    lock = null;
                }
                client.close();
            }
        }
    }
}
