package dev.dovs.cli;

import dev.dovs.engine.DovsException;
import dev.dovs.engine.Engine;
import dev.dovs.engine.LabClient;
import dev.dovs.engine.LabHome;
import dev.dovs.events.model.LabNaming;
import dev.dovs.events.projection.LabProjection;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.file.Path;

/** The {@code dovs} root command: global options and the subcommands. */
// scope INHERIT: every subcommand gets -h/--help (and -V/--version) too; its other options are INHERIT already.
@Command(name = "dovs", mixinStandardHelpOptions = true, scope = CommandLine.ScopeType.INHERIT,
        versionProvider = Dovs.Version.class,
        description = "Emulated OpenStack-neutron network labs on one Linux host: OVS nodes in containers, "
                + "guests in network namespaces, every change an event in the lab's log.",
        subcommands = {AddNodeCommand.class, AddGuestCommand.class, MoveGuestCommand.class, SpawnCommand.class,
                CheckCommand.class, InfoCommand.class, CleanCommand.class,
                LogCommand.class, ReplayCommand.class, WaitCommand.class, EngineCommand.class, ImageCommand.class,
                RemoveCommands.DelGuest.class, RemoveCommands.DelNode.class, RemoveCommands.Netem.class,
                LabFileCommands.Plan.class, LabFileCommands.Apply.class, LabFileCommands.Export.class,
                GraphCommand.class, ExecCommand.class, RemoveCommands.Completion.class,
                HelpCommand.class},
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

    @Option(names = "--lab", paramLabel = "LAB", defaultValue = "${env:DOVS_LAB:-default}",
            scope = CommandLine.ScopeType.INHERIT,
            description = "Lab to work on: 1-6 lowercase letters or digits, starting with a letter (or "
                    + "'default', which keeps the original tool's names). Env: DOVS_LAB. Default: ${DEFAULT-VALUE}.")
    String lab;

    @Option(names = "--state-dir", paramLabel = "DIR", defaultValue = "${env:DOVS_STATE_DIR:-/var/lib/dovs}",
            scope = CommandLine.ScopeType.INHERIT,
            description = "Root of the labs' logs (<dir>/<lab>/log). Env: DOVS_STATE_DIR. Default: ${DEFAULT-VALUE}.")
    Path stateDir;

    @Option(names = "--no-daemon", scope = CommandLine.ScopeType.INHERIT, description = "Run the command in this "
            + "process (with an embedded engine when it needs one) instead of the background engine; starts nothing "
            + "in the background. Env: DOVS_NO_DAEMON=1.")
    boolean noDaemon;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    /** Where this command runs: embedded, or in the background engine for a client. */
    final Invocation invocation = Invocation.current();

    @Override
    public void run() {
        // Like the original: no subcommand does nothing and succeeds; print usage to be helpful.
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    LabHome home() {
        try {
            return new LabHome(invocation.resolve(stateDir), new LabNaming(lab));
        } catch (IllegalArgumentException e) {
            throw new DovsException(DovsException.INVALID, e.getMessage());
        }
    }

    /**
     * Input first (the lab name), then privileges: invalid input is exit 2 whoever runs it. A {@code --dry-run} only
     * reads the log, so it needs no root: any user who can read the log gets the plan.
     */
    void checkLabAndRoot() {
        home();
        if (!dryRun()) {
            Host.requireRoot();
        }
    }

    /** Whether the command being run was given --dry-run (its {@link WaitingOptions}). */
    private boolean dryRun() {
        CommandLine.ParseResult parsed = spec.commandLine().getParseResult();
        if (parsed == null) {
            return false;
        }
        while (parsed.hasSubcommand()) {
            parsed = parsed.subcommand();
        }
        return parsed.commandSpec().mixins().values().stream()
                .anyMatch(m -> m.userObject() instanceof WaitingOptions w && w.dryRun);
    }

    Engine.Settings settings() {
        return invocation.daemon() ? invocation.engines().defaults() : Engine.Settings.defaults();
    }

    /**
     * The lab's state as its log has it, read in this process without an engine: for the commands that only print it
     * ({@code graph}, {@code export}), which run in the client's own process.
     *
     * @throws DovsException (invalid) for an invalid lab name
     */
    LabProjection readState() {
        try (LabClient client = LabClient.openToRead(home(), settings())) {
            return client.state();
        }
    }

    /**
     * The lab's client for a command that only reads (info, check, wait, plan, every --dry-run): as {@link #open},
     * but a lab that does not exist reads as an empty lab and nothing is created, neither here nor by the background
     * engine ({@link LabClient#openToRead}).
     */
    LabClient openToRead(Engine.Settings settings) {
        return home().exists() ? open(settings) : LabClient.absent(home(), settings);
    }

    /**
     * The lab's client: its own log and, when it waits, an embedded engine; in the background engine, the shared
     * log and the lab's long-lived engine. Close it after use either way.
     */
    LabClient open(Engine.Settings settings) {
        return invocation.daemon() ? invocation.engines().client(home(), settings, invocation.actorOr())
                : LabClient.open(home(), settings);
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
        return commandLine().execute(args);
    }

    private static CommandLine commandLine() {
        CommandLine cli = new CommandLine(new Dovs());
        cli.setExecutionExceptionHandler(new ErrorHandler());
        cli.setParameterExceptionHandler(ErrorHandler::handleParseError);
        cli.setExecutionStrategy(Validated::executeValidated);
        return cli;
    }

    /**
     * The engine's command tree, one per thread, built once. picocli (since 4.0) resets every option, positional
     * parameter and mixin of a command to its initial value before it parses that command again, which is what
     * picocli-shell-jline3 relies on to reuse one tree; the command classes keep no other state. Building the tree
     * (reflection over every command's annotations) was half of the engine's time for {@code dovs info}.
     */
    private static final ThreadLocal<CommandLine> REUSED = ThreadLocal.withInitial(Dovs::commandLine);

    /**
     * Runs a command for a thin client, in the background engine: the client's environment, directory and terminal,
     * output to the client's streams (never System.out, which several clients share). Returns the exit code.
     */
    static int execute(Invocation invocation, OutputStream out, OutputStream err, String... args) {
        Invocation.set(invocation);
        try {
            CommandLine cli = REUSED.get();
            PrintWriter o = new PrintWriter(new OutputStreamWriter(out), true);
            PrintWriter e = new PrintWriter(new OutputStreamWriter(err), true);
            cli.setOut(o);
            cli.setErr(e);
            cli.setColorScheme(CommandLine.Help.defaultColorScheme(ansi(invocation)));
            // ${env:...} defaults would read the engine's environment: the client's instead.
            cli.setDefaultValueProvider(arg -> {
                if (arg instanceof CommandLine.Model.OptionSpec opt) {
                    if (opt.longestName().equals("--lab")) {
                        return env(invocation, "DOVS_LAB", "default");
                    }
                    if (opt.longestName().equals("--state-dir")) {
                        return env(invocation, "DOVS_STATE_DIR", "/var/lib/dovs");
                    }
                }
                return null;
            });
            int code = cli.execute(args);
            o.flush();
            e.flush();
            return code;
        } finally {
            Invocation.set(null);
        }
    }

    private static String env(Invocation invocation, String name, String fallback) {
        String v = invocation.env(name);
        return v == null ? fallback : v;
    }

    /** picocli's Ansi.AUTO, decided on the client's terminal and environment. */
    private static CommandLine.Help.Ansi ansi(Invocation invocation) {
        if (invocation.env("NO_COLOR") != null || "0".equals(invocation.env("CLICOLOR"))) {
            return CommandLine.Help.Ansi.OFF;
        }
        String force = invocation.env("CLICOLOR_FORCE");
        if (force != null && !"0".equals(force)) {
            return CommandLine.Help.Ansi.ON;
        }
        return invocation.tty() ? CommandLine.Help.Ansi.ON : CommandLine.Help.Ansi.OFF;
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[]{"dovs " + Engine.version()};
        }
    }
}
