package dev.dovs.cli;

import dev.dovs.engine.DovsException;
import picocli.CommandLine;

/**
 * Options (a command or a mixin) whose values are checked once parsed, before the command runs: so before any side
 * effect, whatever the command does first. {@link #validateAll} is called by the execution strategy of every
 * {@code dovs} command line, in both modes.
 */
interface Validated {
    /** The longest a command waits (a week): bounds every timeout option. */
    long MAX_WAIT_SECONDS = 604_800;

    /**
     * @throws DovsException (invalid) with a one-line message naming the option and its range
     */
    void validate();

    /** A number of seconds in {@code 0..max}, else {@code OPTION must be 0-MAX seconds, not VALUE}. */
    static void seconds(String option, long value, long max) {
        if (value < 0 || value > max) {
            throw new DovsException(DovsException.INVALID, option + " must be 0-" + max + " seconds, not " + value);
        }
    }

    /** Validates the command to run and its mixins, then runs it (picocli's {@code RunLast}); help first. */
    static int executeValidated(CommandLine.ParseResult parsed) {
        Integer help = CommandLine.executeHelpRequest(parsed); // --help and --version need no valid options
        if (help != null) {
            return help;
        }
        CommandLine.ParseResult last = parsed;
        while (last.hasSubcommand()) {
            last = last.subcommand();
        }
        CommandLine.Model.CommandSpec spec = last.commandSpec();
        try {
            if (spec.userObject() instanceof Validated v) {
                v.validate();
            }
            for (CommandLine.Model.CommandSpec mixin : spec.mixins().values()) {
                if (mixin.userObject() instanceof Validated v) {
                    v.validate();
                }
            }
        } catch (DovsException e) {
            throw new CommandLine.ExecutionException(spec.commandLine(), e.getMessage(), e);
        }
        return new CommandLine.RunLast().execute(parsed);
    }
}
