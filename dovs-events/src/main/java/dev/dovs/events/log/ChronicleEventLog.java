package dev.dovs.events.log;

import dev.dovs.events.EventEnvelope;
import dev.dovs.events.UnknownEvent;
import dev.dovs.events.codec.EventCodec;
import net.openhft.chronicle.queue.ChronicleQueue;
import net.openhft.chronicle.queue.ExcerptAppender;
import net.openhft.chronicle.queue.ExcerptTailer;
import net.openhft.chronicle.queue.RollCycles;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueueBuilder;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * {@link EventLog} on a Chronicle Queue directory. Each entry is one JSON text (see {@link EventCodec}).
 * Chronicle appenders and tailers are confined to one thread, so appends are serialised here and every cursor
 * owns its tailer.
 *
 * <p>Failures of the file system: an append checks the free space first ({@link LogSpace}) and turns any failure
 * into a {@link LogWriteException} (never an {@link InternalError} from a faulting memory-mapped write). A
 * directory that is not writable is opened read-only: reading works, appending raises {@code READ_ONLY}. An entry
 * that cannot be read (its page faults) or that was left partial is returned as an {@link UnknownEvent} of type
 * {@value #UNREADABLE} or {@code <unparsable>}, and reading carries on after it.
 */
public final class ChronicleEventLog implements EventLog {
    static {
        // Must be set before any Chronicle class initialises: no banner, no phoning home, no perf chatter.
        System.setProperty("chronicle.analytics.disable", "true");
        System.setProperty("chronicle.announcer.disable", "true");
        System.setProperty("disable.perf.info", "true");
    }

    /** Type of the {@link UnknownEvent} standing for an entry whose bytes could not be read. */
    public static final String UNREADABLE = "<unreadable>";

    private final ChronicleQueue queue;
    private final Path dir;
    private final LogSpace space;
    private final boolean readOnly;
    private final ThreadLocal<ExcerptAppender> appenders;
    private final List<AutoCloseable> toClose = new ArrayList<>();

    private ChronicleEventLog(ChronicleQueue queue, Path dir, boolean readOnly) {
        this.queue = queue;
        this.dir = dir;
        this.space = new LogSpace(dir);
        this.readOnly = readOnly;
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
        boolean readOnly = !writable(dir);
        ChronicleQueue q;
        try {
            q = SingleChronicleQueueBuilder.single(dir.toFile())
                    .rollCycle(RollCycles.FAST_DAILY)
                    .readOnly(readOnly)
                    .build();
        } catch (InternalError | RuntimeException e) {
            throw readOnly ? LogWriteException.readOnly(LogSpace.labDir(dir)) : LogWriteException.io(dir, e);
        }
        ChronicleEventLog log = new ChronicleEventLog(q, dir, readOnly);
        if (!readOnly) {
            log.space.createReserve();
        }
        return log;
    }

    /** True when this process can create files in {@code dir} (false on a read-only mount or without permission). */
    static boolean writable(Path dir) {
        try {
            Files.createDirectories(dir); // Chronicle would create it too; a read-only mount refuses
            return Files.isWritable(dir) && !Files.getFileStore(dir).isReadOnly();
        } catch (java.io.IOException e) {
            return false;
        }
    }

    /** True when the log was opened read-only (its directory cannot be written): every append fails. */
    public boolean readOnly() {
        return readOnly;
    }

    /**
     * {@inheritDoc}
     *
     * @throws LogWriteException when the entry cannot be written: {@code READ_ONLY}, {@code NO_SPACE} (the guard
     *                           refused it, or the file system filled up while writing) or {@code IO}
     */
    @Override
    public synchronized EventEnvelope append(EventEnvelope envelope) {
        if (readOnly) {
            throw LogWriteException.readOnly(LogSpace.labDir(dir));
        }
        String text = EventCodec.encode(envelope);
        space.guard(envelope);
        try {
            ExcerptAppender appender = appenders.get();
            appender.writeText(text);
            // A faulting write into a mapped page is reported asynchronously: a native call makes it surface here.
            Thread.yield();
            return envelope.withIndex(appender.lastIndexAppended());
        } catch (InternalError | RuntimeException e) {
            long free = space.free();
            if (free < LogSpace.MIN_FREE_BYTES) {
                space.release(); // so that what runs next can still finish its work
                throw new LogWriteException(LogWriteException.Kind.NO_SPACE,
                        LogWriteException.noSpace(LogSpace.labDir(dir), free).getMessage(), e);
            }
            throw LogWriteException.io(dir, e);
        }
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
        /** Index of an entry that could not be read; reading resumes after it once a next entry exists. */
        private long unreadable = -1;

        ChronicleCursor(ExcerptTailer tailer) {
            this.tailer = tailer;
        }

        @Override
        public Optional<EventEnvelope> next() {
            if (unreadable >= 0) {
                if (!skipPast(unreadable)) {
                    return Optional.empty();
                }
                unreadable = -1;
            }
            buffer.setLength(0);
            long at = tailer.index();
            String text;
            long index;
            try {
                if (!tailer.readText(buffer)) {
                    return Optional.empty();
                }
                index = tailer.lastReadIndex();
                text = buffer.toString();
                Thread.yield(); // let a fault of the mapped read surface here, not in the caller
            } catch (InternalError | RuntimeException e) {
                // The entry's page cannot be read (a full tmpfs cannot even map a page to read it, EIO):
                // report it as unreadable and go on after it.
                unreadable = at;
                return Optional.of(new EventEnvelope(at, Instant.EPOCH, "", null, null, null,
                        new UnknownEvent(UNREADABLE, String.valueOf(e.getMessage()))));
            }
            return Optional.of(EventCodec.decode(index, text));
        }

        private boolean skipPast(long index) {
            try {
                return tailer.moveToIndex(index + 1);
            } catch (InternalError | RuntimeException e) {
                return false;
            }
        }

        @Override
        public void close() {
            tailer.close();
        }
    }
}
