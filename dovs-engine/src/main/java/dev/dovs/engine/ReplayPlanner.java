package dev.dovs.engine;

import dev.dovs.events.EventEnvelope;
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
