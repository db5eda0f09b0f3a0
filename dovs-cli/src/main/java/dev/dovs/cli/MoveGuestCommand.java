package dev.dovs.cli;

import dev.dovs.events.Intent;
import dev.dovs.events.model.Validation;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

import java.util.concurrent.Callable;

@Command(name = "move-guest", description = "Move a guest from its node to another node (a simulated VM "
        + "migration): same namespace, addresses, MAC and port id; announced with a gratuitous ARP.")
final class MoveGuestCommand implements Callable<Integer> {
    @ParentCommand
    Dovs root;

    @Option(names = "--name-guest", paramLabel = "G", required = true,
            description = "The guest's name, or its namespace name "
            + "(dovs-<name>) as the original expected.")
    String guest;

    @Option(names = "--name-dstnode", paramLabel = "N", required = true, description = "Destination node.")
    String node;

    /** The ODL of a guest with a neutron port comes from the log; only the credentials are needed here. */
    @Mixin
    OdlCredentialOptions.FromLog odl;

    @Mixin
    SubmitOptions submit;

    @Override
    public Integer call() {
        Validation.name("destination node", node);
        Validation.name("guest", root.home().naming().guestFromNameOrNetns(guest));
        odl.credentialsOnly("move-guest");
        root.checkLabAndRoot();
        return Commands.submit(root, new Intent.MoveGuest(guest, node), submit, odl);
    }
}
