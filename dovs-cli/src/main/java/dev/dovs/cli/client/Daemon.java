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
     * Starts {@code dovs engine --background} for the state dir through the launcher, in a session of its own (no
     * controlling terminal: Ctrl-C in the user's shell never reaches it), output appended to {@link #logFile}, and
     * without the command's ODL credentials or lab in its environment. Does not wait.
     */
    public static Process spawn(Path stateDir, String launcher) throws IOException {
        Path dir = dir(stateDir);
        if (!Files.isDirectory(dir)) {
            Files.createDirectories(dir, java.nio.file.attribute.PosixFilePermissions.asFileAttribute(
                    java.nio.file.attribute.PosixFilePermissions.fromString("rwx------")));
        }
        java.util.List<String> cmd = new java.util.ArrayList<>();
        if (Files.isExecutable(Path.of("/usr/bin/setsid"))) {
            cmd.add("/usr/bin/setsid");
        }
        cmd.addAll(java.util.List.of(launcher, "--state-dir", stateDir.toString(), "engine", "--background"));
        ProcessBuilder pb = new ProcessBuilder(cmd)
                .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()))
                .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile(stateDir).toFile()))
                .redirectErrorStream(true);
        java.util.Map<String, String> env = pb.environment();
        env.put("DOVS_NO_DAEMON", "1");
        // The same variables the launcher leaves out when it starts the engine after an in-process command.
        env.keySet().removeIf(k -> k.startsWith("DOVS_ODL_") || k.equals("DOVS_LAB"));
        return pb.start();
    }

    /** The state dir a command names: the last --state-dir, else the environment's, else the default. */
    public static String stateDir(java.util.List<String> argv, String env) {
        String d = env == null || env.isEmpty() ? "/var/lib/dovs" : env;
        for (int i = 0; i < argv.size(); i++) {
            String a = argv.get(i);
            if (a.equals("--")) {
                break;
            }
            if (a.equals("--state-dir") && i + 1 < argv.size()) {
                d = argv.get(++i);
            } else if (a.startsWith("--state-dir=")) {
                d = a.substring("--state-dir=".length());
            }
        }
        return d;
    }

    /**
     * This build's identity: the protocol version, the version and the build time, from a resource that the
     * thin client's jar and the engine's jar both carry. A rebuilt dovs never talks to an engine of the previous one.
     */
    public static String build() {
        return build(System.getProperty("java.class.path", ""));
    }

    /**
     * {@link #build()} for a class path. The thin client runs from one jar: the entry is read from it directly (the
     * class loader's lookup first searches the JDK's modules and goes through jar: URLs, a few milliseconds of the
     * client's start). Any other class path, or a jar without the entry: through the class loader.
     */
    static String build(String cp) {
        if (cp.endsWith(".jar") && cp.indexOf(java.io.File.pathSeparatorChar) < 0) {
            try (java.util.zip.ZipFile jar = new java.util.zip.ZipFile(cp)) {
                java.util.zip.ZipEntry e = jar.getEntry("dev/dovs/cli/client/build.txt");
                if (e != null) {
                    try (InputStream in = jar.getInputStream(e)) {
                        return Wire.VERSION + " " + new String(in.readAllBytes(), StandardCharsets.UTF_8).strip();
                    }
                }
            } catch (IOException e) {
                // read it through the class loader below
            }
        }
        try (InputStream in = Daemon.class.getResourceAsStream("build.txt")) {
            return Wire.VERSION + " " + (in == null ? "unknown" : new String(in.readAllBytes(),
                    StandardCharsets.UTF_8).strip());
        } catch (IOException e) {
            return Wire.VERSION + " unknown";
        }
    }
}
