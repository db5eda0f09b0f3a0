package dev.dovs.cli;

import dev.dovs.engine.LabClient;
import dev.dovs.engine.odl.OdlController;
import dev.dovs.engine.ovn.OvnPlanner;
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
final class AddNodeCommand implements Callable<Integer>, Validated {
    @ParentCommand
    Dovs root;

    @Option(names = "--name", paramLabel = "N", description = "Node (container) name. Default: node-<random>.")
    String name;

    @Option(names = "--image", paramLabel = "I", defaultValue = ImageBuilder.DEFAULT_IMAGE,
            description = "Node image ('dovs image build' makes it). Default: ${DEFAULT-VALUE}.")
    String image;

    @Mixin
    OdlOptions odl;

    @Option(names = "--odl-bridge-wait", paramLabel = "SECONDS", defaultValue = "20", description = "With --odl: "
            + "how long to wait for ODL to create br-int before dovs creates it. Default: ${DEFAULT-VALUE}.")
    int bridgeWait;

    /** Its range whether or not --odl is given: a value out of range is a mistake either way. */
    @Override
    public void validate() {
        OdlOptions.checkWait("--odl-bridge-wait", bridgeWait);
    }

    @Mixin
    OvnOptions ovn;

    @Mixin
    OvnOptions.Encap encap;

    @Mixin
    SubmitOptions submit;

    @Override
    public Integer call() {
        String node = name != null ? name : "node-" + UUID.randomUUID().toString().substring(0, 6);
        Validation.name("node", node);
        Validation.image(image);
        String endpoint = odl.endpoint();
        Intent.ControllerTarget target = endpoint == null ? null : OdlController.target(endpoint,
                OdlOptions.checkWait("--odl-bridge-wait", bridgeWait), OdlController.DEFAULT_BINDING_TIMEOUT_SECONDS);
        Intent.ControllerTarget ovnTarget = ovn.target(encap.encap, OvnPlanner.DEFAULT_BINDING_TIMEOUT_SECONDS,
                endpoint != null);
        if (ovnTarget != null) {
            target = ovnTarget;
        }
        root.checkLabAndRoot();
        return Commands.submit(root, new Intent.AddNode(node, image, target), submit, odl);
    }
}
