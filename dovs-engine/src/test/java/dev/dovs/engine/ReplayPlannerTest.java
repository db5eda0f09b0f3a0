package dev.dovs.engine;

import dev.dovs.events.Event;
import dev.dovs.events.EventEnvelope;
import dev.dovs.events.Intent;
import dev.dovs.events.Outcome;
import dev.dovs.events.Outcome.Failure;
import dev.dovs.events.codec.EventCodec;
import dev.dovs.events.log.ChronicleEventLog;
import dev.dovs.events.model.LabNaming;
import dev.dovs.events.projection.IntentView;
import dev.dovs.events.projection.LabProjection;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ReplayPlannerTest {
    private static final String PORT1 = "3d2c1b0a-9f8e-4d7c-8b6a-5f4e3d2c1b0a";
    private static final String PORT2 = "7e6d5c4b-3a29-4180-8f7e-6d5c4b3a2918";

    @TempDir
    Path dir;

    private static final Intent.AddNode NODE = new Intent.AddNode("n1", "img:1");
    private static final Intent.AddGuest GUEST = new Intent.AddGuest("g1", "n1", "10.0.0.1/24", "fa:16:3e:00:00:01",
            PORT1, null, null, 1400);
    private static final Intent.AddGuest DUP = new Intent.AddGuest("g2", "n1", "10.0.0.1/24", "fa:16:3e:00:00:02",
            PORT2, null, null, 1500);

    private static void append(ChronicleEventLog log, String intentId, Event e) {
        log.append(EventEnvelope.of("default", intentId, null, "test", e));
    }

    /** add-node, add-guest, a failed add-guest, clean: what a user did before wanting the lab back. */
    private List<EventEnvelope> history(ChronicleEventLog log) {
        append(log, "i-node", NODE);
        append(log, "i-node", new Outcome.NodeAdded("n1", "n1", "cid", "172.18.0.2", "172.19.0.2"));
        append(log, "i-guest", GUEST);
        append(log, "i-guest", new Outcome.GuestAdded("g1", "n1", "dovs-g1", "tap3d2c1b0a-9f"));
        append(log, "i-dup", DUP);
        append(log, "i-dup", new Outcome.GuestAddFailed("g2", new Failure(Failure.Kind.REJECTED, "dup", true)));
        append(log, "i-clean", new Intent.Clean());
        append(log, "i-clean", new Outcome.LabCleaned(3, 0));
        return log.readAll();
    }

    @Test
    void plan_is_the_successful_intents_that_built_the_lab_before_the_clean_in_order() {
        try (ChronicleEventLog log = ChronicleEventLog.open(dir.resolve("log"))) {
            List<EventEnvelope> all = history(log);

            List<IntentView> plan = ReplayPlanner.plan(LabProjection.fold(LabNaming.defaultLab(), all));

            assertEquals(List.of("i-node", "i-guest"), plan.stream().map(IntentView::id).toList());
            assertEquals(List.of(NODE, GUEST), plan.stream().map(IntentView::intent).toList());
        }
    }

    @Test
    void plan_of_a_lab_rebuilt_after_the_clean_is_only_the_new_build() {
        try (ChronicleEventLog log = ChronicleEventLog.open(dir.resolve("log"))) {
            history(log);
            append(log, "i-node2", new Intent.AddNode("n2", "img"));
            append(log, "i-node2", new Outcome.NodeAdded("n2", "n2", "c", "m", "i"));

            List<IntentView> plan = ReplayPlanner.plan(LabProjection.fold(LabNaming.defaultLab(), log.readAll()));

            assertEquals(List.of("i-node2"), plan.stream().map(IntentView::id).toList());
        }
    }

    @Test
    void plan_of_an_empty_log_is_empty() {
        assertTrue(ReplayPlanner.plan(new LabProjection(LabNaming.defaultLab())).isEmpty());
    }

    @Test
    void from_file_reads_a_json_lines_export_and_gives_the_same_plan() throws Exception {
        Path export = dir.resolve("export.jsonl");
        try (ChronicleEventLog log = ChronicleEventLog.open(dir.resolve("log"))) {
            // Given the log exported as 'dovs log --json' does, plus noise a hand-edited file may contain
            List<String> lines = new ArrayList<>();
            for (EventEnvelope e : history(log)) {
                lines.add(EventCodec.toJsonTree(e).toString());
                if (lines.size() == 3) {
                    lines.add("");
                    lines.add("this line is not json");
                    lines.add("{\"type\":\"intent.add-router\",\"data\":{}}");
                }
            }
            Files.write(export, lines);
        }

        List<IntentView> plan = ReplayPlanner.fromFile(export, LabNaming.defaultLab());

        assertEquals(List.of("i-node", "i-guest"), plan.stream().map(IntentView::id).toList());
        assertEquals(List.of(NODE, GUEST), plan.stream().map(IntentView::intent).toList());
    }

    @Test
    void from_file_that_cannot_be_read_is_invalid_input() {
        DovsException e = assertThrows(DovsException.class,
                () -> ReplayPlanner.fromFile(dir.resolve("missing.jsonl"), LabNaming.defaultLab()));
        assertEquals(DovsException.INVALID, e.exitCode());
        assertEquals(dir.resolve("missing.jsonl") + ": no such file or directory", e.getMessage());
    }

    @Test
    void a_file_with_no_event_of_the_log_is_named_as_not_a_dovs_log() throws Exception {
        for (String text : List.of("hello\nworld\n", "{\"a\": 1}\n", "", "\u0000\u00ff garbage")) {
            Path garbage = Files.writeString(dir.resolve("garbage.jsonl"), text);
            DovsException e = assertThrows(DovsException.class,
                    () -> ReplayPlanner.fromFile(garbage, LabNaming.defaultLab()));
            assertEquals(DovsException.INVALID, e.exitCode());
            assertTrue(e.getMessage().startsWith(garbage + ": not a dovs log"), e.getMessage());
        }
        Path binary = Files.write(dir.resolve("binary"), new byte[]{(byte) 0xff, (byte) 0xfe, 0, 1});
        DovsException e = assertThrows(DovsException.class,
                () -> ReplayPlanner.fromFile(binary, LabNaming.defaultLab()));
        assertTrue(e.getMessage().startsWith(binary + ": not a dovs log"), e.getMessage());
    }
}
