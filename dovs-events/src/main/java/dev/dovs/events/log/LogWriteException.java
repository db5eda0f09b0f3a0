package dev.dovs.events.log;

import java.nio.file.Path;

/**
 * The lab's log could not be written: its file system is full, read-only, or failed. Nothing of the entry that
 * failed counts: either nothing was written, or a partial entry was left that readers skip (an
 * {@code <unreadable>} or {@code <unparsable>} {@link dev.dovs.events.UnknownEvent}).
 */
public final class LogWriteException extends RuntimeException {

    /** Why the write failed. */
    public enum Kind {
        /** Less free space than {@link LogSpace#MIN_FREE_BYTES} (the guard), or ENOSPC while writing. */
        NO_SPACE,
        /** The state directory is on a read-only file system or not writable by this user: a missing prerequisite. */
        READ_ONLY,
        /** Any other I/O failure (EIO, a file that went away). */
        IO
    }

    private final Kind kind;

    public LogWriteException(Kind kind, String message, Throwable cause) {
        super(message, cause);
        this.kind = kind;
    }

    public Kind kind() {
        return kind;
    }

    static LogWriteException noSpace(Path dir, long free) {
        return new LogWriteException(Kind.NO_SPACE, "no space left on device in the lab's state dir " + dir + " ("
                + free / 1024 + " KiB free, the log needs " + LogSpace.MIN_FREE_BYTES / 1024
                + " KiB): free some space and run the command again", null);
    }

    static LogWriteException readOnly(Path dir) {
        return new LogWriteException(Kind.READ_ONLY, "the lab's state dir " + dir + " is read-only: dovs needs "
                + "to write the lab's log there (use a writable --state-dir)", null);
    }

    static LogWriteException io(Path dir, Throwable cause) {
        String why = cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage();
        return new LogWriteException(Kind.IO, "I/O error writing the lab's log in " + dir + ": "
                + why.lines().findFirst().orElse(why), cause);
    }
}
