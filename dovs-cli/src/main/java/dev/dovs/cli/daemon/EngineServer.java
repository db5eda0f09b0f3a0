package dev.dovs.cli.daemon;

import dev.dovs.cli.client.Daemon;
import dev.dovs.cli.client.Wire;
import jdk.net.ExtendedSocketOptions;
import jdk.net.UnixDomainPrincipal;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipal;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import java.util.function.Predicate;

/**
 * The listening side of the background engine: one Unix domain socket per state dir ({@link Daemon}), mode 0600 in
 * a directory of mode 0700, and one OS lock so that a single engine serves a state dir. Each accepted connection
 * is first checked with {@code SO_PEERCRED}: a peer that is not root or the socket's owner gets {@link Wire#REFUSED}
 * before a byte of it is read. Then one thread runs its command, which streams its output as frames; a client that
 * goes away (Ctrl-C) interrupts it.
 *
 * <p>It stops on {@link #stop()} ({@code dovs engine stop}, SIGTERM), after {@code idle} with no connection and no
 * intent in progress, or, when a client of another build connects, retires: it unlinks its socket and releases its
 * lock at once so that the client can start an engine of its own build, and exits when its last command ends.
 */
public final class EngineServer {
    /** Runs one command; its output goes to {@code out} and {@code err}; returns the exit code. */
    public interface Runner {
        int run(Wire.Request request, OutputStream out, OutputStream err) throws Exception;
    }

    private final Path stateDir;
    private final Path socket;
    /** The socket file this engine bound (its file key), to see it removed with the state dir. */
    private final Object socketKey;
    private final FileChannel lockChannel;
    private final FileLock lock;
    private final ServerSocketChannel server;
    private final Runner runner;
    private final Predicate<UnixDomainPrincipal> allowed;
    private final Duration idle;
    private final BooleanSupplier busy;
    private final String build;
    private final Set<Thread> running = ConcurrentHashMap.newKeySet();
    private final AtomicInteger connections = new AtomicInteger();
    private final ThreadPoolExecutor pool;
    private final CountDownLatch stopped = new CountDownLatch(1);
    private final long startedNanos = System.nanoTime();
    private volatile long lastActivity = System.nanoTime();
    private volatile boolean retiring;
    private volatile boolean stopping;
    private static final Duration GC_AFTER = Duration.ofSeconds(3);
    private final boolean trace = System.getenv("DOVS_ENGINE_TRACE") != null;

    private EngineServer(Path stateDir, FileChannel lockChannel, FileLock lock, ServerSocketChannel server,
                         Runner runner, Predicate<UnixDomainPrincipal> allowed, Duration idle, BooleanSupplier busy,
                         String build) {
        this.stateDir = stateDir;
        this.socket = Daemon.socket(stateDir);
        this.socketKey = fileKey(socket);
        this.lockChannel = lockChannel;
        this.lock = lock;
        this.server = server;
        this.runner = runner;
        this.allowed = allowed;
        this.idle = idle;
        this.busy = busy;
        this.build = build;
        // Core threads stay: each keeps its Chronicle appender, so a busy day does not pile up appenders.
        this.pool = new ThreadPoolExecutor(4, Integer.MAX_VALUE, 60, TimeUnit.SECONDS, new LinkedBlockingQueue<>(),
                r -> {
                    Thread t = new Thread(r, "dovs-client");
                    t.setDaemon(true);
                    return t;
                }) {
            @Override
            public void execute(Runnable command) {
                // unbounded concurrency: never queue a client behind a long one (log -f)
                if (getActiveCount() >= getCorePoolSize()) {
                    Thread t = new Thread(command, "dovs-client");
                    t.setDaemon(true);
                    t.start();
                } else {
                    super.execute(command);
                }
            }
        };
    }

    /**
     * Binds the state dir's socket, or returns empty when another engine already serves it (holds the lock). A
     * socket file left by a dead engine is replaced. {@code idle}: zero for never.
     */
    public static Optional<EngineServer> bind(Path stateDir, Runner runner, Predicate<UnixDomainPrincipal> allowed,
                                              Duration idle, BooleanSupplier busy) throws IOException {
        Path dir = Daemon.dir(stateDir);
        Files.createDirectories(dir, PosixFilePermissions.asFileAttribute(
                PosixFilePermissions.fromString("rwx------")));
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
        FileChannel ch = FileChannel.open(Daemon.lockFile(stateDir), StandardOpenOption.CREATE,
                StandardOpenOption.WRITE, StandardOpenOption.READ);
        FileLock l;
        try {
            l = ch.tryLock();
        } catch (OverlappingFileLockException e) {
            l = null;
        }
        if (l == null) {
            ch.close();
            return Optional.empty();
        }
        ch.truncate(0);
        ch.write(ByteBuffer.wrap((ProcessHandle.current().pid() + "\n").getBytes(StandardCharsets.US_ASCII)));
        Path socket = Daemon.socket(stateDir);
        Files.deleteIfExists(socket); // stale: its engine is dead, since we hold the lock
        ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        server.bind(UnixDomainSocketAddress.of(socket));
        Files.setPosixFilePermissions(socket, PosixFilePermissions.fromString("rw-------"));
        EngineServer s = new EngineServer(stateDir, ch, l, server, runner, allowed, idle, busy, Daemon.build());
        Thread accept = new Thread(s::acceptLoop, "dovs-accept");
        accept.setDaemon(true);
        accept.start();
        Thread watch = new Thread(s::idleLoop, "dovs-idle");
        watch.setDaemon(true);
        watch.start();
        return Optional.of(s);
    }

