package dev.dovs.cli;

import dev.dovs.engine.DovsException;
import dev.dovs.engine.Engine;
import dev.dovs.engine.LabClient;
import dev.dovs.events.Intent;
import dev.dovs.events.Outcome;
import dev.dovs.events.projection.IntentView;
import dev.dovs.events.projection.LabProjection;

import java.io.PrintWriter;
import java.util.List;

/** The submit-wait-summarise sequence shared by the lab-changing commands. */
final class Commands {
    private Commands() {
    }

    /**
     * The intent an id or id prefix names, for every command that takes one ({@code wait}, {@code log --intent}):
     * exactly one intent of the lab's log must start with it.
     *
     * @throws DovsException (invalid) {@code no intent P in lab L}, or {@code intent prefix P is ambiguous (N
     *                       intents)}
     */
    static IntentView intent(LabProjection state, String prefix) {
        List<IntentView> matches = state.intents().stream().filter(i -> i.id().startsWith(prefix)).toList();
        if (matches.isEmpty()) {
            throw new DovsException(DovsException.INVALID, "no intent " + prefix + " in lab "
                    + state.naming().lab());
        }
        if (matches.size() > 1) {
            throw new DovsException(DovsException.INVALID, "intent prefix " + prefix + " is ambiguous ("
                    + matches.size() + " intents)");
        }
        return matches.get(0);
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
            intent = dev.dovs.engine.core.Decider.canonical(client::state, intent); // folds the log only if needed
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
