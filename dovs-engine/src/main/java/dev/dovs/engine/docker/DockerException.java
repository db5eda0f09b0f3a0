package dev.dovs.engine.docker;

/** A failed Engine API call, with docker's own message. {@code status} is the HTTP status, or 0 when none. */
public class DockerException extends RuntimeException {
    private final int status;

    public DockerException(int status, String message) {
        super(message);
        this.status = status;
    }

    public int status() {
        return status;
    }

    public boolean notFound() {
        return status == 404;
    }
}
