package dev.dovs.cli;

import picocli.CommandLine.Option;

import dev.dovs.engine.LabClient;

import dev.dovs.engine.DovsException;

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

    @Option(names = "--keep-odl", description = "Clean the host only and leave the lab's objects in ODL, e.g. when "
            + "that ODL is gone for good ('clean --odl HOST' removes them later, by tenant).")
    boolean keepOdl;

    @Mixin
    OvnOptions ovn;

    @Mixin
    SubmitOptions submit;

    @Override
    public Integer call() {
        String endpoint = odl.endpoint();
        if (keepOdl && endpoint != null) {
            throw new DovsException(DovsException.INVALID, "--keep-odl and --odl contradict each other");
        }
        if (keepOdl && ovn.wanted()) {
            throw new DovsException(DovsException.INVALID, "--keep-odl and --ovn contradict each other");
        }
        ovn.target(endpoint != null); // invalid input first, then privileges
        root.checkLabAndRoot();
        if (keepOdl) {
            try (LabClient client = root.openToRead(root.settings())) {
                for (String left : client.state().controllerEndpoints(Intent.ControllerKind.ODL)) {
                    root.spec.commandLine().getErr().println("dovs: warning: leaving this lab's objects in ODL at "
                            + left + " ('" + client.naming().command("clean --odl " + left) + "' removes them later)");
                }
            }
        }
        Intent.ControllerTarget target = endpoint == null ? null
                : new Intent.ControllerTarget(Intent.ControllerKind.ODL, endpoint);
        Intent.ControllerTarget ovnTarget = ovn.target(endpoint != null);
        if (ovnTarget != null) {
            target = ovnTarget; // also sweep that OVN's objects of the lab, by mark
        }
        return Commands.submit(root, new Intent.Clean(target, keepOdl), submit, odl);
    }
}
