package dev.dovs.cli;

import dev.dovs.engine.LabClient;
import dev.dovs.events.Intent;
import dev.dovs.events.Outcome;

import java.io.PrintWriter;

/** The submit-wait-summarise sequence shared by the lab-changing commands. */
final class Commands {
    private Commands() {
    }

    static int submit(Dovs root, Intent intent, SubmitOptions opts) {
        PrintWriter out = root.spec.commandLine().getOut();
        PrintWriter err = root.spec.commandLine().getErr();
        try (LabClient client = LabClient.open(root.home(), root.settings())) {
            Outcome outcome = new Submitter(client, err, opts.quiet).submitAndWait(intent, null, opts, out);
            if (outcome != null && !opts.quiet) {
                // Like the original: a successful command shows the resulting setup.
                InfoPrinter.printText(out, InfoPrinter.snapshot(client, null), true);
            }
        }
        return 0;
    }
}
