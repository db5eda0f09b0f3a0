package dev.dovs.engine.exec;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Runs host tools (ip, ovs-vsctl, nsenter, ethtool) as argv lists: user input never goes through a shell.
 * Blocking; callers run it off the event loop. Every run has a timeout after which the process is killed.
 */
public class ProcessRunner {
    private final Duration defaultTimeout;

    public ProcessRunner(Duration defaultTimeout) {
        this.defaultTimeout = defaultTimeout;
    }

    public record Result(List<String> argv, int exitCode, String stdout, String stderr) {
        public boolean ok() {
            return exitCode == 0;
        }
    }

    public Result run(List<String> argv) {
        return run(argv, null, defaultTimeout);
    }

    public Result run(List<String> argv, String stdin) {
        return run(argv, stdin, defaultTimeout);
    }

    /** Runs and returns whatever the exit code; throws only when the process cannot start or times out. */
    public Result run(List<String> argv, String stdin, Duration timeout) {
        Process p;
        try {
            p = new ProcessBuilder(argv).redirectInput(stdin == null ? ProcessBuilder.Redirect.from(devNull())
                    : ProcessBuilder.Redirect.PIPE).start();
        } catch (IOException e) {
            throw new CommandException(argv, "cannot run " + argv.get(0) + ": " + e.getMessage());
        }
        CompletableFuture<String> out = drain(p.getInputStream());
        CompletableFuture<String> err = drain(p.getErrorStream());
        if (stdin != null) {
            try (OutputStream in = p.getOutputStream()) {
                in.write(stdin.getBytes(StandardCharsets.UTF_8));
            } catch (IOException e) {
                // the process may exit before reading everything; its exit code tells what happened
            }
        }
        try {
            if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                p.destroyForcibly();
                throw new CommandException(argv, "timed out after " + timeout.toMillis() + " ms: "
                        + String.join(" ", argv));
            }
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new CommandException(argv, "interrupted: " + String.join(" ", argv));
        }
        return new Result(argv, p.exitValue(), out.join(), err.join());
    }

    /**
     * Runs both at the same time ({@code second} on a thread of its own), each as {@link #check(List, String)}: for
     * two commands that do not depend on each other. Returns once both have ended; throws the first one's
     * {@link CommandException} when both failed.
     *
     * @param first  argv and its stdin (null: none)
     * @param second argv, no stdin
     */
    public void checkBoth(List<String> first, String stdin, List<String> second) {
        CompletableFuture<Result> other = CompletableFuture.supplyAsync(() -> run(second), ProcessRunner::startDaemon);
        RuntimeException failed = null;
        try {
            check(first, stdin);
        } catch (RuntimeException e) {
            failed = e;
        }
        Result r;
        try {
            r = other.join();
        } catch (java.util.concurrent.CompletionException e) {
            throw failed != null ? failed : e.getCause() instanceof RuntimeException re ? re : e;
        }
        if (failed != null) {
            throw failed;
        }
        if (!r.ok()) {
            throw CommandException.of(r);
        }
    }

    /** Runs and throws a one-line {@link CommandException} on a non-zero exit. */
    public Result check(List<String> argv) {
        return check(argv, null);
    }

    public Result check(List<String> argv, String stdin) {
        Result r = run(argv, stdin, defaultTimeout);
        if (!r.ok()) {
            throw CommandException.of(r);
        }
        return r;
    }

    private static java.io.File devNull() {
        return new java.io.File("/dev/null");
    }

    private static CompletableFuture<String> drain(InputStream in) {
        // Both pipes are drained concurrently so that a chatty process cannot block on a full pipe.
        return CompletableFuture.supplyAsync(() -> {
            try (in) {
                ByteArrayOutputStream buf = new ByteArrayOutputStream();
                in.transferTo(buf);
                return buf.toString(StandardCharsets.UTF_8);
            } catch (IOException e) {
                return "";
            }
        }, ProcessRunner::startDaemon);
    }

    private static void startDaemon(Runnable r) {
        Thread t = new Thread(r, "dovs-pipe");
        t.setDaemon(true);
        t.start();
    }
}
