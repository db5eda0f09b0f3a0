package dev.dovs.events.log;

import dev.dovs.events.EventEnvelope;
import dev.dovs.events.Intent;
import dev.dovs.events.StepEvent;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.function.LongSupplier;

/**
 * The free-space guard of a lab's log. Chronicle Queue writes through memory-mapped files: on a full file system a
 * write does not fail with an error code but faults (SIGBUS, surfacing as an {@link InternalError}), possibly after
 * the entry's header was committed. So dovs checks the free space before each append, and keeps a reserve file
 * in the log directory so that work already begun can always be finished:
 *
 * <ul>
 *   <li>new work (an intent other than {@code clean}, a forward {@code step.started} that creates something) is
 *       appended only with at least
 *       {@link #MIN_FREE_BYTES} free and the reserve in place (it is recreated when missing and there is room);</li>
 *   <li>everything that finishes work (compensations, step results, outcomes, engine events) may use the reserve:
 *       below {@link #MIN_FREE_BYTES} the reserve file is deleted first, so a rollback and the failure outcome
 *       still reach the log.</li>
 * </ul>
 * The guard can race with other writers of the file system, so a write can still fail: the log handles that too.
 */
public final class LogSpace {
    /** Free bytes the file system must have for new work (an entry is a few KiB; Chronicle maps 4 KiB pages). */
    public static final long MIN_FREE_BYTES = 256 * 1024;
    /** Size of the reserve file that finishing work may consume. */
    public static final long RESERVE_BYTES = 256 * 1024;
    /** Below this, even finishing work is refused: there is no room for one more mapped page of log. */
    public static final long LAST_RESORT_BYTES = 64 * 1024;
    /** Name of the reserve file, in the log directory (Chronicle only reads its {@code .cq4} files). */
    public static final String RESERVE_FILE = "space.reserve";

    private final Path logDir;
    private final Path reserve;
    private final LongSupplier free;

    LogSpace(Path logDir) {
        this(logDir, usableSpace(logDir));
    }

    /** With another measure of the free space (tests). */
    LogSpace(Path logDir, LongSupplier free) {
        this.logDir = logDir;
        this.reserve = logDir.resolve(RESERVE_FILE);
        this.free = free;
    }

    /** The lab's directory (the log directory's parent), as messages name it. */
    static Path labDir(Path logDir) {
        Path abs = logDir.toAbsolutePath();
        return abs.getParent() == null ? abs : abs.getParent();
    }

    /**
     * The free space of the file system holding {@code dir}: one {@code statfs} per call. The file store is looked
     * up once (that lookup parses the mount table, too slow for every append).
     */
    private static LongSupplier usableSpace(Path dir) {
        java.nio.file.FileStore store;
        try {
            store = Files.getFileStore(dir);
        } catch (IOException e) {
            return () -> Long.MAX_VALUE;
        }
        return () -> {
            try {
                return store.getUsableSpace();
            } catch (IOException e) {
                return Long.MAX_VALUE;
            }
        };
    }

    /** Free bytes for this user on the log's file system; {@link Long#MAX_VALUE} when it cannot be read. */
    long free() {
        return free.getAsLong();
    }

    /**
     * True for entries that begin work: an intent other than {@code clean}, or a forward step that creates
     * something (it has an undo). False for those that finish or remove work (compensations, sweeps, reads, step
     * results, outcomes, engine events, {@code clean}): they may use the reserve, so that a rollback and
     * {@code clean} still work on a full disk.
     */
    static boolean beginsWork(EventEnvelope env) {
        return env.event() instanceof Intent i && !(i instanceof Intent.Clean)
                || env.event() instanceof StepEvent.StepStarted s && s.undoes() == null && s.action().undo() != null;
    }

    /**
     * Checks the space before an append.
     *
     * @throws LogWriteException {@code NO_SPACE} when new work does not fit
     */
    void guard(EventEnvelope env) {
        long free = free();
        if (beginsWork(env)) {
            if (!Files.exists(reserve)) {
                if (free < MIN_FREE_BYTES + RESERVE_BYTES || !createReserve()) {
                    throw LogWriteException.noSpace(labDir(logDir), free);
                }
                free = free();
            }
            if (free < MIN_FREE_BYTES) {
                throw LogWriteException.noSpace(labDir(logDir), free);
            }
        } else if (free < MIN_FREE_BYTES) {
            release();
            free = free();
            if (free < LAST_RESORT_BYTES) {
                // no reserve left to give: a write now would fault in a mapped page (and could leave Chronicle's
                // write lock held), so it is refused with a clear error instead
                throw LogWriteException.noSpace(labDir(logDir), free);
            }
        }
    }

    /** Creates the reserve when missing and there is room; best effort (false when it could not). */
    boolean createReserve() {
        if (Files.exists(reserve)) {
            return true;
        }
        if (free() < MIN_FREE_BYTES + RESERVE_BYTES) {
            return false;
        }
        Path tmp = reserve.resolveSibling(RESERVE_FILE + ".tmp");
        try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            ByteBuffer zeros = ByteBuffer.allocate(64 * 1024);
            for (long written = 0; written < RESERVE_BYTES; ) {
                zeros.clear();
                written += ch.write(zeros); // real blocks, not a sparse file: deleting it frees space
            }
            ch.force(false);
        } catch (IOException e) {
            deleteQuietly(tmp);
            return false;
        }
        try {
            Files.move(tmp, reserve, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
            return true;
        } catch (IOException e) {
            deleteQuietly(tmp);
            return false;
        }
    }

    /** Deletes the reserve, giving its space to the log. */
    void release() {
        deleteQuietly(reserve);
    }

    Path reserveFile() {
        return reserve;
    }

    private static void deleteQuietly(Path p) {
        try {
            Files.deleteIfExists(p);
        } catch (IOException ignored) {
            // nothing more to free
        }
    }
}
