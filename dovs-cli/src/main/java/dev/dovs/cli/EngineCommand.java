package dev.dovs.cli;

import dev.dovs.cli.client.Daemon;
import dev.dovs.cli.daemon.EngineServer;
import dev.dovs.cli.daemon.LabEngines;
import dev.dovs.engine.DovsException;
import dev.dovs.engine.Engine;
import dev.dovs.engine.odl.OdlCredentials;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

@Command(name = "engine", description = "Run the engine of the state dir in the foreground until stopped "
        + "(SIGTERM/Ctrl-C or 'dovs engine stop'). It serves every lab of the state dir: commands send it their "
        + "arguments over its socket and it runs them. A command starts one in the background when none runs.",
        subcommands = {EngineCommand.Status.class, EngineCommand.Stop.class})
final class EngineCommand implements Callable<Integer> {
    static final String ENV_IDLE = "DOVS_ENGINE_IDLE_TIMEOUT";
    static final long DEFAULT_IDLE_SECONDS = 600;

    @ParentCommand
    Dovs root;

    @CommandLine.Mixin
    OdlCredentialOptions.FromLog odl;

    @Option(names = "--idle-timeout", paramLabel = "SECONDS", description = "Stop after this many seconds with no "
            + "command and no intent in progress; 0: never. Default: never in the foreground; the background engine "
            + "that a command starts uses env " + ENV_IDLE + ", default " + DEFAULT_IDLE_SECONDS + ".")
    Long idleTimeout;

    @Option(names = "--background", hidden = true, description = "Started by a command: idle timeout from the "
            + "environment, and exit 0 quietly when another engine won the start.")
    boolean background;

    @Override
    public Integer call() throws Exception {
        OdlCredentials credentials = odl.credentialsOnly("engine"); // input first, then privileges
        Duration idle = Duration.ofSeconds(idleSeconds());
        root.checkLabAndRoot();
        if (root.invocation().daemon()) {
            throw new DovsException(DovsException.INVALID, "an engine is already serving this command: run "
                    + "'dovs engine' with --no-daemon");
        }
        Path stateDir = root.home().root().toAbsolutePath();
        LabEngines engines = new LabEngines(root.settings().with(credentials));
        AtomicReference<EngineServer> self = new AtomicReference<>();
        String host = hostName();
        EngineServer.Runner runner = (request, out, err) -> Dovs.execute(new Invocation(request.env(),
                Path.of(request.cwd()), request.tty(), System.getProperty("user.name", "?") + "@" + host + " pid "
                + request.pid(), engines, self.get(), java.time.Instant.now()), out, err, request.argv().toArray(String[]::new));
        Optional<EngineServer> bound;
        try {
            bound = EngineServer.bind(stateDir, runner, EngineServer.rootOrOwner(stateDir), idle, engines::busy);
        } catch (IOException e) {
            throw new DovsException(DovsException.ENVIRONMENT, "cannot listen on "
                    + dev.dovs.engine.FileErrors.describe(Daemon.socket(stateDir), e));
        }
        if (bound.isEmpty()) {
            if (background) {
                return 0; // another command's engine won the race: it serves this one too
            }
            throw new DovsException(DovsException.ENVIRONMENT, "an engine already runs for state dir " + stateDir
                    + Daemon.pid(stateDir).map(p -> " (pid " + p + ")").orElse("") + ": 'dovs engine stop' stops it");
        }
        EngineServer server = bound.get();
        self.set(server);
        // While the first client's command opens its lab's log, start the Vert.x that info's queries use: on two
        // cores the engine's first answer then comes sooner than an embedded command's.
        Thread warm = new Thread(() -> {
            try {
                engines.queries();
            } catch (IllegalStateException e) {
                // stopped while warming up ("Shutdown in progress"): nothing to warm
            }
        }, "dovs-warm-up");
        warm.setDaemon(true);
        warm.start();
        AtomicBoolean closed = new AtomicBoolean();
        Runnable shutdown = () -> {
            if (closed.compareAndSet(false, true)) {
                server.stop();
                engines.close(); // each lab's engine finishes the intent in progress
            }
        };
        Runtime.getRuntime().addShutdownHook(new Thread(shutdown, "dovs-engine-stop"));
        if (!background && !engines.start(root.home())) {
            // As before: the foreground engine runs its lab's engine at once (recovering what a crash left).
            shutdown.run();
            throw new DovsException(DovsException.ENVIRONMENT, "an engine already runs for lab "
                    + root.home().naming().lab() + dev.dovs.engine.EngineLock.holderPid(root.home())
                    .map(p -> " (pid " + p + ")").orElse(""));
        }
        PrintWriter err = root.spec.commandLine().getErr();
        err.println("dovs: engine for state dir " + stateDir + " running (pid " + ProcessHandle.current().pid()
                + (idle.isZero() ? "" : ", idle timeout " + idle.toSeconds() + " s") + "); "
                + (background ? "'dovs engine stop' stops it" : "Ctrl-C stops it"));
        err.flush();
        server.awaitStopped();
        shutdown.run();
        err.println("dovs: engine (pid " + ProcessHandle.current().pid() + ") stopped");
        err.flush();
        return 0;
    }

