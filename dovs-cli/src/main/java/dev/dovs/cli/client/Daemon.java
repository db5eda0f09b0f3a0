package dev.dovs.cli.client;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.CodeSource;
import java.util.Optional;

/**
 * Where the background engine of a state dir lives, shared by the thin client and the engine (JDK classes only):
 * {@code <state-dir>/engine.d/} (mode 0700, not a valid lab name) holds {@code engine.sock} (mode 0600),
 * {@code engine.lock} (the engine's pid, under an OS lock held while it runs) and {@code engine.log}.
 */
public final class Daemon {
    private Daemon() {
    }

    public static Path dir(Path stateDir) {
        return stateDir.resolve("engine.d");
    }

    public static Path socket(Path stateDir) {
        return dir(stateDir).resolve("engine.sock");
    }

    public static Path lockFile(Path stateDir) {
        return dir(stateDir).resolve("engine.lock");
    }

    public static Path logFile(Path stateDir) {
        return dir(stateDir).resolve("engine.log");
    }

    /** The pid the running (or last) engine wrote, if any. */
    public static Optional<Long> pid(Path stateDir) {
        try {
            String s = Files.readString(lockFile(stateDir)).strip();
            return s.isEmpty() ? Optional.empty() : Optional.of(Long.parseLong(s));
        } catch (IOException | NumberFormatException e) {
            return Optional.empty();
        }
    }

    /**
     * This build's identity: the protocol version and the jar (path, size, modification time), so that a rebuilt
     * or reinstalled dovs never talks to an engine started from the previous jar.
     */
    public static String build() {
        String where = "unknown";
        try {
            CodeSource src = Daemon.class.getProtectionDomain().getCodeSource();
            if (src != null) {
                Path p = Path.of(src.getLocation().toURI());
                where = p + ":" + Files.size(p) + ":" + Files.getLastModifiedTime(p).toMillis();
            }
        } catch (IOException | URISyntaxException | RuntimeException e) {
            // an unreadable jar: its path alone identifies it
        }
        return Wire.VERSION + ":" + where;
    }
}
