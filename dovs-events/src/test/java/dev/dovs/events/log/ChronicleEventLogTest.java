package dev.dovs.events.log;

import dev.dovs.events.EngineEvent;
import dev.dovs.events.EventEnvelope;
import dev.dovs.events.Intent;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

@Timeout(value = 30, unit = TimeUnit.SECONDS)
class ChronicleEventLogTest {

    @TempDir
    Path dir;

    private static EventEnvelope node(String name) {
        return EventEnvelope.of("default", "intent-" + name, null, "test", new Intent.AddNode(name, "img"));
    }

    private static String nodeName(EventEnvelope e) {
        return ((Intent.AddNode) e.event()).node();
    }

    private static void assertStrictlyIncreasing(List<EventEnvelope> entries) {
        for (int i = 1; i < entries.size(); i++) {
            assertTrue(entries.get(i).index() > entries.get(i - 1).index(),
                    "index at " + i + " not increasing: " + entries.get(i - 1).index() + " -> " + entries.get(i).index());
        }
    }

    @Test
    void append_returns_the_assigned_index_and_read_all_gives_entries_in_append_order() {
        try (ChronicleEventLog log = ChronicleEventLog.open(dir)) {
            // Given three appended entries
            List<EventEnvelope> appended = new ArrayList<>();
            for (String n : List.of("a", "b", "c")) {
                EventEnvelope e = log.append(node(n));
                assertNotEquals(EventEnvelope.UNINDEXED, e.index(), "append assigns an index");
                appended.add(e);
            }
            assertStrictlyIncreasing(appended);

            // When reading everything back
            List<EventEnvelope> all = log.readAll();

            // Then order, indexes and content match what was appended
            assertEquals(List.of("a", "b", "c"), all.stream().map(ChronicleEventLogTest::nodeName).toList());
            assertEquals(appended.stream().map(EventEnvelope::index).toList(),
                    all.stream().map(EventEnvelope::index).toList());
            for (int i = 0; i < all.size(); i++) {
                EventEnvelope a = appended.get(i);
                EventEnvelope r = all.get(i);
                assertEquals(a.event(), r.event());
                assertEquals(a.intentId(), r.intentId());
                assertEquals(a.lab(), r.lab());
                assertEquals(a.actor(), r.actor());
                assertEquals(a.time(), r.time());
            }
        }
    }

    @Test
    void empty_log_reads_nothing() {
        try (ChronicleEventLog log = ChronicleEventLog.open(dir)) {
            assertTrue(log.readAll().isEmpty());
            try (EventLog.Cursor c = log.cursor(EventEnvelope.UNINDEXED)) {
                assertTrue(c.next().isEmpty());
            }
        }
    }

    @Test
    void cursor_after_an_index_resumes_with_the_next_entry() {
        try (ChronicleEventLog log = ChronicleEventLog.open(dir)) {
            EventEnvelope a = log.append(node("a"));
            EventEnvelope b = log.append(node("b"));
            log.append(node("c"));

            try (EventLog.Cursor afterA = log.cursor(a.index())) {
                assertEquals("b", nodeName(afterA.next().orElseThrow()));
                assertEquals("c", nodeName(afterA.next().orElseThrow()));
                assertTrue(afterA.next().isEmpty());
            }
            try (EventLog.Cursor afterB = log.cursor(b.index())) {
                EventEnvelope next = afterB.next().orElseThrow();
                assertEquals("c", nodeName(next));
                assertTrue(next.index() > b.index());
            }
        }
    }

    @Test
    void cursor_after_the_last_index_sees_only_later_appends() {
        try (ChronicleEventLog log = ChronicleEventLog.open(dir)) {
            log.append(node("a"));
            EventEnvelope last = log.append(node("b"));
            try (EventLog.Cursor c = log.cursor(last.index())) {
                assertTrue(c.next().isEmpty());
                log.append(node("c"));
                assertEquals("c", nodeName(c.next().orElseThrow()));
            }
        }
    }

