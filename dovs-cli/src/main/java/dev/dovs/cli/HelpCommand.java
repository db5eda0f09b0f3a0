package dev.dovs.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code dovs help [COMMAND...]}: the usage of a command at any depth ({@code dovs help image build}), as its own
 * {@code --help} prints it. picocli's help command only looks one level down.
 */
@Command(name = "help", helpCommand = true, description = "Print the usage of a command, e.g. 'dovs help image "
        + "build'; without one, dovs's own.")
final class HelpCommand implements CommandLine.IHelpCommandInitializable2, Runnable {
    @Parameters(paramLabel = "COMMAND", arity = "0..*", description = "The command and its subcommands.")
    List<String> path = new ArrayList<>();

    private CommandLine self;
    private CommandLine.Help.ColorScheme colors;
    private PrintWriter out;

    @Override
    public void init(CommandLine helpCommandLine, CommandLine.Help.ColorScheme colorScheme, PrintWriter outWriter,
                     PrintWriter errWriter) {
        this.self = helpCommandLine;
        this.colors = colorScheme;
        this.out = outWriter;
    }

    @Override
    public void run() {
        CommandLine target = self.getParent();
        for (String name : path) {
            CommandLine sub = target.getSubcommands().get(name);
            if (sub == null) {
                throw new CommandLine.ParameterException(self, "no command '" + String.join(" ", path) + "'");
            }
            target = sub;
        }
        target.usage(out, colors);
    }
}
