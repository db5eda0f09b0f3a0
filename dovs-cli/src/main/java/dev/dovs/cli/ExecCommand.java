package dev.dovs.cli;

import dev.dovs.engine.DovsException;
import dev.dovs.engine.LabClient;
import dev.dovs.engine.docker.DockerException;
import dev.dovs.engine.docker.DockerExec;
import dev.dovs.engine.docker.VertxDockerClient;
import dev.dovs.events.projection.GuestView;
import dev.dovs.events.projection.LabProjection;
import dev.dovs.events.projection.NodeView;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;

@Command(name = "exec", description = "Run a command in a guest's network namespace, or in a node's container "
        + "(through the Docker API), with stdin, stdout, stderr and the exit code passed through. "
        + "Example: dovs exec g1 -- ping -c 1 10.0.0.2")
final class ExecCommand implements Callable<Integer> {
    @ParentCommand
    Dovs root;

    @Option(names = "--node", description = "TARGET is a node, even if a guest has that name too.")
    boolean node;

    @Option(names = "--guest", description = "TARGET is a guest, even if a node has that name too.")
    boolean guest;

    @Parameters(index = "0", paramLabel = "TARGET", description = "A guest (name or namespace) or a node.")
    String target;

    @Parameters(index = "1..*", arity = "1..*", paramLabel = "CMD", description = "The command and its arguments "
            + "(after --), run as an argv list: no shell.")
    List<String> command;

    @Override
    public Integer call() throws IOException {
        if (node && guest) {
            throw new DovsException(DovsException.INVALID, "--node and --guest exclude each other");
        }
        root.checkLabAndRoot();
        LabProjection state;
        try (LabClient client = LabClient.openToRead(root.home(), root.settings())) {
            state = client.state();
        }
        Optional<GuestView> g = guest || !node ? state.resolveGuest(target)
                : Optional.empty();
        Optional<NodeView> n = node || !guest ? state.node(target) : Optional.empty();
        if (g.isPresent() && n.isPresent()) {
            throw new DovsException(DovsException.INVALID, target + " is both a guest and a node of lab "
                    + state.naming().lab() + ": say which with --guest or --node");
        }
        if (g.isPresent()) {
            List<String> argv = new ArrayList<>(List.of("ip", "netns", "exec", g.get().netns()));
            argv.addAll(command);
            try {
                Process p = new ProcessBuilder(argv).inheritIO().start();
                return p.waitFor();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new DovsException(DovsException.FAILED, "interrupted");
            }
        }
        if (n.isPresent()) {
            root.spec.commandLine().getOut().flush();
            try {
                return new DockerExec(VertxDockerClient.DEFAULT_SOCKET).run(n.get().container(), command, System.in,
                        System.out, System.err);
            } catch (DockerException e) {
                throw new DovsException(DovsException.FAILED, "exec in node " + target + ": " + e.getMessage());
            }
        }
        throw new DovsException(DovsException.INVALID, "lab " + state.naming().lab() + " has no "
                + (node ? "node " : guest ? "guest " : "guest or node ") + target);
    }
}
