package dev.dovs.cli.client;

import java.io.FileOutputStream;
import java.io.FileDescriptor;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The {@code dovs} entry point in daemon mode: sends the command to the background engine of the state dir over
 * its Unix domain socket (starting one when none runs) and replays what the engine streams back: stdout, stderr and
 * the exit code. JDK classes only, so that it starts in about the time of {@code java -version}.
 *
 * <p>Falls back to the embedded engine ({@code DOVS_NO_DAEMON=1} and the launcher, run as a child with the same
 * terminal) when no engine can serve: the socket path is too long, the engine cannot start, or it is of another
 * build twice in a row. {@code engine status} and {@code engine stop} never start an engine.
 */
public final class ThinClient {
    /** Exit code when the engine went away mid-command (the operation's own failures use 1 too). */
    static final int ENGINE_LOST = 1;
    static final int ENVIRONMENT = 3;
    private static final long START_TIMEOUT_MS = 60_000;

    private ThinClient() {
    }

    public static void main(String[] args) throws IOException {
        if ("1".equals(System.getenv("DOVS_CLIENT_TRAIN"))) {
            train();
            return;
        }
        int code = run(List.of(args));
        System.out.flush();
        System.err.flush();
        // halt, not exit: this client registers no shutdown hook, and System.exit on JDK 21+ first looks up the
        // System.Logger of Runtime.exit, a few milliseconds of class loading for nothing.
        Runtime.getRuntime().halt(code);
    }

    /**
     * Run by the launcher with -XX:ArchiveClassesAtExit to build the thin client's AppCDS archive: one request and
     * its answer over a socket of its own, so that every class a command loads is in the archive.
     */
    private static void train() throws IOException {
        Path dir = Files.createTempDirectory("dovs-client-train-");
        Path socket = dir.resolve("s");
        try (java.nio.channels.ServerSocketChannel server = java.nio.channels.ServerSocketChannel.open(
                StandardProtocolFamily.UNIX)) {
            server.bind(UnixDomainSocketAddress.of(socket));
            EarlyConnect early = new EarlyConnect(socket);
            early.start();
            SocketChannel ch = early.channel();
            if (ch == null) {
                return;
            }
            try (ch; SocketChannel peer = server.accept()) {
                Wire.write(Wire.out(ch), Wire.HELLO, new Wire.Request(Daemon.build(), pid(), System.console() != null,
                        dir.toString(), List.of("info"), environment()).encode());
                Wire.Request.decode(Wire.read(Wire.in(peer)).payload());
                OutputStream out = Wire.out(peer);
                Wire.write(out, Wire.STDOUT, new byte[1]);
                Wire.write(out, Wire.STDERR, new byte[1]);
                Wire.writeExit(out, 0);
                java.io.ByteArrayOutputStream sink = new java.io.ByteArrayOutputStream();
                relay(Wire.in(ch), sink, sink, dir);
            }
        } finally {
            Files.deleteIfExists(socket);
            Files.deleteIfExists(dir);
        }
        stateDir(List.of("--state-dir", "/x"), null);
        positional(List.of("--lab", "x", "info"));
        Daemon.pid(dir);
    }

    static int run(List<String> argv) {
        Path cwd = Path.of("").toAbsolutePath();
        Path stateDir = cwd.resolve(stateDir(argv, System.getenv("DOVS_STATE_DIR")));
        Path socket = Daemon.socket(stateDir);
        List<String> positional = positional(argv);
        String sub = positional.isEmpty() ? null : positional.get(0);
        boolean control = "engine".equals(sub) && positional.size() > 1
                && ("status".equals(positional.get(1)) || "stop".equals(positional.get(1)));
        // Only root drives the engine (and dovs needs root): others get today's in-process command and messages.
        if (!"root".equals(System.getProperty("user.name")) || ("engine".equals(sub) && !control) || inProcess(sub) || socket.toString().getBytes(StandardCharsets.UTF_8).length > 100) {
            return embedded(argv, null);
        }
        // A JVM's first socket costs this client most of its time (the JDK seeds a SecureRandom when the socket
        // class initialises): it is opened on a thread of its own while this one builds the request.
        EarlyConnect early = new EarlyConnect(socket);
        early.start();
        boolean needsEngine = !control && sub != null && !"help".equals(sub) && !argv.contains("--help")
                && !argv.contains("-h") && !argv.contains("--version") && !argv.contains("-V");
        Wire.Request request = new Wire.Request(Daemon.build(), pid(),
                System.console() != null, cwd.toString(), argv, environment());
        // 'engine stop' returns once that engine's process is gone, not when it answered: its shutdown (closing
        // logs, Vert.x) then no longer overlaps with what the caller does next.
        Long stopping = control && "stop".equals(positional.get(1)) ? Daemon.pid(stateDir).orElse(null) : null;
        boolean started = false;
        boolean mismatched = false;
        while (true) {
            SocketChannel ch = early != null ? early.channel() : connect(socket);
            early = null;
            if (ch == null) {
                if (!needsEngine || started) {
                    return embedded(argv, started ? "the background engine did not start (see "
                            + Daemon.logFile(stateDir) + "): running the command in this process" : null);
                }
                if (!startEngine(stateDir, socket)) {
                    return embedded(argv, "the background engine did not start (see " + Daemon.logFile(stateDir)
                            + "): running the command in this process");
                }
                started = true;
                continue;
            }
            try (ch) {
                OutputStream out = Wire.out(ch);
                try {
                    Wire.write(out, Wire.HELLO, request.encode());
                } catch (IOException e) {
                    // refused before it read a byte: its answer (REFUSED) is still there to read
                }
                Integer code = relay(Wire.in(ch), new FileOutputStream(FileDescriptor.out),
                        new FileOutputStream(FileDescriptor.err), stateDir);
                if (code != null) {
                    if (code == 0 && stopping != null) {
                        awaitExit(stopping);
                    }
                    return code;
                }
            } catch (IOException e) {
                return lost(new FileOutputStream(FileDescriptor.err), stateDir, e.getMessage());
            }
            // MISMATCH: that engine (another build) retires; start ours once, else run embedded.
            if (mismatched || control) {
                return embedded(argv, null);
            }
            mismatched = true;
            waitGone(socket);
        }
    }

