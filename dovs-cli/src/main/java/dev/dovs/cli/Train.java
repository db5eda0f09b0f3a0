package dev.dovs.cli;

import dev.dovs.engine.Engine;
import dev.dovs.engine.LabClient;
import dev.dovs.engine.LabHome;
import dev.dovs.engine.docker.VertxDockerClient;
import dev.dovs.events.Intent;
import dev.dovs.events.model.LabNaming;
import io.vertx.core.Vertx;
import picocli.CommandLine;
import dev.dovs.cli.client.Daemon;
import dev.dovs.cli.client.Wire;
import dev.dovs.cli.daemon.EngineServer;
import dev.dovs.cli.daemon.LabEngines;

import java.io.PrintWriter;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.SocketChannel;
import java.util.List;
import java.util.Map;
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

    /** The background engine's side: its socket, one command of a client through it, and its shutdown. */
    private static void trainEngine(Path stateDir) throws Exception {
        LabEngines engines = new LabEngines(Engine.Settings.defaults());
        EngineServer server = EngineServer.bind(stateDir, (req, out, err) -> Dovs.execute(new Invocation(req.env(),
                Path.of(req.cwd()), false, "train", engines, null, java.time.Instant.now()), out, err, req.argv().toArray(String[]::new)),
                p -> true, Duration.ZERO, () -> false).orElseThrow();
        try (SocketChannel ch = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            ch.connect(UnixDomainSocketAddress.of(Daemon.socket(stateDir)));
            Wire.write(Wire.out(ch), Wire.HELLO, new Wire.Request(Daemon.build(), 1, false, "/",
                    List.of("--state-dir", stateDir.toString(), "--lab", "train", "log"), Map.of()).encode());
            java.io.InputStream in = Wire.in(ch);
            for (Wire.Frame f = Wire.read(in); f != null && f.kind() != Wire.EXIT; f = Wire.read(in)) {
                // output discarded
            }
        } finally {
            server.stop();
            engines.close();
        }
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
        trainEngine(tmp.resolve("state"));
        new ProcessBuilder("rm", "-rf", tmp.toString()).start().waitFor();
        System.exit(0);
    }
}
