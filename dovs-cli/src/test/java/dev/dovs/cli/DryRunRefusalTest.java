package dev.dovs.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.dovs.engine.LabHome;
import dev.dovs.events.Event;
import dev.dovs.events.EventEnvelope;
import dev.dovs.events.Intent;
import dev.dovs.events.Outcome;
import dev.dovs.events.log.ChronicleEventLog;
import dev.dovs.events.model.LabNaming;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A dry run refuses exactly what the real run refuses, with {@code ... would be refused: ...} and exit 2 (a fresh
 * user's report: {@code replay --dry-run} on a lab with resources printed a plan and exited 0). No root needed: the
 * dry runs touch nothing.
 */
class DryRunRefusalTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    private CliRun dovs(String... args) {
        return CliRun.inLab(dir, args);
    }

    /** Lab t's log with node n1 added (the lab has resources). */
    private void labWithNode() {
        LabHome home = new LabHome(dir.resolve("state"), new LabNaming("t"));
        try (ChronicleEventLog log = ChronicleEventLog.open(home.logDir())) {
            long i = 0;
            for (Event e : List.<Event>of(new Intent.AddNode("n1", "dovs/node:latest"),
                    new Outcome.NodeAdded("n1", "t.n1", "c", "172.30.0.2", "172.31.0.2"))) {
                log.append(new EventEnvelope(EventEnvelope.UNINDEXED, Instant.now(), "t", "i1", null, "test", e));
            }
        }
    }

    @Test
    void replay_dry_run_into_a_lab_with_resources_is_refused_like_the_real_replay() throws Exception {
        labWithNode();

        CliRun text = dovs("replay", "--dry-run");
        CliRun json = dovs("replay", "--dry-run", "--json");

        assertEquals(2, text.code(), text.out() + text.err());
        assertEquals("", text.out());
        assertEquals(List.of("dovs: error: replay would be refused: lab t still has resources: run 'dovs --lab t "
                + "clean' first, or replay into another lab with --lab"), text.errLines());
        assertEquals(2, json.code(), json.out() + json.err());
        JsonNode refusal = JSON.readTree(json.out());
        assertTrue(refusal.path("rejected").asText().startsWith("lab t still has resources"), json.out());
    }

    @Test
    void apply_dry_run_rehearses_each_intent_against_what_the_previous_ones_leave() throws Exception {
        Path f = dir.resolve("lab.yaml");
        // n2 is added by the file itself: the guest is decided against a state holding n2 (else "node n2 does not
        // exist"), and refused for its name, as the real apply would stop at it
        Files.writeString(f, "nodes: [{name: n2}]\nguests: [{name: dovst-x, node: n2, ip: 10.0.0.1/24}]\n");

        CliRun r = dovs("apply", "-f", f.toString(), "--dry-run");

        assertEquals(2, r.code(), r.out() + r.err());
        assertEquals(1, r.errLines().size(), r.err());
        assertTrue(r.errLines().get(0).startsWith("dovs: error: add-guest dovst-x 10.0.0.1/24 on n2 would be "
                + "refused: guest name dovst-x has the form of lab t's namespace names"), r.err());
        assertEquals("", r.out());

        Files.writeString(f, "nodes: [{name: n2}]\nguests: [{name: x, node: n2, ip: 10.0.0.1/24}]\n");
        CliRun ok = dovs("apply", "-f", f.toString(), "--dry-run");
        assertEquals(0, ok.code(), ok.err());
        assertTrue(ok.out().contains("+ add-guest x 10.0.0.1/24 on n2"), ok.out());
    }

    @Test
    void a_single_commands_dry_run_is_refused_with_the_deciders_reason() {
        labWithNode();
        CliRun dup = dovs("add-node", "--name", "n1", "--dry-run");
        assertEquals(2, dup.code(), dup.err());
        assertEquals(List.of("dovs: error: add-node n1 would be refused: node n1 already exists"), dup.errLines());
    }
}
