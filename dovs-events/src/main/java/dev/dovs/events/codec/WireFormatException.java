package dev.dovs.events.codec;

/** A log entry that cannot be decoded as the type it claims to be. */
public class WireFormatException extends RuntimeException {
    public WireFormatException(String message) {
        super(message);
    }

    public WireFormatException(String message, Throwable cause) {
        super(message, cause);
    }
}
