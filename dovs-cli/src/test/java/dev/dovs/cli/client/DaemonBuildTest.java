package dev.dovs.cli.client;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The build identity the client and the engine compare: read from the one jar, else through the class loader. */
class DaemonBuildTest {

    private static String resource() throws IOException {
        try (InputStream in = Daemon.class.getResourceAsStream("build.txt")) {
            assertTrue(in != null, "build.txt is on the test class path");
            return Wire.VERSION + " " + new String(in.readAllBytes(), StandardCharsets.UTF_8).strip();
        }
    }

    private static Path jar(Path dir, String entry, String content) throws IOException {
        Path jar = dir.resolve("client.jar");
        try (OutputStream out = Files.newOutputStream(jar); ZipOutputStream zip = new ZipOutputStream(out)) {
            zip.putNextEntry(new ZipEntry(entry));
            zip.write(content.getBytes(StandardCharsets.UTF_8));
            zip.closeEntry();
        }
        return jar;
    }

    @Test
    void a_single_jar_class_path_is_read_directly(@TempDir Path dir) throws IOException {
        Path jar = jar(dir, "dev/dovs/cli/client/build.txt", "1.2.3 2026-11-30T12:00:00Z\n");
        assertEquals(Wire.VERSION + " 1.2.3 2026-11-30T12:00:00Z", Daemon.build(jar.toString()));
    }

    @Test
    void a_jar_without_the_entry_a_directory_or_several_entries_read_through_the_class_loader(@TempDir Path dir)
            throws IOException {
        Path jar = jar(dir, "other.txt", "x");
        assertEquals(resource(), Daemon.build(jar.toString()));
        assertEquals(resource(), Daemon.build(dir.toString()));
        assertEquals(resource(), Daemon.build(jar + java.io.File.pathSeparator + dir));
        assertEquals(resource(), Daemon.build(dir.resolve("missing.jar").toString()));
        assertEquals(resource(), Daemon.build());
    }
}
