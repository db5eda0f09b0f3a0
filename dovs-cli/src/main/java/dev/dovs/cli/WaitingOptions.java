package dev.dovs.cli;

import dev.dovs.engine.DovsException;
import picocli.CommandLine.Option;

/**
 * The options of a command that submits intents and always waits for each outcome: {@code apply}, whose every
 * intent is planned against the state the previous one left (so it has no --detach).
 */
class WaitingOptions implements Validated {
    @Option(names = "--timeout", defaultValue = "900", paramLabel = "SECONDS",
            description = "How long to wait for the outcome, 0-604800; on timeout exit 4 (the intent may still "
                    + "be applied). Default: ${DEFAULT-VALUE}.")
    long timeoutSeconds;

    @Option(names = "--dry-run", description = "Print the plan (the steps the engine would run, from the same "
            + "decider) and change nothing.")
    boolean dryRun;

    @Option(names = "--json", description = "With --dry-run: the plan as JSON.")
    boolean json;

    @Option(names = {"-q", "--quiet"}, description = "No progress lines and no setup summary afterwards.")
    boolean quiet;

    /** Whether the command returns once the intent is in the log. */
    boolean detached() {
        return false;
    }

    @Override
    public void validate() {
        Validated.seconds("--timeout", timeoutSeconds, MAX_WAIT_SECONDS);
        if (json && !dryRun) {
            throw new DovsException(DovsException.INVALID, "--json only goes with --dry-run");
        }
    }
}
