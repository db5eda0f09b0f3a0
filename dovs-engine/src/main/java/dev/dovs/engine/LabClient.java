package dev.dovs.engine;

import dev.dovs.events.EventEnvelope;
import dev.dovs.events.Intent;
import dev.dovs.events.Outcome;
import dev.dovs.events.log.ChronicleEventLog;
import dev.dovs.events.log.EventLog;
import dev.dovs.events.log.LogWriteException;
import dev.dovs.events.model.LabNaming;
import dev.dovs.events.projection.LabProjection;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.time.Duration;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;

/**
 * What a CLI process does with a lab: submit intents to its log and wait for their outcomes. When no engine runs
 * for the lab, the waiting process takes the engine lock and runs an embedded engine until its intent is done, so
 * a newcomer needs no daemon and an intent queued while no engine ran is applied by the next one.
 */
public final class LabClient implements AutoCloseable {
    private static final long POLL_MS = 15;
    /**
     * In a process that hosts the lab's engine the outcome is appended here: a cursor poll costs microseconds, and
     * the outcome reaches the waiting command within a millisecond.
     */
    private static final long HOSTED_POLL_MS = 1;
    private static final long LOCK_RETRY_MS = 200;

    private final LabHome home;
    private final EventLog log;
    private final Engine.Settings settings;
    private final EngineHost host;
    private final String actor;

    private LabClient(LabHome home, EventLog log, Engine.Settings settings, EngineHost host, String actor) {
        this.home = home;
        this.log = log;
        this.settings = settings;
        this.host = host;
        this.actor = actor;
    }

    /**
     * A process that hosts long-lived engines for many labs (the background engine): it starts the lab's engine
     * instead of an embedded one, and owns the log, which a client it hands out never closes.
     */
    public interface EngineHost {
        /**
         * Makes sure an engine of this process applies the lab's log, started with {@code controllers} (their
         * credentials) when it must start (or restart: only while the lab has no intent in progress). Returns
         * whether the engine that runs here uses exactly those settings; false also when another process holds the
         * lab's lock.
         */
        boolean ensure(java.util.Map<dev.dovs.events.Intent.ControllerKind,
                dev.dovs.engine.controller.ControllerSettings> controllers);

        /** This process appended an intent to the lab's log: its engine may take it at once. */
        default void submitted() {
        }
    }

    /** A client over a log that {@code host} owns; {@code actor} names who asked (the remote command's process). */
    public static LabClient hosted(LabHome home, EventLog log, Engine.Settings settings, EngineHost host,
                                   String actor) {
        return new LabClient(home, log, settings, host, actor);
    }

    /**
     * Opens the lab's log, creating its directory when missing.
     *
     * @throws DovsException {@code ENVIRONMENT} (exit 3) when the state directory cannot be created (read-only file
     *                       system, no permission), {@code FAILED} when the log cannot be opened
     */
    public static LabClient open(LabHome home, Engine.Settings settings) {
        try {
            Files.createDirectories(home.logDir());
        } catch (IOException e) {
            throw new DovsException(DovsException.ENVIRONMENT, "cannot create the lab's state dir "
                    + FileErrors.describe(home.dir(), e) + " (use a writable --state-dir)", e);
        }
        try {
            return new LabClient(home, ChronicleEventLog.open(home.logDir()), settings, null, actor());
        } catch (LogWriteException e) {
            throw new DovsException(e.kind() == LogWriteException.Kind.READ_ONLY ? DovsException.ENVIRONMENT
                    : DovsException.FAILED, e.getMessage(), e);
        }
    }

    /**
     * For a command that only reads (info, check, graph, export, plan, wait, every {@code --dry-run}): the lab's
     * client when the lab exists ({@link LabHome#exists()}), else a client over an empty log held in memory, so that a
     * lab that does not exist reads as an empty lab and nothing is created on disk (a typo in {@code --lab} leaves no
     * lab behind). The empty log refuses appends ({@link IllegalStateException}).
     */
    public static LabClient openToRead(LabHome home, Engine.Settings settings) {
        return home.exists() ? open(home, settings) : absent(home, settings);
    }

    /** A client of a lab that does not exist: an empty log in memory; nothing on disk is created or read. */
    public static LabClient absent(LabHome home, Engine.Settings settings) {
        return new LabClient(home, new AbsentLog(home), settings, null, actor());
    }

    private record AbsentLog(LabHome home) implements EventLog {
        @Override
        public EventEnvelope append(EventEnvelope envelope) {
            throw new IllegalStateException("lab " + home.naming().lab() + " does not exist: a read-only command "
                    + "cannot append to its log");
        }

        @Override
        public Cursor cursor(long afterIndex) {
            return new Cursor() {
                @Override
                public Optional<EventEnvelope> next() {
                    return Optional.empty();
                }

                @Override
                public void close() {
                }
            };
        }

