package dev.dovs.cli;

import dev.dovs.engine.LabClient;
import dev.dovs.engine.image.ImageBuilder;
import dev.dovs.events.Intent;
import dev.dovs.events.model.Validation;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

import java.util.UUID;
import java.util.concurrent.Callable;

@Command(name = "add-node", description = "Start an OVS docker instance (a simulated compute node with br-int).")
final class AddNodeCommand implements Callable<Integer> {
    @ParentCommand
    Dovs root;

    @Option(names = "--name", description = "Node (container) name. Default: node-<random>.")
    String name;

    @Option(names = "--image", defaultValue = ImageBuilder.DEFAULT_IMAGE,
            description = "Node image ('dovs image build' makes it). Default: ${DEFAULT-VALUE}.")
    String image;

    @Mixin
    SubmitOptions submit;

    @Override
    public Integer call() {
        String node = name != null ? name : "node-" + UUID.randomUUID().toString().substring(0, 6);
        Validation.name("node", node);
        Validation.image(image);
        root.checkLabAndRoot();
        return Commands.submit(root, new Intent.AddNode(node, image), submit);
    }
}
