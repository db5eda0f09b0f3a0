package dev.dovs.cli;

import dev.dovs.engine.DovsException;
import dev.dovs.engine.Engine;
import dev.dovs.engine.LabHome;
import dev.dovs.events.model.LabNaming;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Path;

/** The {@code dovs} root command: global options and the subcommands. */
@Command(name = "dovs", mixinStandardHelpOptions = true, versionProvider = Dovs.Version.class,
        description = "Emulated OpenStack-neutron network labs on one Linux host: OVS nodes in containers, "
                + "guests in network namespaces, every change an event in the lab's log.",
        subcommands = {AddNodeCommand.class, AddGuestCommand.class, MoveGuestCommand.class, SpawnCommand.class,
                CheckCommand.class, InfoCommand.class, CleanCommand.class,
                LogCommand.class, ReplayCommand.class, WaitCommand.class, EngineCommand.class, ImageCommand.class,
                CommandLine.HelpCommand.class},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:success", "1:the operation failed (what it did was rolled back)",
                "2:invalid input or refused by the lab's state", "3:missing prerequisite (root, docker, ...)",
                "4:timed out waiting for the outcome (the intent may still be applied)"})
public final class Dovs implements Runnable {
    static {
        // Before any Chronicle class loads (also shipped as system.properties in the jar).
        System.setProperty("chronicle.analytics.disable", "true");
        System.setProperty("chronicle.announcer.disable", "true");
        System.setProperty("disable.perf.info", "true");
    }

    @Option(names = {"-d", "--debug"}, description = "Print stack traces and debug details.", scope =
            CommandLine.ScopeType.INHERIT)
    boolean debug;

    @Option(names = "--lab", defaultValue = "${env:DOVS_LAB:-default}", scope = CommandLine.ScopeType.INHERIT,
            description = "Lab to work on (1-6 lowercase letters/digits). The default lab keeps the original "
                    + "names. Env: DOVS_LAB. Default: ${DEFAULT-VALUE}.")
    String lab;

    @Option(names = "--state-dir", defaultValue = "${env:DOVS_STATE_DIR:-/var/lib/dovs}",
            scope = CommandLine.ScopeType.INHERIT,
            description = "Root of the labs' logs (<dir>/<lab>/log). Env: DOVS_STATE_DIR. Default: ${DEFAULT-VALUE}.")
    Path stateDir;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        // Like the original: no subcommand does nothing and succeeds; print usage to be helpful.
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    LabHome home() {
        try {
            return new LabHome(stateDir, new LabNaming(lab));
        } catch (IllegalArgumentException e) {
            throw new DovsException(DovsException.INVALID, e.getMessage());
        }
    }

    /** Input first (the lab name), then privileges: invalid input is exit 2 whoever runs it. */
    void checkLabAndRoot() {
        home();
        Host.requireRoot();
    }

    Engine.Settings settings() {
        return Engine.Settings.defaults();
    }

    public static void main(String[] args) {
        int code;
        try {
            code = execute(args);
        } catch (Throwable t) {
            // An Error (not handed to picocli's handler) must still end the process: threads of an embedded
            // engine would otherwise keep the JVM alive forever.
            code = ErrorHandler.handleError(t, new java.io.PrintWriter(System.err, true),
                    java.util.Arrays.asList(args).contains("-d") || java.util.Arrays.asList(args).contains("--debug"));
        }
        System.exit(code);
    }

    static int execute(String... args) {
        CommandLine cli = new CommandLine(new Dovs());
        cli.setExecutionExceptionHandler(new ErrorHandler());
        cli.setParameterExceptionHandler(ErrorHandler::handleParseError);
        return cli.execute(args);
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[]{"dovs " + Engine.version()};
        }
    }
}