        @Override
        public void close() {
        }
    }

    public LabHome home() {
        return home;
    }

    public EventLog log() {
        return log;
    }

    public LabNaming naming() {
        return home.naming();
    }

    /** The settings an embedded engine of this client uses (docker socket, timeouts, controllers). */
    public Engine.Settings settings() {
        return settings;
    }

    /** Appends the intent under a new intent id; {@code causationId} names the original when replaying. */
    public EventEnvelope submit(Intent intent, String causationId) {
        EventEnvelope appended = log.append(EventEnvelope.of(home.naming().lab(), UUID.randomUUID().toString(),
                causationId, actor, intent));
        if (host != null) {
            host.submitted();
        }
        return appended;
    }

    public LabProjection state() {
        return LabProjection.fold(home.naming(), log.readAll());
    }

    /**
     * True when an engine applies the lab's log: another process holds the engine lock (or, in a process hosting
     * engines, it started the lab's engine, which this call does when needed).
     */
    public boolean engineRunning() {
        if (host != null) {
            host.ensure(settings.controllers());
        }
        Optional<EngineLock> lock = EngineLock.tryAcquire(home);
        lock.ifPresent(EngineLock::close);
        return lock.isEmpty();
    }

    /**
     * Whether the engine that applies the intents uses this client's ODL credentials: an embedded one will, a
     * running engine of another process does not know them; a hosting process restarts an idle lab engine.
     */
    public boolean engineUsesCredentials() {
        return host != null ? host.ensure(settings.controllers()) : !engineRunning();
    }

    /**
     * Waits for the outcome of a submitted intent, passing every event of that intent to {@code progress}.
     *
     * @throws TimeoutException when no outcome arrived in time (the intent may still be applied later)
     */
    public Outcome await(EventEnvelope submitted, Duration timeout, Consumer<EventEnvelope> progress)
            throws TimeoutException {
        String id = submitted.intentId();
        long deadline = System.nanoTime() + timeout.toNanos();
        long nextLockTry = 0;
        Embedded embedded = null;
        try (EventLog.Cursor cursor = log.cursor(submitted.index())) {
            while (true) {
                for (var e = cursor.next(); e.isPresent(); e = cursor.next()) {
                    EventEnvelope env = e.get();
                    if (id.equals(env.intentId())) {
                        progress.accept(env);
                        if (env.event() instanceof Outcome o) {
                            return o;
                        }
                    }
                }
                if (embedded != null && embedded.engine().finished().failed()) {
                    // our engine stopped without an outcome (its log cannot be written): say why, do not wait
                    Throwable cause = embedded.engine().finished().cause();
                    throw cause instanceof RuntimeException r ? r : new IllegalStateException(cause);
                }
                if (System.nanoTime() > deadline) {
                    throw new TimeoutException("no outcome for intent " + id + " after " + timeout.toSeconds()
                            + " s; it may still be applied: '" + home.naming().command("wait " + id) + "'");
                }
                if (host != null && System.nanoTime() >= nextLockTry) {
                    host.ensure(settings.controllers()); // a no-op once this process's engine runs
                    nextLockTry = System.nanoTime() + LOCK_RETRY_MS * 1_000_000;
                } else if (host == null && embedded == null && System.nanoTime() >= nextLockTry) {
                    embedded = Embedded.tryStart(home, log, settings, id);
                    nextLockTry = System.nanoTime() + LOCK_RETRY_MS * 1_000_000;
                }
                sleep(host != null ? HOSTED_POLL_MS : POLL_MS);
            }
        } finally {
            if (embedded != null) {
                embedded.stop();
            }
        }
    }

    @Override
    public void close() {
        if (host == null) {
            log.close();
        }
    }

    public static String actor() {
        String host;
        try {
            host = InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            host = "localhost";
        }
        return System.getProperty("user.name", "?") + "@" + host + " pid " + ProcessHandle.current().pid();
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting", e);
        }
    }

    /** An engine run inside this CLI process, holding the lab's lock until stopped. */
    private record Embedded(EngineLock lock, Vertx vertx, Engine engine) {
        static Embedded tryStart(LabHome home, EventLog log, Engine.Settings settings, String intentId) {
            Optional<EngineLock> lock = EngineLock.tryAcquire(home);
            if (lock.isEmpty()) {
                return null;
            }
            Vertx vertx = Vertx.vertx(new VertxOptions().setBlockedThreadCheckInterval(10_000));
            try {
                Engine engine = Engine.start(vertx, home, log, settings, "embedded",
                        st -> st.intent(intentId).map(i -> i.finished()).orElse(false)).await();
                return new Embedded(lock.get(), vertx, engine);
            } catch (RuntimeException e) {
                vertx.close().await();
                lock.get().close();
                throw e;
            }
        }

        void stop() {
            try {
                engine.close();
            } finally {
                lock.close();
            }
        }
    }
}
