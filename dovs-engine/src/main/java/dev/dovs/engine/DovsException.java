package dev.dovs.engine;

/** A failure the CLI reports as one line with a documented exit code (see docs/commands.md). */
public class DovsException extends RuntimeException {
    public static final int FAILED = 1;
    public static final int INVALID = 2;
    public static final int ENVIRONMENT = 3;
    public static final int TIMEOUT = 4;

    private final int exitCode;

    public DovsException(int exitCode, String message) {
        super(message);
        this.exitCode = exitCode;
    }

    public DovsException(int exitCode, String message, Throwable cause) {
        super(message, cause);
        this.exitCode = exitCode;
    }

    public int exitCode() {
        return exitCode;
    }
}
