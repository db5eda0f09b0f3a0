package dev.dovs.cli;

import dev.dovs.engine.Engine;
import dev.dovs.engine.LabClient;
import dev.dovs.engine.LabHome;
import dev.dovs.engine.docker.VertxDockerClient;
import dev.dovs.events.Intent;
import dev.dovs.events.model.LabNaming;
import io.vertx.core.Vertx;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * Run once by the launcher with -XX:ArchiveClassesAtExit to build the AppCDS archive: it loads the classes a
 * typical command needs (Chronicle, Jackson, Vert.x, picocli) without touching any lab.
 */
public final class Train {
    private Train() {
    }

    public static void main(String[] args) throws Exception {
        Path tmp = Files.createTempDirectory("dovs-train-");
        try (LabClient client = LabClient.open(new LabHome(tmp, LabNaming.defaultLab()), Engine.Settings.defaults())) {
            client.submit(new Intent.AddNode("train", "dovs/node:latest"), null);
            client.state();
        }
        Vertx vertx = Vertx.vertx();
        try {
            new VertxDockerClient(vertx, VertxDockerClient.DEFAULT_SOCKET, Duration.ofSeconds(2), Duration.ofSeconds(2))
                    .ping().await();
        } catch (RuntimeException ignored) {
            // no docker here is fine: the classes are loaded either way
        } finally {
            vertx.close().await();
        }
        CommandLine cli = new CommandLine(new Dovs());
        cli.setOut(new PrintWriter(new StringWriter()));
        cli.execute("--help");
        new ProcessBuilder("rm", "-rf", tmp.toString()).start().waitFor();
        System.exit(0);
    }
}
