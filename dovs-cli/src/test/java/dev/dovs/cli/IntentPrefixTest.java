package dev.dovs.cli;

import dev.dovs.events.EventEnvelope;
import dev.dovs.events.Intent;
import dev.dovs.events.log.ChronicleEventLog;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** log --intent and wait resolve an id prefix by one rule: exactly one intent of the lab, else exit 2. */
class IntentPrefixTest {
    @TempDir
    Path dir;

    private CliRun dovs(String... args) {
        List<String> all = new ArrayList<>(List.of("--state-dir", dir.toString(), "--lab", "t", "--no-daemon"));
        all.addAll(List.of(args));
        return CliRun.of(all);
    }

    private void twoIntents() {
        try (ChronicleEventLog log = ChronicleEventLog.open(dir.resolve("t").resolve("log"))) {
            log.append(EventEnvelope.of("t", "0a11aaaa-0000-4000-8000-000000000001", null, "test",
                    new Intent.AddNode("n1", "img:1")));
            log.append(EventEnvelope.of("t", "0b22bbbb-0000-4000-8000-000000000002", null, "test",
                    new Intent.AddNode("n2", "img:1")));
        }
    }

    @Test
    void log_intent_takes_a_unique_prefix() {
        twoIntents();
        CliRun r = dovs("log", "--intent", "0a1");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("add-node") && r.out().lines().count() == 2, r.out());
    }

    @Test
    void log_intent_refuses_an_unknown_or_ambiguous_prefix_as_wait_does() {
        twoIntents();
        CliRun unknown = dovs("log", "--intent", "zzzz");
        assertEquals(2, unknown.code(), unknown.out());
        assertEquals(List.of("dovs: error: no intent zzzz in lab t"), unknown.errLines());
        assertEquals("", unknown.out(), "no header for nothing");
        CliRun ambiguous = dovs("log", "--intent", "0");
        assertEquals(2, ambiguous.code(), ambiguous.out());
        assertEquals(List.of("dovs: error: intent prefix 0 is ambiguous (2 intents)"), ambiguous.errLines());
    }
}