    /** Copies frames to fd 1 and 2 until the exit code; null when the engine is of another build. */
    static Integer relay(InputStream in, OutputStream stdout, OutputStream stderr, Path stateDir) throws IOException {
        boolean stdoutOpen = true;
        boolean stderrOpen = true;
        while (true) {
            Wire.Frame f;
            try {
                f = Wire.read(in);
            } catch (Wire.ProtocolException e) {
                return lost(stderr, stateDir, e.getMessage());
            }
            if (f == null) {
                return lost(stderr, stateDir, null);
            }
            switch (f.kind()) {
                case Wire.STDOUT -> stdoutOpen = copy(stdout, f.payload(), stdoutOpen);
                case Wire.STDERR -> stderrOpen = copy(stderr, f.payload(), stderrOpen);
                case Wire.EXIT -> {
                    return f.exitCode();
                }
                case Wire.MISMATCH -> {
                    return null;
                }
                case Wire.REFUSED -> {
                    stderr.write(("dovs: error: " + f.text() + "\n").getBytes(StandardCharsets.UTF_8));
                    return ENVIRONMENT;
                }
                default -> {
                    return lost(stderr, stateDir, "unexpected frame '" + (char) f.kind() + "'");
                }
            }
        }
    }

    /**
     * Writes what the engine sent, until the reader goes away ({@code dovs info | head}): then, as an embedded
     * command's PrintStream does, drops the rest and keeps going to the exit code.
     */
    private static boolean copy(OutputStream to, byte[] bytes, boolean open) {
        if (open) {
            try {
                to.write(bytes);
                return true;
            } catch (IOException e) {
                return false;
            }
        }
        return false;
    }

    /** One line: the engine went away before the exit code (killed, crashed); the next command starts one. */
    private static int lost(OutputStream stderr, Path stateDir, String detail) {
        String pid = Daemon.pid(stateDir).map(p -> " (pid " + p + ")").orElse("");
        try {
            stderr.write(("dovs: error: the engine" + pid + " stopped during the command"
                    + (detail == null ? "" : ": " + detail) + "; see " + Daemon.logFile(stateDir)
                    + " (the next command starts a new engine)\n").getBytes(StandardCharsets.UTF_8));
            stderr.flush();
        } catch (IOException ignored) {
            // stderr closed: the exit code still tells
        }
        return ENGINE_LOST;
    }

    /** {@link #connect} on a thread of its own; {@link #channel} waits for it. A class, not a lambda: see pom.xml. */
    static final class EarlyConnect extends Thread {
        private final Path socket;
        private SocketChannel channel;

        EarlyConnect(Path socket) {
            super("dovs-connect");
            setDaemon(true);
            this.socket = socket;
        }

        @Override
        public void run() {
            channel = connect(socket);
        }

        /** The connected channel, or null as {@link #connect} returns it, once the thread has ended. */
        SocketChannel channel() {
            while (true) {
                try {
                    join();
                    return channel;
                } catch (InterruptedException e) {
                    // nothing interrupts this client's main thread; keep waiting for the connect's bounded outcome
                }
            }
        }
    }

