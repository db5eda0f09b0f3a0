package dev.dovs.engine;

import dev.dovs.events.EventEnvelope;
import dev.dovs.events.Intent;
import dev.dovs.events.Outcome;
import dev.dovs.events.codec.EventCodec;
import dev.dovs.events.model.LabNaming;
import dev.dovs.events.projection.IntentView;
import dev.dovs.events.projection.LabProjection;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Which intents {@code replay} re-submits: the successful ones that built the lab, in their original order. */
public final class ReplayPlanner {
    private ReplayPlanner() {
    }

    /**
     * The build's intents, each naming its guest canonically: an intent of an old log may name a guest by its
     * namespace name (an alias, {@link dev.dovs.events.model.LabNaming#resolveGuest}); its successful outcome says
     * which guest it acted on, and the replayed intent names that one, whatever lab it is replayed into.
     */
    public static List<IntentView> plan(LabProjection state) {
        return state.buildIntents().stream().map(ReplayPlanner::canonical).toList();
    }

    /**
     * Why {@code replay} refuses to run into this lab, or null: a lab that may still have resources would get a
     * second copy of what it holds. Its dry run refuses the same ({@code replay would be refused: ...}).
     */
    public static String refusal(LabProjection state) {
        return state.hasResources() ? "lab " + state.naming().lab() + " still has resources: run 'dovs clean' "
                + "first, or replay into another lab with --lab" : null;
    }

    static IntentView canonical(IntentView iv) {
        Intent intent = iv.intent();
        Intent named = intent;
        if (intent instanceof Intent.MoveGuest m && iv.outcome() instanceof Outcome.GuestMoved o) {
            named = new Intent.MoveGuest(o.guest(), m.node());
        } else if (intent instanceof Intent.DelGuest && iv.outcome() instanceof Outcome.GuestRemoved o) {
            named = new Intent.DelGuest(o.guest());
        } else if (intent instanceof Intent.Netem n && iv.outcome() instanceof Outcome.NetemSet o) {
            named = new Intent.Netem(o.guest(), n.impairment());
        }
        return named.equals(intent) ? iv : new IntentView(iv.id(), iv.index(), iv.time(), iv.actor(),
                iv.causationId(), named, iv.status(), iv.outcome(), iv.outcomeIndex(), iv.outcomeTime());
    }

    /** From a log exported as JSON lines ({@code dovs log --json}); lines that do not decode are skipped. */
    public static List<IntentView> fromFile(Path file, LabNaming naming) {
        List<EventEnvelope> events = new ArrayList<>();
        try {
            long i = 0;
            for (String line : Files.readAllLines(file)) {
                if (!line.isBlank()) {
                    events.add(EventCodec.decode(i++, line));
                }
            }
        } catch (IOException e) {
            throw new DovsException(DovsException.INVALID, "cannot read " + file + ": " + e.getMessage());
        }
        return plan(LabProjection.fold(naming, events));
    }
}
