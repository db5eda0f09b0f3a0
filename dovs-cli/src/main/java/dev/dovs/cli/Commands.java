package dev.dovs.cli;

import dev.dovs.engine.Engine;

import dev.dovs.engine.LabClient;
import dev.dovs.events.Intent;
import dev.dovs.events.Outcome;

import java.io.PrintWriter;

/** The submit-wait-summarise sequence shared by the lab-changing commands. */
final class Commands {
    private Commands() {
    }

    /**
     * {@code controllers}: the options of each controller the command takes, whose settings (credentials) an
     * embedded engine uses (a running engine uses those it started with).
     */
    static int submit(Dovs root, Intent intent, SubmitOptions opts, ControllerCli... controllers) {
        PrintWriter out = root.spec.commandLine().getOut();
        PrintWriter err = root.spec.commandLine().getErr();
        Engine.Settings settings = root.settings();
        for (ControllerCli c : controllers) {
            settings = settings.with(c.settings());
        }
        try (LabClient client = opts.dryRun ? root.openToRead(settings) : root.open(settings)) {
            // the log carries the guest's name, not the alias the user may have typed (one resolution rule)
            intent = dev.dovs.engine.core.Decider.canonical(client.state(), intent);
            if (opts.dryRun) {
                return DryRun.print(out, client.state(), intent, opts.json);
            }
            for (ControllerCli c : controllers) {
                if (c.customised() && !client.engineUsesCredentials()) {
                    err.println("dovs: warning: an engine already runs for lab " + client.naming().lab()
                            + ": it talks to " + c.displayName() + " with the credentials and timeout it was started "
                            + "with, not these");
                }
            }
            Outcome outcome = new Submitter(client, err, opts.quiet).submitAndWait(intent, null, opts, out);
            if (outcome != null && !opts.quiet) {
                // Like the original: a successful command shows the resulting setup.
                InfoPrinter.printText(out, InfoPrinter.snapshot(client, null), true);
            }
        }
        return 0;
    }
}