    @Test
    void tailing_cursor_sees_entries_appended_after_it_reached_the_end() throws Exception {
        try (ChronicleEventLog log = ChronicleEventLog.open(dir)) {
            log.append(node("a"));
            try (EventLog.Cursor c = log.cursor(EventEnvelope.UNINDEXED)) {
                assertEquals("a", nodeName(c.next().orElseThrow()));
                assertTrue(c.next().isEmpty(), "at the end");

                // When another thread appends (like a CLI appending while the engine tails)
                Thread writer = new Thread(() -> {
                    log.append(node("b"));
                    log.append(node("c"));
                });
                writer.start();
                writer.join();

                // Then the same cursor continues with them, in order
                assertEquals("b", nodeName(c.next().orElseThrow()));
                assertEquals("c", nodeName(c.next().orElseThrow()));
                assertTrue(c.next().isEmpty());
            }
        }
    }

    @Test
    void two_threads_appending_concurrently_lose_nothing_and_keep_each_writers_order() throws Exception {
        int perWriter = 300;
        try (ChronicleEventLog log = ChronicleEventLog.open(dir)) {
            ExecutorService pool = Executors.newFixedThreadPool(2);
            CountDownLatch go = new CountDownLatch(1);
            try {
                List<Future<List<Long>>> writers = new ArrayList<>();
                for (String w : List.of("x", "y")) {
                    writers.add(pool.submit(() -> {
                        go.await();
                        List<Long> idx = new ArrayList<>();
                        for (int i = 0; i < perWriter; i++) {
                            idx.add(log.append(node(w + i)).index());
                        }
                        return idx;
                    }));
                }
                go.countDown();
                List<Long> returned = new ArrayList<>();
                for (Future<List<Long>> f : writers) {
                    returned.addAll(f.get(20, TimeUnit.SECONDS));
                }
                assertEquals(2 * perWriter, returned.stream().distinct().count(), "indexes are unique");
            } finally {
                pool.shutdownNow();
            }

            List<EventEnvelope> all = log.readAll();
            assertEquals(2 * perWriter, all.size());
            assertStrictlyIncreasing(all);
            for (String w : List.of("x", "y")) {
                List<String> mine = all.stream().map(ChronicleEventLogTest::nodeName).filter(n -> n.startsWith(w))
                        .toList();
                List<String> expected = new ArrayList<>();
                for (int i = 0; i < perWriter; i++) {
                    expected.add(w + i);
                }
                assertEquals(expected, mine, "writer " + w + " lost or reordered entries");
            }
        }
    }

    @Test
    void reopening_the_queue_directory_reads_everything_back_and_appends_after_it() {
        List<EventEnvelope> written = new ArrayList<>();
        try (ChronicleEventLog log = ChronicleEventLog.open(dir)) {
            written.add(log.append(node("a")));
            written.add(log.append(EventEnvelope.of("default", null, null, "engine",
                    new EngineEvent.EngineStarted(1, "daemon", "dev"))));
            written.add(log.append(node("b")));
        }

        try (ChronicleEventLog reopened = ChronicleEventLog.open(dir)) {
            List<EventEnvelope> all = reopened.readAll();
            assertEquals(written, all, "same entries, same indexes after reopening");

            EventEnvelope later = reopened.append(node("c"));
            assertTrue(later.index() > written.get(2).index());
            try (EventLog.Cursor c = reopened.cursor(written.get(2).index())) {
                Optional<EventEnvelope> next = c.next();
                assertEquals("c", nodeName(next.orElseThrow()));
            }
        }
    }

    @Test
    void two_logs_open_on_the_same_directory_see_each_others_appends() {
        // Like a CLI process and an engine process sharing the lab's log.
        try (ChronicleEventLog engine = ChronicleEventLog.open(dir);
             ChronicleEventLog cli = ChronicleEventLog.open(dir);
             EventLog.Cursor tail = engine.cursor(EventEnvelope.UNINDEXED)) {
            assertTrue(tail.next().isEmpty());
            EventEnvelope submitted = cli.append(node("a"));
            EventEnvelope seen = tail.next().orElseThrow();
            assertEquals(submitted.index(), seen.index());
            assertEquals(submitted.event(), seen.event());
        }
    }
}
