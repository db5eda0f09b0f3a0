package dev.dovs.cli;

import dev.dovs.engine.odl.OdlCredentials;

import dev.dovs.engine.LabClient;
import dev.dovs.events.EventEnvelope;
import dev.dovs.events.projection.IntentView;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

import java.time.Duration;
import java.util.concurrent.Callable;

@Command(name = "wait", description = "Wait for the outcome of an intent (e.g. one submitted with --detach) and "
        + "exit with its status. Applies it if no engine runs.")
final class WaitCommand implements Callable<Integer>, Validated {
    @ParentCommand
    Dovs root;

    @Parameters(paramLabel = "INTENT", description = "Intent id or unique id prefix.")
    String intentId;

    @Option(names = "--timeout", defaultValue = "900", paramLabel = "SECONDS", description = "How long to wait for "
            + "the outcome, 0-604800; on timeout exit 4 (the intent may still be applied). Default: ${DEFAULT-VALUE}.")
    long timeoutSeconds;

    @Option(names = {"-q", "--quiet"}, description = "No progress lines.")
    boolean quiet;

    @Override
    public void validate() {
        Validated.seconds("--timeout", timeoutSeconds, MAX_WAIT_SECONDS);
    }

    /** Credentials for an intent that talks to ODL, applied here when no engine runs. */
    @picocli.CommandLine.Mixin
    OdlCredentialOptions.FromLog odl;

    @Override
    public Integer call() {
        OdlCredentials credentials = odl.credentialsOnly("wait");
        root.checkLabAndRoot();
        try (LabClient client = root.openToRead(root.settings().with(credentials))) {
            IntentView iv = Commands.intent(client.state(), intentId);
            Submitter submitter = new Submitter(client, root.spec.commandLine().getErr(), quiet);
            if (iv.finished()) {
                Submitter.check(client.naming(), iv.intent().describe(), iv.outcome());
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
