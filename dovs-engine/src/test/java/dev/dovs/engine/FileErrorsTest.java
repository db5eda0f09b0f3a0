package dev.dovs.engine;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** One rule for a file the user named that cannot be read or written: "PATH: reason", no class names. */
class FileErrorsTest {
    private static final Path P = Path.of("/nonexistent/x.yaml");

    @Test
    void each_kind_of_failure_reads_as_path_colon_reason() {
        assertEquals("/nonexistent/x.yaml: no such file or directory",
                FileErrors.describe(P, new NoSuchFileException(P.toString())));
        assertEquals("/nonexistent/x.yaml: permission denied",
                FileErrors.describe(P, new AccessDeniedException(P.toString())));
        assertEquals("/nonexistent/x.yaml: read-only file system",
                FileErrors.describe(P, new FileSystemException(P.toString(), null, "Read-only file system")));
        assertEquals("/nonexistent/x.yaml: input/output error",
                FileErrors.describe(P, new IOException("Input/output error")));
    }

    @Test
    void the_error_is_invalid_input() {
        DovsException e = FileErrors.error(P, new NoSuchFileException(P.toString()));
        assertEquals(DovsException.INVALID, e.exitCode());
        assertEquals("/nonexistent/x.yaml: no such file or directory", e.getMessage());
    }
}
