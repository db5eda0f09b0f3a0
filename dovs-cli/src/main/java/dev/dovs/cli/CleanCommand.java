package dev.dovs.cli;

import dev.dovs.events.Intent;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.ParentCommand;

import java.util.concurrent.Callable;

@Command(name = "clean", description = "Remove everything of the lab: reverse its log, then sweep whatever still "
        + "carries the lab's mark (containers, namespaces, OVS ports, networks).")
final class CleanCommand implements Callable<Integer> {
    @ParentCommand
    Dovs root;

    @Mixin
    OdlOptions odl;

    @Mixin
    SubmitOptions submit;

    @Override
    public Integer call() {
        String endpoint = odl.endpoint();
        root.checkLabAndRoot();
        return Commands.submit(root, new Intent.Clean(endpoint), submit, odl);
    }
}
