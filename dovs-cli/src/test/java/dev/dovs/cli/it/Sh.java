package dev.dovs.cli.it;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Runs a process for the integration tests (argv, no shell) and captures its output. */
final class Sh {
    record Result(int exit, String out, String err) {
        String all() {
            return out + err;
        }
    }

    private Sh() {
    }

    static Result run(Map<String, String> env, long timeoutSeconds, List<String> argv) {
        try {
            ProcessBuilder pb = new ProcessBuilder(argv);
            pb.environment().putAll(env);
            java.io.File outFile = java.io.File.createTempFile("it-out", ".txt");
            java.io.File errFile = java.io.File.createTempFile("it-err", ".txt");
            pb.redirectOutput(outFile).redirectError(errFile).redirectInput(ProcessBuilder.Redirect.from(
                    new java.io.File("/dev/null")));
            Process p = pb.start();
            if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
                p.destroyForcibly().waitFor();
                throw new AssertionError("timed out after " + timeoutSeconds + " s: " + argv);
            }
            String out = java.nio.file.Files.readString(outFile.toPath(), StandardCharsets.UTF_8);
            String err = java.nio.file.Files.readString(errFile.toPath(), StandardCharsets.UTF_8);
            outFile.delete();
            errFile.delete();
            return new Result(p.exitValue(), out, err);
        } catch (IOException e) {
            throw new AssertionError("cannot run " + argv + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    static Result run(String... argv) {
        return run(Map.of(), 120, List.of(argv));
    }

    static Process start(Map<String, String> env, List<String> argv, java.io.File log) throws IOException {
        ProcessBuilder pb = new ProcessBuilder(argv).redirectErrorStream(true).redirectOutput(log);
        pb.environment().putAll(env);
        return pb.start();
    }

    static List<String> lines(String s) {
        List<String> out = new ArrayList<>();
        s.lines().map(String::strip).filter(l -> !l.isEmpty()).forEach(out::add);
        return out;
    }
}
