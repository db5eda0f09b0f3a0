package dev.dovs.cli;

import dev.dovs.cli.daemon.EngineServer;
import dev.dovs.cli.daemon.LabEngines;
import dev.dovs.engine.LabClient;

import java.nio.file.Path;
import java.util.Map;

/**
 * Where a command runs: in this process (embedded: the process's environment and directory), or in the background
 * engine on behalf of a thin client (the client's environment, directory and pid; the engine's shared labs). Set
 * per thread for the command's duration, since the engine runs several clients' commands at once.
 *
 * @param tty     whether the client's stdin and stdout are a terminal (embedded: this process's)
 * @param engines null when embedded
 * @param server  null when embedded
 * @param started when the engine took the client's command; null when embedded (the command started with its JVM)
 */
record Invocation(Map<String, String> env, Path cwd, boolean tty, String actor, LabEngines engines,
                  EngineServer server, java.time.Instant started) {
    private static final Invocation EMBEDDED = new Invocation(System.getenv(), null, System.console() != null, null,
            null, null, null);
    private static final ThreadLocal<Invocation> CURRENT = ThreadLocal.withInitial(() -> EMBEDDED);

    static Invocation current() {
        return CURRENT.get();
    }

    static void set(Invocation invocation) {
        if (invocation == null) {
            CURRENT.remove();
        } else {
            CURRENT.set(invocation);
        }
    }

    /** Seconds since the command started: since the engine took it, or since this JVM started (embedded). */
    double secondsSinceStart() {
        long from = started != null ? started.toEpochMilli()
                : java.lang.management.ManagementFactory.getRuntimeMXBean().getStartTime();
        return (System.currentTimeMillis() - from) / 1e3;
    }

    boolean daemon() {
        return engines != null;
    }

    String env(String name) {
        return env.get(name);
    }

    /** A path argument as the user meant it: relative to the client's directory (embedded: unchanged). */
    Path resolve(Path path) {
        return cwd == null || path == null ? path : cwd.resolve(path);
    }

    String actorOr() {
        return actor != null ? actor : LabClient.actor();
    }
}
