package dev.dovs.engine;

import dev.dovs.events.EventEnvelope;
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

    public static List<IntentView> plan(LabProjection state) {
        return state.buildIntents();
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
