package dev.dovs.cli;

import dev.dovs.engine.DovsException;
import picocli.CommandLine;

/** Every failure becomes one line on stderr and a documented exit code; stack traces only with --debug. */
final class ErrorHandler implements CommandLine.IExecutionExceptionHandler {

    /** Bad options: one line and a pointer to the help, not the whole usage text. */
    static int handleParseError(CommandLine.ParameterException ex, String[] args) {
        CommandLine cmd = ex.getCommandLine();
        cmd.getErr().println("dovs: error: " + ex.getMessage().strip().lines().findFirst().orElse("invalid usage")
                + " (see '" + cmd.getCommandSpec().qualifiedName() + " --help')");
        return DovsException.INVALID;
    }

    @Override
    public int handleExecutionException(Exception ex, CommandLine cmd, CommandLine.ParseResult parsed) {
        boolean debug = parsed.hasMatchedOption("-d") || parsed.subcommands().stream()
                .anyMatch(p -> p.hasMatchedOption("-d"));
        if (debug) {
            ex.printStackTrace(cmd.getErr());
        }
        int code;
        String message;
        if (ex instanceof DovsException d) {
            code = d.exitCode();
            message = d.getMessage();
        } else if (ex instanceof IllegalArgumentException) {
            code = DovsException.INVALID;
            message = ex.getMessage();
        } else {
            code = DovsException.FAILED;
            message = ex.getMessage() == null ? ex.getClass().getSimpleName() : ex.getMessage();
        }
        cmd.getErr().println("dovs: error: " + message.strip().lines().findFirst().orElse(message));
        return code;
    }
}
