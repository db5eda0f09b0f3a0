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

    static int submit(Dovs root, Intent intent, SubmitOptions opts) {
        return submit(root, intent, opts, null);
    }

    /** {@code odl}: the ODL credentials for an embedded engine (a running engine uses those it started with). */
    static int submit(Dovs root, Intent intent, SubmitOptions opts, OdlOptions odl) {
        PrintWriter out = root.spec.commandLine().getOut();
        PrintWriter err = root.spec.commandLine().getErr();
        Engine.Settings settings = odl == null ? root.settings() : root.settings().withOdl(odl.credentials());
        try (LabClient client = root.open(settings)) {
            if (odl != null && odl.customised() && !client.engineUsesCredentials()) {
                err.println("dovs: warning: an engine already runs for lab " + client.naming().lab() + ": it talks to "
                        + "ODL with the credentials and timeout it was started with, not these");
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
