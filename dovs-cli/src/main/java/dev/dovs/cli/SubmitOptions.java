package dev.dovs.cli;

import picocli.CommandLine.Option;

/** Options shared by every command that submits an intent. */
final class SubmitOptions {
    @Option(names = "--detach", description = "Append the intent and return at once, printing its id "
            + "(see 'dovs wait ID' and 'dovs log --intent ID').")
    boolean detach;

    @Option(names = "--timeout", defaultValue = "900", paramLabel = "SECONDS",
            description = "How long to wait for the outcome. Default: ${DEFAULT-VALUE}.")
    long timeoutSeconds;

    @Option(names = {"-q", "--quiet"}, description = "No progress lines and no setup summary afterwards.")
    boolean quiet;
}
