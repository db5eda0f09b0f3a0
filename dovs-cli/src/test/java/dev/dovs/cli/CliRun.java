package dev.dovs.cli;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * One in-process run of the CLI through its real entry point {@link Dovs#execute}, with what it printed. It swaps
 * {@code System.out}/{@code System.err} while it runs: for tests that run one command at a time.
 */
record CliRun(int code, String out, String err) {

    List<String> errLines() {
        return err.lines().filter(l -> !l.isBlank()).toList();
    }

    /** A run in lab {@code t} of a state dir under {@code dir} (a test's temporary directory). */
    static CliRun inLab(java.nio.file.Path dir, String... args) {
        List<String> all = new java.util.ArrayList<>(List.of("--state-dir", dir.resolve("state").toString(), "--lab",
                "t"));
        all.addAll(List.of(args));
        return of(all);
    }

    static CliRun of(List<String> args) {
        PrintStream oldOut = System.out;
        PrintStream oldErr = System.err;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code;
        try {
            System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
            code = Dovs.execute(args.toArray(String[]::new));
        } finally {
            System.out.flush();
            System.err.flush();
            System.setOut(oldOut);
            System.setErr(oldErr);
        }
        return new CliRun(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }
}
