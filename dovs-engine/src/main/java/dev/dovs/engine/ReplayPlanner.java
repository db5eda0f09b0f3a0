package dev.dovs.engine;

import dev.dovs.events.EventEnvelope;
import dev.dovs.events.Intent;
import dev.dovs.events.Outcome;
import dev.dovs.events.UnknownEvent;
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
        return state.hasResources() ? "lab " + state.naming().lab() + " still has resources: run '"
                + state.naming().command("clean") + "' first, or replay into another lab with --lab" : null;
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

    /**
     * From a log exported as JSON lines ({@code dovs log --json}); lines that do not decode are skipped (a newer
     * event type, a truncated last line).
     *
     * @throws DovsException (invalid) {@code FILE: reason} when the file cannot be read ({@link FileErrors}), and
     *                       {@code FILE: not a dovs log ...} when no line of it is an event of the log's wire format
     */
    public static List<IntentView> fromFile(Path file, LabNaming naming) {
        List<EventEnvelope> events = new ArrayList<>();
        try {
            long i = 0;
            for (String line : Files.readAllLines(file)) {
                if (!line.isBlank()) {
                    events.add(EventCodec.decode(i++, line));
                }
            }
        } catch (java.nio.charset.CharacterCodingException e) {
            throw notALog(file);
        } catch (IOException e) {
            throw FileErrors.error(file, e);
        }
        if (events.stream().allMatch(e -> e.event() instanceof UnknownEvent)) {
            throw notALog(file);
        }
        return plan(LabProjection.fold(naming, events));
    }

    private static DovsException notALog(Path file) {
        return new DovsException(DovsException.INVALID, file + ": not a dovs log (no line of it is an event as "
                + "'dovs log --json' writes them)");
    }
}
