package dev.dovs.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.dovs.engine.DovsException;
import dev.dovs.engine.core.Decider;
import dev.dovs.engine.core.Decision;
import dev.dovs.engine.core.PlanJson;
import dev.dovs.engine.core.Rehearsal;
import dev.dovs.events.Action;
import dev.dovs.events.Intent;
import dev.dovs.events.codec.EventCodec;
import dev.dovs.events.projection.LabProjection;

import java.io.PrintWriter;
import java.util.List;

/**
 * {@code --dry-run}: what the engine would do with an intent, asked of the same {@link Decider} against the lab's
 * current projection, with nothing appended and nothing touched. Text: one line per step, numbered by stage (the
 * steps of a stage run concurrently). JSON: {@code {"intent":{type,data}}} and the plan as {@link PlanJson} prints
 * it ({@code "stages"} and {@code "outcome"}), or {@code "rejected"} with the reason.
 */
final class DryRun {
    private static final ObjectMapper JSON = new ObjectMapper();

    private DryRun() {
    }

    /** Prints the plan; a refusal is exit 2, as the real command's would be. */
    static int print(PrintWriter out, LabProjection state, Intent intent, boolean json) {
        return print(out, state, intent, Decider.decide(state, intent), json);
    }

    /**
     * A sequence of intents ({@code apply}, {@code replay}) rehearsed against the lab ({@link Rehearsal}): refused
     * (exit 2, {@code <intent> would be refused: <reason>}, and with --json the refused intent and
     * {@code "rejected"}) when one of them would be, as the real run would stop there; else nothing printed here.
     */
    static void refuseIfRefused(PrintWriter out, LabProjection scratch, List<? extends Intent> intents,
                                boolean json) {
        Rehearsal.Result r = Rehearsal.run(scratch, intents);
        if (r.refusal() != null) {
            print(out, scratch, r.refused(), r.refusal(), json);
        }
    }

    /** A refusal of the whole command that no intent's decision gives (e.g. replay into a lab with resources). */
    static DovsException refused(PrintWriter out, String command, String why, boolean json) {
        if (json) {
            out.println(JSON.createObjectNode().put("rejected", why));
            out.flush();
        }
        return new DovsException(DovsException.INVALID, command + " would be refused: " + why);
    }

    private static int print(PrintWriter out, LabProjection state, Intent intent, Decision d, boolean json) {
        ObjectNode root = JSON.createObjectNode();
        root.set("intent", PlanPrinter.json(List.of(intent), state.naming().lab()).get(0));
        if (d instanceof Decision.Rejected r) {
            String why = r.message();
            if (json) {
                out.println(root.put("rejected", why));
                out.flush();
            }
            throw new DovsException(DovsException.INVALID, intent.describe() + " would be refused: " + why);
        }
        List<List<Action>> stages;
        String note = null;
        if (d instanceof Decision.Planned p) {
            stages = p.plan().actions();
            if (json) {
                root.setAll(PlanJson.encode(p.plan()));
            }
        } else {
            Decision.Inspect i = (Decision.Inspect) d;
            stages = List.of(List.of(i.read()));
            note = "the rest of the plan depends on what the lab's controller holds, read by this first step";
            if (json) {
                ObjectNode step = root.putArray("stages").addObject().put("onFailure", "roll-back")
                        .putArray("steps").addObject();
                step.set("action", EventCodec.encodeAction(i.read()));
                root.put("incomplete", note);
            }
        }
        if (json) {
            out.println(root);
        } else {
            out.println("Plan for " + intent.describe() + ":");
            int n = 0;
            for (List<Action> stage : stages) {
                n++;
                for (Action a : stage) {
                    out.printf("  %2d. %s%n", n, a.describe());
                }
            }
            if (note != null) {
                out.println("  (" + note + ")");
            }
        }
        out.flush();
        return 0;
    }
}
