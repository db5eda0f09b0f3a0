package dev.dovs.engine;

import dev.dovs.events.model.LabNaming;

import java.nio.file.Path;

/** Where a lab keeps its log and its engine lock: {@code <state root>/<lab>}, default root /var/lib/dovs. */
public record LabHome(Path root, LabNaming naming) {
    public static final Path DEFAULT_ROOT = Path.of("/var/lib/dovs");

    public Path dir() {
        return root.resolve(naming.lab());
    }

    public Path logDir() {
        return dir().resolve("log");
    }

    public Path lockFile() {
        return dir().resolve("engine.lock");
    }

    public boolean exists() {
        return java.nio.file.Files.isDirectory(logDir());
    }
}