    private long idleSeconds() {
        long s;
        if (idleTimeout != null) {
            s = idleTimeout;
        } else if (background) {
            String env = root.invocation().env(ENV_IDLE);
            try {
                s = env == null || env.isBlank() ? DEFAULT_IDLE_SECONDS : Long.parseLong(env.strip());
            } catch (NumberFormatException e) {
                throw new DovsException(DovsException.INVALID, ENV_IDLE + " must be a number of seconds");
            }
        } else {
            s = 0;
        }
        if (s < 0 || s > 7 * 24 * 3600) {
            throw new DovsException(DovsException.INVALID, "the idle timeout must be 0-604800 seconds");
        }
        return s;
    }

    private static String hostName() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            return "localhost";
        }
    }

    /** Whether another process holds the state dir's engine lock (an engine runs, answering or not). */
    static boolean locked(Path stateDir) {
        Path lock = Daemon.lockFile(stateDir);
        if (!Files.exists(lock)) {
            return false;
        }
        try (FileChannel ch = FileChannel.open(lock, StandardOpenOption.WRITE)) {
            FileLock l = ch.tryLock();
            if (l == null) {
                return true;
            }
            l.release();
            return false;
        } catch (OverlappingFileLockException e) {
            return true;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Command(name = "status", description = "Whether the engine of the state dir runs: its pid, uptime, idle "
            + "timeout, clients and labs. Exit 3 when none runs.")
    static final class Status implements Callable<Integer> {
        @ParentCommand
        EngineCommand engine;

        @Override
        public Integer call() {
            Dovs root = engine.root;
            PrintWriter out = root.spec.commandLine().getOut();
            Invocation inv = root.invocation();
            if (!inv.daemon()) { // no engine answered the client
                Path stateDir = root.home().root().toAbsolutePath();
                Host.requireRoot(); // a user who is not root gets no answer from the engine: say why, not "none"
                throw new DovsException(DovsException.ENVIRONMENT, locked(stateDir)
                        ? "the engine of state dir " + stateDir + Daemon.pid(stateDir).map(p -> " (pid " + p + ")")
                        .orElse("") + " does not answer on " + Daemon.socket(stateDir)
                        : "no engine runs for state dir " + stateDir);
            }
            EngineServer server = inv.server();
            out.println("engine: running");
            out.println("  pid: " + ProcessHandle.current().pid());
            out.println("  version: " + Engine.version());
            out.println("  socket: " + server.socket());
            out.println("  uptime: " + server.uptime().toSeconds() + " s");
            out.println("  idle timeout: " + (server.idleTimeout().isZero() ? "none"
                    : server.idleTimeout().toSeconds() + " s"));
            out.println("  clients: " + server.connections());
            Runtime rt = Runtime.getRuntime();
            out.println("  heap: " + (rt.totalMemory() - rt.freeMemory()) / (1024 * 1024) + " MiB used");
            Map<String, Boolean> labs = inv.engines().labs();
            out.println("  labs: " + (labs.isEmpty() ? "none" : String.join(", ", labs.entrySet().stream()
                    .map(e -> e.getKey() + (e.getValue() ? " (engine)" : "")).toList())));
            return 0;
        }
    }

    @Command(name = "stop", description = "Stop the engine of the state dir: commands in progress are cut short, "
            + "each lab's intent in progress is finished first. Nothing to do when none runs.")
    static final class Stop implements Callable<Integer> {
        @ParentCommand
        EngineCommand engine;

        @Override
        public Integer call() throws InterruptedException {
            Dovs root = engine.root;
            PrintWriter err = root.spec.commandLine().getErr();
            Invocation inv = root.invocation();
            Path stateDir = root.home().root().toAbsolutePath();
            if (inv.daemon()) {
                inv.server().stopOthers();
                inv.engines().close();
                err.println("dovs: engine (pid " + ProcessHandle.current().pid() + ") stopped");
                return 0;
            }
            Host.requireRoot();
            Optional<Long> pid = Daemon.pid(stateDir);
            if (!locked(stateDir) || pid.isEmpty()) {
                err.println("dovs: no engine runs for state dir " + stateDir);
                return 0;
            }
            // It did not answer (hung, or another build): SIGTERM, which stops it the same way.
            Optional<ProcessHandle> ph = ProcessHandle.of(pid.get());
            ph.ifPresent(ProcessHandle::destroy);
            long deadline = System.nanoTime() + 60_000_000_000L;
            while (locked(stateDir) && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
            if (locked(stateDir)) {
                throw new DovsException(DovsException.FAILED, "the engine (pid " + pid.get() + ") did not stop "
                        + "within 60 s");
            }
            err.println("dovs: engine (pid " + pid.get() + ") stopped");
            return 0;
        }
    }
}
