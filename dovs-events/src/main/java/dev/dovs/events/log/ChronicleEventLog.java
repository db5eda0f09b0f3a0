package dev.dovs.events.log;

import dev.dovs.events.EventEnvelope;
import dev.dovs.events.codec.EventCodec;
import net.openhft.chronicle.queue.ChronicleQueue;
import net.openhft.chronicle.queue.ExcerptAppender;
import net.openhft.chronicle.queue.ExcerptTailer;
import net.openhft.chronicle.queue.RollCycles;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueueBuilder;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * {@link EventLog} on a Chronicle Queue directory. Each entry is one JSON text (see {@link EventCodec}).
 * Chronicle appenders and tailers are confined to one thread, so appends are serialised here and every cursor
 * owns its tailer.
 */
public final class ChronicleEventLog implements EventLog {
    static {
        // Must be set before any Chronicle class initialises: no banner, no phoning home, no perf chatter.
        System.setProperty("chronicle.analytics.disable", "true");
        System.setProperty("chronicle.announcer.disable", "true");
        System.setProperty("disable.perf.info", "true");
    }

    private final ChronicleQueue queue;
    private final ThreadLocal<ExcerptAppender> appenders;
    private final List<AutoCloseable> toClose = new ArrayList<>();

    private ChronicleEventLog(ChronicleQueue queue) {
        this.queue = queue;
        this.appenders = ThreadLocal.withInitial(() -> {
            ExcerptAppender a = queue.createAppender();
            synchronized (toClose) {
                toClose.add(a);
            }
            return a;
        });
    }

    /** Opens (creating when missing) the queue in {@code dir}. Always the same roll cycle, so readers agree. */
    public static ChronicleEventLog open(Path dir) {
        ChronicleQueue q = SingleChronicleQueueBuilder.single(dir.toFile())
                .rollCycle(RollCycles.FAST_DAILY)
                .build();
        return new ChronicleEventLog(q);
    }

    @Override
    public synchronized EventEnvelope append(EventEnvelope envelope) {
        ExcerptAppender appender = appenders.get();
        appender.writeText(EventCodec.encode(envelope));
        return envelope.withIndex(appender.lastIndexAppended());
    }

    @Override
    public Cursor cursor(long afterIndex) {
        ExcerptTailer tailer = queue.createTailer();
        if (afterIndex == EventEnvelope.UNINDEXED) {
            tailer.toStart();
        } else if (tailer.moveToIndex(afterIndex)) {
            tailer.readText(); // positioned on afterIndex itself: consume it
        } else {
            tailer.toEnd();
        }
        return new ChronicleCursor(tailer);
    }

    @Override
    public void close() {
        synchronized (toClose) {
            for (AutoCloseable c : toClose) {
                try {
                    c.close();
                } catch (Exception ignored) {
                    // closing is best effort; the queue close below releases the files
                }
            }
            toClose.clear();
        }
        queue.close();
    }

    private static final class ChronicleCursor implements Cursor {
        private final ExcerptTailer tailer;
        private final StringBuilder buffer = new StringBuilder(512);

        ChronicleCursor(ExcerptTailer tailer) {
            this.tailer = tailer;
        }

        @Override
        public Optional<EventEnvelope> next() {
            buffer.setLength(0);
            if (!tailer.readText(buffer)) {
                return Optional.empty();
            }
            return Optional.of(EventCodec.decode(tailer.lastReadIndex(), buffer.toString()));
        }

        @Override
        public void close() {
            tailer.close();
        }
    }
}