    /** Root, or the user that owns the socket: the engine's own user. */
    public static Predicate<UnixDomainPrincipal> rootOrOwner(Path stateDir) throws IOException {
        UserPrincipal owner = stateDir.getFileSystem().getUserPrincipalLookupService()
                .lookupPrincipalByName(System.getProperty("user.name"));
        UserPrincipal root = stateDir.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName("root");
        return p -> p.user().equals(root) || p.user().equals(owner);
    }

    public Path socket() {
        return socket;
    }

    public Duration uptime() {
        return Duration.ofNanos(System.nanoTime() - startedNanos);
    }

    public Duration idleTimeout() {
        return idle;
    }

    /** Connections being served, this one included when asked from a command. */
    public int connections() {
        return connections.get();
    }

    /** Blocks until the engine stopped accepting and its last command ended. */
    public void awaitStopped() throws InterruptedException {
        stopped.await();
    }

    /** Stops accepting, interrupts the commands in progress, and returns once they ended (at most 10 s). */
    public void stop() {
        stopping = true;
        unbind();
        running.forEach(Thread::interrupt);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (connections.get() > 0 && System.nanoTime() < deadline) {
            sleep(10);
        }
        stopped.countDown();
    }

    /**
     * For {@code engine stop}, from its own command: stops accepting, interrupts the other commands and waits for
     * them (at most 10 s); the engine stops once this command has answered.
     */
    public void stopOthers() {
        stopping = true;
        unbind();
        Thread self = Thread.currentThread();
        running.stream().filter(t -> t != self).forEach(Thread::interrupt);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (connections.get() > 1 && System.nanoTime() < deadline) {
            sleep(10);
        }
    }

    private synchronized void unbind() {
        if (!server.isOpen()) {
            return;
        }
        try {
            server.close();
            Files.deleteIfExists(socket); // still ours: we hold the lock until just below
        } catch (IOException ignored) {
            // nothing more to release
        }
        try {
            lock.release();
            lockChannel.close();
        } catch (IOException ignored) {
            // the kernel releases it at exit anyway
        }
    }

    private void acceptLoop() {
        while (true) {
            SocketChannel ch;
            try {
                ch = server.accept();
            } catch (ClosedChannelException e) {
                return;
            } catch (IOException e) {
                if (!server.isOpen()) {
                    return;
                }
                continue;
            }
            connections.incrementAndGet();
            lastActivity = System.nanoTime();
            pool.execute(() -> serve(ch));
        }
    }

    private void serve(SocketChannel ch) {
        Thread self = Thread.currentThread();
        try (ch) {
            OutputStream out = Wire.out(ch);
            UnixDomainPrincipal peer = ch.getOption(ExtendedSocketOptions.SO_PEERCRED);
            if (!allowed.test(peer)) {
                Wire.write(out, Wire.REFUSED, ("the engine at " + socket + " refuses user "
                        + peer.user().getName() + ": only root or the engine's owner may drive it")
                        .getBytes(StandardCharsets.UTF_8));
                return;
            }
            InputStream in = Wire.in(ch);
            Wire.Frame hello = Wire.read(in);
            if (hello == null) {
                return; // a probe (a client waiting for the socket)
            }
            if (hello.kind() == Wire.STOP) {
                stopping = true;
                unbind();
                running.forEach(Thread::interrupt);
                Wire.writeExit(out, 0);
                return;
            }
            if (hello.kind() != Wire.HELLO) {
                throw new Wire.ProtocolException("expected a hello");
            }
            String theirs = Wire.Request.build(hello.payload());
            if (!theirs.equals(Wire.VERSION + "/" + build)) {
                retire();
                Wire.write(out, Wire.MISMATCH, (build + " pid " + ProcessHandle.current().pid())
                        .getBytes(StandardCharsets.UTF_8));
                return;
            }
            Wire.Request request = Wire.Request.decode(hello.payload());
            FrameStream stdout = new FrameStream(out, Wire.STDOUT);
            FrameStream stderr = new FrameStream(out, Wire.STDERR);
            // A client that goes away (Ctrl-C, killed) ends its command: its input reaches end of stream. Only while
            // that command runs: this pooled thread may serve the next client by the time the socket closes.
            boolean[] finished = {false};
            Thread watcher = new Thread(() -> {
                try {
                    while (in.read() >= 0) {
                        // the client sends nothing after its hello
                    }
                } catch (IOException ignored) {
                    // closed
                }
                synchronized (finished) {
                    if (!finished[0]) {
                        stdout.broken = true;
                        self.interrupt();
                    }
                }
            }, "dovs-client-watch");
            watcher.setDaemon(true);
            running.add(self);
            watcher.start();
            int code;
            long t0 = System.nanoTime();
            try {
                code = runner.run(request, stdout, stderr);
            } finally {
                synchronized (finished) {
                    finished[0] = true;
                }
                running.remove(self);
                Thread.interrupted(); // an interrupt meant for the command must not break the answer's writes
            }
            if (trace) { // the command word only: arguments may hold a password
                System.err.printf("dovs: pid %d: %s: exit %d in %d ms%n", request.pid(), request.argv().stream()
                        .filter(a -> !a.startsWith("-")).findFirst().orElse("-"), code,
                        (System.nanoTime() - t0) / 1_000_000);
            }
            stdout.flush();
            stderr.flush();
            synchronized (out) {
                Wire.writeExit(out, code);
            }
        } catch (IOException e) {
            // a client gone mid-answer, or a protocol error: nothing to tell it
        } catch (Throwable e) { // the engine's log is the only place to tell
            System.err.println("dovs: engine: a command failed outside its error handling:");
            e.printStackTrace();
        } finally {
            Thread.interrupted(); // a pooled thread starts its next client clean
            connections.decrementAndGet();
            lastActivity = System.nanoTime();
            if ((retiring || stopping) && connections.get() == 0) {
                stopped.countDown();
            }
        }
    }

