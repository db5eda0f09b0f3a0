package dev.dovs.engine.exec;

import java.util.List;

/** A host command that failed, with a one-line message: the command and the first line of what it said. */
public class CommandException extends RuntimeException {
    private final List<String> argv;
    private final int exitCode;
    private final String stderr;

    public CommandException(List<String> argv, String message) {
        this(argv, message, -1, "");
    }

    private CommandException(List<String> argv, String message, int exitCode, String stderr) {
        super(message);
        this.argv = List.copyOf(argv);
        this.exitCode = exitCode;
        this.stderr = stderr;
    }

    public static CommandException of(ProcessRunner.Result r) {
        String said = firstLine(r.stderr().isBlank() ? r.stdout() : r.stderr());
        String msg = String.join(" ", r.argv()) + " failed (exit " + r.exitCode() + ")"
                + (said.isEmpty() ? "" : ": " + said);
        return new CommandException(r.argv(), msg, r.exitCode(), r.stderr());
    }

    public List<String> argv() {
        return argv;
    }

    public int exitCode() {
        return exitCode;
    }

    public String stderr() {
        return stderr;
    }

    static String firstLine(String s) {
        return s.strip().lines().findFirst().orElse("").strip();
    }
}
