package dev.dovs.cli;

import dev.dovs.engine.DovsException;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Checks on the machine the CLI runs on. */
final class Host {
    private Host() {
    }

    /** Containers, namespaces and OVS need root; fail before touching anything. */
    static void requireRoot() {
        if (!"0".equals(uid())) {
            throw new DovsException(DovsException.ENVIRONMENT,
                    "dovs must run as root (it manages containers, network namespaces and OVS)");
        }
    }

    /**
     * The user id the root check uses: the process's real one. A unit test replaces it to see what a user other than
     * root gets (a JVM cannot drop root and take it back).
     */
    static java.util.function.Supplier<String> uidSource = Host::processUid;

    static String uid() {
        return uidSource.get();
    }

    private static String processUid() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("Uid:")) {
                    return line.substring(4).strip().split("\\s+")[0];
                }
            }
        } catch (IOException ignored) {
            // not Linux: treated as non-root
        }
        return "?";
    }
}
