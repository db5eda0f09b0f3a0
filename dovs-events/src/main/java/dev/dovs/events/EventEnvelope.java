package dev.dovs.events;

import java.time.Instant;
import java.util.Objects;

/**
 * Metadata around one logged event.
 *
 * @param index       position in the log (assigned by the log on append, {@link #UNINDEXED} before)
 * @param time        when it was appended
 * @param lab         the lab whose log this is
 * @param intentId    correlation: the intent this event belongs to (an intent's own id for the intent itself;
 *                    null for engine lifecycle events)
 * @param causationId what caused it: the forward step a compensation undoes, or the original intent of a replayed
 *                    one; null otherwise
 * @param actor       who asked ({@code user@host pid N}) for intents, which engine for the rest
 */
public record EventEnvelope(long index, Instant time, String lab, String intentId, String causationId,
                            String actor, Event event) {

    public static final long UNINDEXED = -1;

    public EventEnvelope {
        Objects.requireNonNull(time, "time");
        Objects.requireNonNull(lab, "lab");
        Objects.requireNonNull(event, "event");
    }

    public static EventEnvelope of(String lab, String intentId, String causationId, String actor, Event event) {
        return new EventEnvelope(UNINDEXED, Instant.now(), lab, intentId, causationId, actor, event);
    }

    public EventEnvelope withIndex(long newIndex) {
        return new EventEnvelope(newIndex, time, lab, intentId, causationId, actor, event);
    }
}
