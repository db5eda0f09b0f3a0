package dev.dovs.engine;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * The one rule that turns a failed read or write of a file the user named into a CLI error: {@code PATH: reason},
 * without exception class names or a bare path. Used wherever dovs reads or writes such a file (topology files,
 * {@code -o FILE}, {@code replay --from}, password files).
 */
public final class FileErrors {
    private FileErrors() {
    }

    /**
     * The reason, in the words of strerror(3) lower-cased: {@link NoSuchFileException} is "no such file or directory",
     * {@link AccessDeniedException} "permission denied", another {@link FileSystemException} its reason (e.g. "is a
     * directory"), any other {@link IOException} its message (e.g. "input/output error").
     */
    public static String reason(IOException e) {
        String reason;
        if (e instanceof NoSuchFileException) {
            reason = "no such file or directory";
        } else if (e instanceof AccessDeniedException) {
            reason = "permission denied";
        } else if (e instanceof FileSystemException f && f.getReason() != null) {
            reason = f.getReason();
        } else {
            reason = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        }
        return reason.isEmpty() ? reason : Character.toLowerCase(reason.charAt(0)) + reason.substring(1);
    }

    /** {@code PATH: reason}. */
    public static String describe(Path path, IOException e) {
        return path + ": " + reason(e);
    }

    /** The error to throw: invalid input (exit 2), since the user named the file, with {@link #describe}. */
    public static DovsException error(Path path, IOException e) {
        return new DovsException(DovsException.INVALID, describe(path, e), e);
    }

    /** As {@link #error(Path, IOException)}, for an {@link UncheckedIOException} thrown while reading {@code path}. */
    public static DovsException error(Path path, UncheckedIOException e) {
        return error(path, e.getCause());
    }
}
