package dev.dovs.cli;

import dev.dovs.engine.LabClient;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

import java.util.concurrent.Callable;

@Command(name = "info", description = "Show current dovs nodes & guests setup, with the live status of each.")
final class InfoCommand implements Callable<Integer> {
    @ParentCommand
    Dovs root;

    @Option(names = "--guest-name", paramLabel = "G", description = "Show only this guest.")
    String guestName;

    @Option(names = "--json", description = "Machine-readable output.")
    boolean json;

    @Override
    public Integer call() {
        root.checkLabAndRoot();
        try (LabClient client = root.openToRead(root.settings())) {
            var snapshot = InfoPrinter.snapshot(client, guestName);
            if (json) {
                InfoPrinter.printJson(root.spec.commandLine().getOut(), snapshot);
            } else {
                InfoPrinter.printText(root.spec.commandLine().getOut(), snapshot, false);
            }
        }
        return 0;
    }
}