    /** Another build's client is here: let it start its own engine; exit once the commands in progress end. */
    private void retire() {
        retiring = true;
        unbind();
    }

    /**
     * Stops the engine after {@code idle} without a client and without an intent in progress; and, a few seconds into
     * any quiet spell, collects garbage once, so that an idle engine gives its heap back (the launcher sets the free
     * ratios that make the heap shrink).
     */
    private void idleLoop() {
        long collectedAt = 0;
        while (!stopping && !retiring) {
            sleep(idle.isZero() ? 1000 : Math.min(1000, Math.max(50, idle.toMillis() / 4)));
            if (stopping || retiring) {
                return;
            }
            if (socketLost()) {
                // The state dir (or just the socket) was removed: no client can reach this engine any more, and
                // what it holds open belongs to nobody. Stop rather than idle on as a leftover.
                System.err.println("dovs: engine socket " + socket + " is gone: stopping");
                stop();
                return;
            }
            long quiet = System.nanoTime() - lastActivity;
            if (connections.get() == 0 && quiet >= GC_AFTER.toNanos() && collectedAt != lastActivity) {
                collectedAt = lastActivity;
                System.gc();
            }
            if (!idle.isZero() && connections.get() == 0 && quiet >= idle.toNanos()) {
                if (!busy.getAsBoolean()) {
                    System.err.println("dovs: engine idle for " + (idle.toMillis() % 1000 == 0
                            ? idle.toSeconds() + " s" : idle.toMillis() + " ms") + ": stopping");
                    stop();
                    return;
                }
                lastActivity = System.nanoTime(); // an intent runs: look again after another idle period
            }
        }
    }

    /**
     * True when the socket this engine bound is no longer at its path, while the engine still serves on it (not
     * after {@link #unbind()}, which removes it itself: synchronized with it).
     */
    private synchronized boolean socketLost() {
        return socketKey != null && server.isOpen() && !socketKey.equals(fileKey(socket));
    }

    private static Object fileKey(Path p) {
        try {
            return Files.readAttributes(p, java.nio.file.attribute.BasicFileAttributes.class,
                    java.nio.file.LinkOption.NOFOLLOW_LINKS).fileKey();
        } catch (IOException e) {
            return null;
        }
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Buffers a command's writes and sends them as frames of one kind when flushed (or when the buffer fills). */
    private static final class FrameStream extends OutputStream {
        private final OutputStream out;
        private final byte kind;
        private final byte[] buf = new byte[8192];
        private int n;
        volatile boolean broken;

        FrameStream(OutputStream out, byte kind) {
            this.out = out;
            this.kind = kind;
        }

        @Override
        public synchronized void write(int b) throws IOException {
            if (n == buf.length) {
                flush();
            }
            buf[n++] = (byte) b;
        }

        @Override
        public synchronized void write(byte[] b, int off, int len) throws IOException {
            while (len > 0) {
                if (n == buf.length) {
                    flush();
                }
                int k = Math.min(len, buf.length - n);
                System.arraycopy(b, off, buf, n, k);
                n += k;
                off += k;
                len -= k;
            }
        }

        @Override
        public synchronized void flush() {
            if (n == 0) {
                return;
            }
            try {
                if (!broken) {
                    synchronized (out) {
                        Wire.write(out, kind, buf, 0, n);
                    }
                }
            } catch (IOException e) {
                broken = true; // the client is gone: the command is interrupted, its output dropped
            }
            n = 0;
        }
    }
}
