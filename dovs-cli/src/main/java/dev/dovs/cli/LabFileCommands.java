package dev.dovs.cli;

import dev.dovs.engine.LabClient;
import dev.dovs.engine.labfile.LabDiff;
import dev.dovs.engine.labfile.LabFile;
import dev.dovs.engine.labfile.LabFileReader;
import dev.dovs.engine.labfile.LabFileWriter;
import dev.dovs.events.Intent;
import dev.dovs.events.projection.LabProjection;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;

/** {@code plan -f}, {@code apply -f} and {@code export}: labs as topology files. */
final class LabFileCommands {
    private LabFileCommands() {
    }

    /** New guests without a MAC or port id in the file get random ones, as add-guest gives them. */
    static final LabDiff.Ids RANDOM_IDS = new LabDiff.Ids() {
        @Override
        public String mac() {
            return AddGuestCommand.randomMac();
        }

        @Override
        public String portId() {
            return UUID.randomUUID().toString();
        }
    };

    static List<Intent> diff(LabFile lab, LabProjection state) {
        return LabDiff.between(lab, state, RANDOM_IDS);
    }

    /** What plan prints, and apply says, when the lab already matches the file. */
    static String noChanges(String lab, Path file) {
        return "No changes: lab " + lab + " matches " + file + ".";
    }

    @Command(name = "plan", description = "Show what 'dovs apply -f FILE' would do: the intents that take the lab "
            + "from its current state to the topology file. Changes nothing.")
    static final class Plan implements Callable<Integer> {
        @ParentCommand
        Dovs root;

        @Mixin
        TopologyFileOption topology;

        @Option(names = "--json", description = "The intents as JSON (their log wire form).")
        boolean json;

        @Override
        public Integer call() {
            root.home();
            LabFile file = LabFileReader.read(topology.file); // input first: a missing file creates nothing
            try (LabClient client = LabClient.openToRead(root.home(), root.settings())) {
                List<Intent> plan = diff(file, client.state());
                print(root.spec.commandLine().getOut(), plan, json, client.naming().lab(), topology.file);
            }
            return 0;
        }
    }

    static void print(PrintWriter out, List<Intent> plan, boolean json, String lab, Path file) {
        if (json) {
            PlanPrinter.json(out, plan, lab);
        } else {
            PlanPrinter.text(out, plan, noChanges(lab, file));
        }
    }

    @Command(name = "apply", description = "Converge the lab to a topology file: submit the intents 'dovs plan' "
            + "shows, one after the other, stopping at the first failure. Applying the same file again does nothing.")
    static final class Apply implements Callable<Integer> {
        @ParentCommand
        Dovs root;

        @Mixin
        TopologyFileOption topology;

        @Mixin
        OdlCredentialOptions.FromLog odl;

        @Mixin
        WaitingOptions submit;

        @Override
        public Integer call() {
            odl.credentialsOnly("apply");
            PrintWriter out = root.spec.commandLine().getOut();
            PrintWriter err = root.spec.commandLine().getErr();
            root.home();
            LabFile file = LabFileReader.read(topology.file); // input first, then privileges
            if (!submit.dryRun) {
                root.checkLabAndRoot();
            }
            try (LabClient client = submit.dryRun ? LabClient.openToRead(root.home(), root.settings())
                    : LabClient.open(root.home(), root.settings().with(odl.credentials()))) {
                List<Intent> plan = diff(file, client.state());
                if (submit.dryRun) { // refused as the real run would stop: at the first intent refused
                    DryRun.refuseIfRefused(out, client.state(), plan, submit.json);
                    print(out, plan, submit.json, client.naming().lab(), topology.file);
                    return 0;
                }
                if (plan.isEmpty()) {
                    out.println(noChanges(client.naming().lab(), topology.file));
                    return 0;
                }
                Submitter submitter = new Submitter(client, err, submit.quiet);
                for (Intent intent : plan) {
                    if (!submit.quiet) {
                        err.println("apply: " + PlanPrinter.sign(intent) + " " + intent.describe());
                    }
                    submitter.submitAndWait(intent, null, submit, out);
                }
                if (!submit.quiet) {
                    InfoPrinter.printText(out, InfoPrinter.snapshot(client, null), true);
                }
            }
            return 0;
        }
    }

    @Command(name = "export", description = "Write the lab as a topology file (YAML): nodes, nets, routers, guests "
            + "with their MACs and port ids, impairments. 'dovs apply -f' of it rebuilds the same lab.")
    static final class Export implements Callable<Integer> {
        @ParentCommand
        Dovs root;

        @Mixin
        OutputOption output;

        @Override
        public Integer call() throws IOException {
            String yaml = LabFileWriter.toYaml(LabFileWriter.export(root.readState()));
            output.write(root.spec, yaml.getBytes(StandardCharsets.UTF_8));
            return 0;
        }
    }
}
