package dev.dovs.cli;

import dev.dovs.engine.Engine;
import dev.dovs.engine.odl.OdlCredentials;

import dev.dovs.engine.DovsException;
import dev.dovs.engine.LabClient;
import dev.dovs.events.EventEnvelope;
import dev.dovs.events.projection.IntentView;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;

@Command(name = "wait", description = "Wait for the outcome of an intent (e.g. one submitted with --detach) and "
        + "exit with its status. Applies it if no engine runs.")
final class WaitCommand implements Callable<Integer> {
    @ParentCommand
    Dovs root;

    @Parameters(paramLabel = "INTENT", description = "Intent id or unique id prefix.")
    String intentId;

    @Option(names = "--timeout", defaultValue = "900", paramLabel = "SECONDS")
    long timeoutSeconds;

    @Option(names = {"-q", "--quiet"})
    boolean quiet;

    /** Credentials for an intent that talks to ODL, applied here when no engine runs. */
    @picocli.CommandLine.Mixin
    OdlOptions odl;

    @Override
    public Integer call() {
        OdlCredentials credentials = odl.credentialsOnly("wait");
        root.checkLabAndRoot();
        try (LabClient client = root.openToRead(root.settings().with(credentials))) {
            List<IntentView> matches = client.state().intents().stream()
                    .filter(i -> i.id().startsWith(intentId)).toList();
            if (matches.size() != 1) {
                throw new DovsException(DovsException.INVALID, matches.isEmpty() ? "no intent " + intentId
                        + " in lab " + client.naming().lab() : "intent prefix " + intentId + " is ambiguous");
            }
            IntentView iv = matches.get(0);
            Submitter submitter = new Submitter(client, root.spec.commandLine().getErr(), quiet);
            if (iv.finished()) {
                Submitter.check(iv.intent().describe(), iv.outcome());
            } else {
                // Re-read from the intent itself so that its whole progress is shown.
                EventEnvelope env = new EventEnvelope(iv.index(), iv.time(), client.naming().lab(), iv.id(),
                        iv.causationId(), iv.actor(), iv.intent());
                submitter.await(env, Duration.ofSeconds(timeoutSeconds));
            }
            root.spec.commandLine().getOut().println(iv.intent().describe() + ": succeeded");
        }
        return 0;
    }
}
