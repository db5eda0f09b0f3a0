package dev.dovs.cli;

import dev.dovs.engine.DovsException;
import dev.dovs.events.log.LogWriteException;
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

    /** A read-only state dir is a missing prerequisite (3); a full or failing disk fails the command (1). */
    static int exitCode(LogWriteException w) {
        return w.kind() == LogWriteException.Kind.READ_ONLY ? DovsException.ENVIRONMENT : DovsException.FAILED;
    }

    /** Last resort for an {@link Error} that escaped the command (picocli hands only exceptions to the handler). */
    static int handleError(Throwable t, java.io.PrintWriter err, boolean debug) {
        if (debug) {
            t.printStackTrace(err);
        }
        String m = t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
        err.println("dovs: error: " + t.getClass().getSimpleName() + ": " + m.strip().lines().findFirst().orElse(m));
        err.flush();
        return DovsException.FAILED;
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
        } else if (ex instanceof LogWriteException w) {
            code = exitCode(w);
            message = w.getMessage();
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
