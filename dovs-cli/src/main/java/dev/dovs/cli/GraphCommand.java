package dev.dovs.cli;

import dev.dovs.engine.DovsException;
import dev.dovs.engine.graph.LabGraph;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.Callable;

@Command(name = "graph", description = "Draw the lab (nodes, guests, nets, routers, tunnels, controller) as Graphviz "
        + "DOT, Mermaid, JSON, or SVG (rendered by Graphviz's dot, which must be installed).")
final class GraphCommand implements Callable<Integer> {
    enum Format { dot, mermaid, json, svg }

    @ParentCommand
    Dovs root;

    @Option(names = "--format", paramLabel = "dot|mermaid|json|svg", defaultValue = "dot",
            description = "dot, mermaid, json or svg. Default: "
            + "${DEFAULT-VALUE}.")
    Format format;

    @Mixin
    OutputOption output;

    @Override
    public Integer call() throws IOException {
        LabGraph graph = LabGraph.of(root.readState());
        byte[] bytes = switch (format) {
            case dot -> graph.dot().getBytes(StandardCharsets.UTF_8);
            case mermaid -> graph.mermaid().getBytes(StandardCharsets.UTF_8);
            case json -> graph.json().getBytes(StandardCharsets.UTF_8);
            case svg -> svg(graph.dot());
        };
        output.write(root.spec, bytes);
        return 0;
    }

    /** Graphviz's {@code dot -Tsvg}, fed on stdin (argv only). */
    static byte[] svg(String dot) throws IOException {
        Process p;
        try {
            p = new ProcessBuilder(List.of("dot", "-Tsvg")).start();
        } catch (IOException e) {
            throw new DovsException(DovsException.ENVIRONMENT, "--format svg needs Graphviz's 'dot' (Debian: apt-get "
                    + "install graphviz); --format dot gives the source");
        }
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        Thread errPump = new Thread(() -> copy(p.getErrorStream(), err));
        errPump.start();
        try (OutputStream in = p.getOutputStream()) {
            in.write(dot.getBytes(StandardCharsets.UTF_8));
        }
        byte[] svg = p.getInputStream().readAllBytes();
        try {
            int rc = p.waitFor();
            errPump.join();
            if (rc != 0) {
                throw new DovsException(DovsException.FAILED, "dot -Tsvg failed (exit " + rc + "): "
                        + err.toString(StandardCharsets.UTF_8).strip());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DovsException(DovsException.FAILED, "interrupted while rendering the SVG");
        }
        return svg;
    }

    private static void copy(InputStream in, OutputStream out) {
        try {
            in.transferTo(out);
        } catch (IOException ignored) {
            // the process is gone; what was read is enough for the message
        }
    }
}
