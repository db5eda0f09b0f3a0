package dev.dovs.events.log;

import dev.dovs.events.EventEnvelope;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A lab's append-only event log, shared by every process working on the lab. Appends from several processes are
 * serialised into one total order (the index); each writer's own order is kept.
 */
public interface EventLog extends AutoCloseable {

    /** Appends and returns the entry with its assigned index. Safe to call from any thread. */
    EventEnvelope append(EventEnvelope envelope);

    /** A reader positioned after {@code afterIndex}; {@link EventEnvelope#UNINDEXED} starts at the beginning. */
    Cursor cursor(long afterIndex);

    default List<EventEnvelope> readAll() {
        List<EventEnvelope> all = new ArrayList<>();
        try (Cursor c = cursor(EventEnvelope.UNINDEXED)) {
            for (Optional<EventEnvelope> e = c.next(); e.isPresent(); e = c.next()) {
                all.add(e.get());
            }
        }
        return all;
    }

    @Override
    void close();

    /** Reads forward; {@link #next()} returns empty at the current end and can be called again later (tailing). */
    interface Cursor extends AutoCloseable {
        Optional<EventEnvelope> next();

        @Override
        void close();
    }
}
