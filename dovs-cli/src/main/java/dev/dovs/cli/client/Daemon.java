package dev.dovs.cli.client;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
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
     * This build's identity: the protocol version, the version and the build time, from a resource that the
     * thin client's jar and the engine's jar both carry. A rebuilt dovs never talks to an engine of the previous one.
     */
    public static String build() {
        try (InputStream in = Daemon.class.getResourceAsStream("build.txt")) {
            return Wire.VERSION + " " + (in == null ? "unknown" : new String(in.readAllBytes(),
                    StandardCharsets.UTF_8).strip());
        } catch (IOException e) {
            return Wire.VERSION + " unknown";
        }
    }
}
