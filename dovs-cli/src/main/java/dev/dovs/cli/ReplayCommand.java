package dev.dovs.cli;

import dev.dovs.engine.Engine;
import dev.dovs.engine.odl.OdlCredentials;

import dev.dovs.engine.DovsException;
import dev.dovs.engine.LabClient;
import dev.dovs.engine.ReplayPlanner;
import dev.dovs.events.projection.IntentView;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

@Command(name = "replay", description = "Recreate a lab from its log: re-submit the intents that built the current "
        + "lab (or the last one, before a clean) with the same names, addresses, MACs and port ids.")
final class ReplayCommand implements Callable<Integer> {
    @ParentCommand
    Dovs root;

    @Option(names = "--from", paramLabel = "FILE", description = "Replay a log exported with 'dovs log --json > FILE' "
            + "(e.g. from another host) instead of this lab's own log.")
    Path from;

    @Mixin
    OdlCredentialOptions.FromLog odl;

    @Mixin
    SubmitOptions submit;

    @Override
    public Integer call() {
        PrintWriter out = root.spec.commandLine().getOut();
        OdlCredentials credentials = odl.credentialsOnly("replay"); // input first, then privileges
        List<IntentView> fromFile = from == null ? null
                : ReplayPlanner.fromFile(root.invocation().resolve(from), root.home().naming());
        if (!submit.dryRun) {
            root.checkLabAndRoot();
        }
        try (LabClient client = submit.dryRun ? root.openToRead(root.settings())
                : root.open(root.settings().with(credentials))) {
            List<IntentView> plan = fromFile != null ? fromFile : ReplayPlanner.plan(client.state());
            if (plan.isEmpty()) {
                throw new DovsException(DovsException.INVALID, "nothing to replay: the log has no successful "
                        + "add-node or add-guest");
            }
            // the dry run refuses what the real run refuses: the lab's resources, then any intent the decider
            // would refuse against the state the previous ones leave
            String refusal = ReplayPlanner.refusal(client.state());
            if (refusal != null) {
                if (submit.dryRun) {
                    throw DryRun.refused(out, "replay", refusal, submit.json);
                }
                throw new DovsException(DovsException.INVALID, refusal);
            }
            if (submit.dryRun) {
                DryRun.refuseIfRefused(out, client.state(), plan.stream().map(IntentView::intent).toList(),
                        submit.json);
            }
            if (submit.dryRun && submit.json) {
                PlanPrinter.json(out, plan.stream().map(IntentView::intent).toList(), client.naming().lab());
                return 0;
            }
            if (submit.dryRun) {
                plan.forEach(i -> out.println(i.intent().describe() + "   (" + i.id() + ")"));
                return 0;
            }
            Submitter submitter = new Submitter(client, root.spec.commandLine().getErr(), submit.quiet);
            for (IntentView iv : plan) {
                if (!submit.quiet) {
                    root.spec.commandLine().getErr().println("replay: " + iv.intent().describe());
                }
                submitter.submitAndWait(iv.intent(), iv.id(), submit, out);
            }
            if (!submit.quiet && !submit.detach) {
                InfoPrinter.printText(out, InfoPrinter.snapshot(client, null), true);
            }
        }
        return 0;
    }
}