    static SocketChannel connect(Path socket) {
        SocketChannel ch = null;
        try {
            ch = SocketChannel.open(StandardProtocolFamily.UNIX);
            ch.connect(UnixDomainSocketAddress.of(socket));
            return ch;
        } catch (IOException | UnsupportedOperationException e) {
            if (ch != null) {
                try {
                    ch.close();
                } catch (IOException ignored) {
                    // nothing to release
                }
            }
            return null;
        }
    }

    /** Spawns {@code dovs engine --background}; true once its socket answers. */
    private static boolean startEngine(Path stateDir, Path socket) {
        String launcher = System.getenv("DOVS_LAUNCHER");
        if (launcher == null) {
            return false;
        }
        Process p;
        try {
            p = Daemon.spawn(stateDir, launcher);
        } catch (IOException e) {
            return false;
        }
        long deadline = System.nanoTime() + START_TIMEOUT_MS * 1_000_000;
        long sleep = 2;
        while (System.nanoTime() < deadline) {
            SocketChannel ch = connect(socket);
            if (ch != null) {
                try {
                    ch.close();
                } catch (IOException ignored) {
                    // probe only
                }
                return true;
            }
            if (!p.isAlive() && p.exitValue() != 0) {
                return false; // exit 0: another client's engine won the race; wait for its socket
            }
            try {
                Thread.sleep(sleep);
            } catch (InterruptedException e) {
                return false;
            }
            sleep = Math.min(20, sleep * 2);
        }
        return false;
    }

    /** Waits (at most 10 s) until the process has exited: no /proc entry, or a zombie. */
    static void awaitExit(long pid) {
        Path stat = Path.of("/proc", Long.toString(pid), "stat");
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (System.nanoTime() < deadline) {
            try {
                String s = Files.readString(stat);
                int end = s.lastIndexOf(')');
                if (end < 0 || end + 2 >= s.length() || s.charAt(end + 2) == 'Z') {
                    return;
                }
                Thread.sleep(5);
            } catch (IOException e) {
                return; // gone
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    /** After a MISMATCH the engine of the other build unlinks its socket; wait (bounded) for that. */
    private static void waitGone(Path socket) {
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (Files.exists(socket) && System.nanoTime() < deadline) {
            try {
                Thread.sleep(5);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    /** Runs the command in a child JVM with today's embedded engine, on this terminal, and returns its exit code. */
    private static int embedded(List<String> argv, String warning) {
        String launcher = System.getenv("DOVS_LAUNCHER");
        if (launcher == null) {
            System.err.println("dovs: error: no engine runs and DOVS_LAUNCHER is not set: run dovs through its "
                    + "launcher");
            return ENVIRONMENT;
        }
        if (warning != null) {
            System.err.println("dovs: warning: " + warning);
        }
        List<String> cmd = new ArrayList<>(List.of(launcher));
        cmd.addAll(argv);
        ProcessBuilder pb = new ProcessBuilder(cmd).inheritIO();
        pb.environment().put("DOVS_NO_DAEMON", "1");
        try {
            Process p = pb.start();
            while (true) {
                try {
                    return p.waitFor();
                } catch (InterruptedException e) {
                    // keep waiting: Ctrl-C reaches the child through the terminal's process group
                }
            }
        } catch (IOException e) {
            System.err.println("dovs: error: cannot run " + launcher + ": " + e.getMessage());
            return ENVIRONMENT;
        }
    }

    /** The environment a command may read: dovs' own variables (ODL credentials included) and colour hints. */
    static Map<String, String> environment() {
        Map<String, String> env = new TreeMap<>();
        for (Map.Entry<String, String> e : System.getenv().entrySet()) {
            String k = e.getKey();
            if (k.startsWith("DOVS_") || k.equals("NO_COLOR") || k.startsWith("CLICOLOR") || k.equals("TERM")) {
                env.put(k, e.getValue());
            }
        }
        return env;
    }

    /** This process's id, without ProcessHandle (whose first use starts a thread pool). */
    static long pid() {
        try {
            return Long.parseLong(Files.readSymbolicLink(Path.of("/proc/self")).toString());
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    /** The state dir the command names: the last --state-dir, else the environment's, else the default. */
    static String stateDir(List<String> argv, String env) {
        return Daemon.stateDir(argv, env);
    }

    /** Commands that use the process's own stdin, terminal or stdout, or files: never through the engine. */
    static boolean inProcess(String sub) {
        return "exec".equals(sub) || "graph".equals(sub) || "plan".equals(sub) || "apply".equals(sub)
                || "export".equals(sub);
    }

    /** The words that are not options, skipping the values of the global options that take one. */
    static List<String> positional(List<String> argv) {
        List<String> words = new ArrayList<>();
        for (int i = 0; i < argv.size(); i++) {
            String a = argv.get(i);
            if (a.equals("--lab") || a.equals("--state-dir")) {
                i++;
            } else if (!a.startsWith("-")) {
                words.add(a);
            }
        }
        return words;
    }
}
