package dev.dovs.cli;

import picocli.CommandLine.Option;

/** Options shared by every command that submits an intent: {@link WaitingOptions}' and --detach. */
final class SubmitOptions extends WaitingOptions {
    @Option(names = "--detach", description = "Append the intent and return at once, printing its id "
            + "(see 'dovs wait ID' and 'dovs log --intent ID').")
    boolean detach;

    @Override
    boolean detached() {
        return detach;
    }
}
