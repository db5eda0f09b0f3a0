package dev.dovs.events.log;

import dev.dovs.events.Action;
import dev.dovs.events.EventEnvelope;
import dev.dovs.events.Intent;
import dev.dovs.events.Outcome;
import dev.dovs.events.StepEvent;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The free-space guard: new work needs room and the reserve; finishing work may use the reserve. */
class LogSpaceTest {
    private static final long PLENTY = 1L << 30;

    @TempDir
    Path dir;

    private static EventEnvelope env(dev.dovs.events.Event e) {
        return EventEnvelope.of("t", "i", null, "test", e);
    }

    private static final EventEnvelope ADD_NODE = env(new Intent.AddNode("n1", "img"));
    private static final EventEnvelope CLEAN = env(new Intent.Clean(null, false));
    private static final EventEnvelope CREATE_STEP = env(new StepEvent.StepStarted("s1",
            new Action.EnsureNetwork("net", "t"), null));
    private static final EventEnvelope UNDO_STEP = env(new StepEvent.StepStarted("s2",
            new Action.RemoveNetwork("net", "t"), "s1"));
    private static final EventEnvelope SWEEP_STEP = env(new StepEvent.StepStarted("s3",
            new Action.Sweep(Action.Subsystem.DOCKER, "t", null), null));
    private static final EventEnvelope OUTCOME = env(new Outcome.NodeAddFailed("n1",
            new Outcome.Failure(Outcome.Failure.Kind.FAILED, "x", true)));

    @Test
    void only_intents_other_than_clean_and_creating_steps_begin_work() {
        assertTrue(LogSpace.beginsWork(ADD_NODE));
        assertTrue(LogSpace.beginsWork(CREATE_STEP));
        assertFalse(LogSpace.beginsWork(CLEAN), "clean must work on a full disk");
        assertFalse(LogSpace.beginsWork(UNDO_STEP), "a rollback must work on a full disk");
        assertFalse(LogSpace.beginsWork(SWEEP_STEP));
        assertFalse(LogSpace.beginsWork(OUTCOME));
    }

    @Test
    void new_work_is_refused_below_the_minimum_with_the_free_space_in_the_message() {
        AtomicLong free = new AtomicLong(PLENTY);
        LogSpace space = new LogSpace(dir, free::get);
        assertTrue(space.createReserve());
        free.set(LogSpace.MIN_FREE_BYTES - 1);

        LogWriteException e = assertThrows(LogWriteException.class, () -> space.guard(ADD_NODE));
        assertEquals(LogWriteException.Kind.NO_SPACE, e.kind());
        assertTrue(e.getMessage().startsWith("no space left on device in the lab's state dir "), e.getMessage());
        assertTrue(e.getMessage().contains("255 KiB free"), e.getMessage());
        assertThrows(LogWriteException.class, () -> space.guard(CREATE_STEP));
        assertTrue(Files.exists(space.reserveFile()), "refusing new work keeps the reserve");
    }

    @Test
    void finishing_work_below_the_minimum_releases_the_reserve_and_is_allowed() {
        AtomicLong base = new AtomicLong(PLENTY);
        Path reserve = dir.resolve(LogSpace.RESERVE_FILE);
        // the file system as the guard sees it: deleting the reserve gives its bytes back
        LogSpace space = new LogSpace(dir, () -> base.get() + (Files.exists(reserve) ? 0 : LogSpace.RESERVE_BYTES));
        assertTrue(space.createReserve());
        assertEquals(LogSpace.RESERVE_BYTES, space.reserveFile().toFile().length());
        base.set(1024);

        space.guard(OUTCOME);
        assertFalse(Files.exists(space.reserveFile()), "the reserve gave its space to the log");
        space.guard(CLEAN);
        space.guard(UNDO_STEP);
    }

    @Test
    void with_no_reserve_left_even_finishing_work_is_refused_rather_than_faulting() {
        LogSpace space = new LogSpace(dir, () -> 4096);
        LogWriteException e = assertThrows(LogWriteException.class, () -> space.guard(OUTCOME));
        assertEquals(LogWriteException.Kind.NO_SPACE, e.kind());
    }

    @Test
    void new_work_without_the_reserve_needs_room_to_recreate_it_first() {
        AtomicLong free = new AtomicLong(LogSpace.MIN_FREE_BYTES + 1);
        LogSpace space = new LogSpace(dir, free::get);
        assertFalse(Files.exists(space.reserveFile()));

        assertThrows(LogWriteException.class, () -> space.guard(ADD_NODE),
                "enough for the entry but not for the reserve a rollback would need");
        free.set(PLENTY);
        space.guard(ADD_NODE);
        assertTrue(Files.exists(space.reserveFile()), "recreated once there is room");
    }

    @Test
    void a_log_refusing_an_append_writes_nothing() {
        try (ChronicleEventLog log = ChronicleEventLog.open(dir)) {
            log.append(ADD_NODE);
        }
        // the real file system has room: the guard lets it through, and a reader sees exactly one entry
        try (ChronicleEventLog log = ChronicleEventLog.open(dir)) {
            assertEquals(1, log.readAll().size());
            assertFalse(log.readOnly());
        }
    }

    @Test
    void a_partially_written_entry_is_skipped_on_read_and_never_fatal() {
        try (ChronicleEventLog log = ChronicleEventLog.open(dir)) {
            log.append(ADD_NODE);
        }
        // what a write cut short by a full disk leaves once the space is back: a committed entry whose bytes stop
        try (net.openhft.chronicle.queue.ChronicleQueue q = net.openhft.chronicle.queue.impl.single
                .SingleChronicleQueueBuilder.single(dir.toFile())
                .rollCycle(net.openhft.chronicle.queue.RollCycles.FAST_DAILY).build();
             net.openhft.chronicle.queue.ExcerptAppender a = q.createAppender()) {
            a.writeText("{\"v\":1,\"type\":\"intent.add-guest\",\"time\":\"2026-11-30T07:00:00Z\",\"la\u0000\u0000");
        }
        try (ChronicleEventLog log = ChronicleEventLog.open(dir)) {
            log.append(EventEnvelope.of("t", "i2", null, "test", new Intent.Clean(null, false)));
            java.util.List<EventEnvelope> all = log.readAll();
            assertEquals(3, all.size(), all::toString);
            dev.dovs.events.UnknownEvent damaged = (dev.dovs.events.UnknownEvent) all.get(1).event();
            assertEquals("<unparsable>", damaged.type());
            dev.dovs.events.projection.LabProjection p = dev.dovs.events.projection.LabProjection.fold(
                    dev.dovs.events.model.LabNaming.defaultLab(), all);
            assertEquals(2, p.intents().size(), "the damaged entry is no intent: it is never applied");
        }
    }
}
