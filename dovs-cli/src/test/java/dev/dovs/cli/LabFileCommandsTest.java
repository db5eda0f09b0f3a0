package dev.dovs.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.dovs.engine.DovsException;
import dev.dovs.engine.core.Decider;
import dev.dovs.engine.core.Decision;
import dev.dovs.engine.core.Plan;
import dev.dovs.engine.core.PlanJson;
import dev.dovs.events.codec.EventCodec;
import dev.dovs.events.Intent;
import dev.dovs.events.model.Impairment;
import dev.dovs.events.model.LabNaming;
import dev.dovs.events.projection.LabProjection;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** plan, export, graph, completion, netem's options and --dry-run, through the real entry point (no root). */
class LabFileCommandsTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    private CliRun dovs(String... args) {
        return CliRun.inLab(dir, args);
    }

    private Path file(String yaml) throws Exception {
        Path f = dir.resolve("lab.yaml");
        Files.writeString(f, yaml);
        return f;
    }

    @Test
    void plan_prints_the_intents_as_text_and_as_their_wire_form() throws Exception {
        Path f = file("nodes: [{name: n1}]\nguests: [{name: g1, node: n1, ip: 10.0.0.1/24, netem: {loss: 1}}]\n");

        CliRun text = dovs("plan", "-f", f.toString());
        assertEquals(0, text.code(), text.err());
        assertEquals("+ add-node n1\n+ add-guest g1 10.0.0.1/24 on n1\n~ netem g1 loss 1%\n"
                + "Plan: 2 to add, 1 to change, 0 to remove.\n", text.out());

        JsonNode json = JSON.readTree(dovs("plan", "-f", f.toString(), "--json").out());
        assertEquals(3, json.size());
        assertEquals("intent.add-guest", json.get(1).path("type").asText());
        assertEquals("10.0.0.1/24", json.get(1).path("data").path("cidr").asText());
        assertEquals(1.0, json.get(2).path("data").path("netem").path("lossPercent").asDouble());
    }

    @Test
    void an_invalid_file_is_one_error_line_with_its_location_and_exit_2() throws Exception {
        Path f = file("nodes: [{name: n1}]\nguests:\n  - {name: g1, node: n2, ip: 10.0.0.1/24}\n");

        CliRun r = dovs("plan", "-f", f.toString());

        assertEquals(2, r.code());
        assertEquals("dovs: error: " + f + ":3:22: guests[0].node: node 'n2' is not in nodes\n", r.err());
    }

    @Test
    void export_of_an_empty_lab_reads_back_and_graph_prints_every_format() throws Exception {
        CliRun export = dovs("export");
        assertEquals(0, export.code(), export.err());
        assertEquals("lab: t\ncontroller: none\nnodes: []\nnets: []\nguests: []\n", export.out());
        assertEquals("No changes: lab t matches " + file(export.out()) + ".\n",
                dovs("plan", "-f", dir.resolve("lab.yaml").toString()).out());

        assertTrue(dovs("graph").out().startsWith("graph \"dovs-t\" {"));
        assertTrue(dovs("graph", "--format", "mermaid").out().startsWith("flowchart LR"));
        assertEquals("t", JSON.readTree(dovs("graph", "--format", "json").out()).path("lab").asText());
        CliRun bad = dovs("graph", "--format", "png");
        assertEquals(2, bad.code());
    }

    @Test
    void export_and_graph_write_to_the_output_file_and_nothing_to_stdout() throws Exception {
        Path yaml = dir.resolve("out.yaml");
        Path dot = dir.resolve("out.dot");

        CliRun export = dovs("export", "-o", yaml.toString());
        CliRun graph = dovs("graph", "--output", dot.toString());

        assertEquals(0, export.code(), export.err());
        assertEquals("", export.out());
        assertEquals("lab: t\ncontroller: none\nnodes: []\nnets: []\nguests: []\n", Files.readString(yaml));
        assertEquals(0, graph.code(), graph.err());
        assertEquals("", graph.out());
        assertTrue(Files.readString(dot).startsWith("graph \"dovs-t\" {"), Files.readString(dot));
        CliRun missing = dovs("export", "-o", dir.resolve("no/such/dir/out.yaml").toString());
        assertEquals(2, missing.code(), missing.err());
    }

    @Test
    void completion_covers_the_new_commands_and_their_options() {
        String script = dovs("completion").out();
        assertTrue(script.startsWith("#!/usr/bin/env bash"), script.substring(0, 40));
        for (String word : List.of("del-guest", "del-node", "netem", "plan", "apply", "export", "graph", "exec",
                "--dry-run", "--force", "--clear")) {
            assertTrue(script.contains(word), word);
        }
    }

    @Test
    void netem_options_are_validated_before_anything_else() {
        CliRun none = dovs("netem", "g1");
        assertEquals(2, none.code());
        CliRun both = dovs("netem", "g1", "--delay", "5", "--clear");
        assertEquals(2, both.code());
        CliRun jitter = dovs("netem", "g1", "--delay", "2", "--jitter", "5");
        assertEquals(2, jitter.code());
        assertEquals("dovs: error: jitter 5 ms exceeds the delay 2 ms\n", jitter.err());
        CliRun rate = dovs("netem", "g1", "--rate", "fast");
        assertTrue(rate.err().contains("invalid rate 'fast'"), rate.err());
    }

    @Test
    void dry_run_prints_the_deciders_stages_and_a_refusal_is_exit_2() {
        LabProjection empty = new LabProjection(new LabNaming("t"));
        StringWriter text = new StringWriter();

        DryRun.print(new PrintWriter(text), empty, new Intent.AddNode("n1", "dovs/node:latest"), false);

        assertEquals("Plan for add-node n1:\n   1. ensure docker network dovst-mgmt\n"
                + "   1. ensure docker network dovst-int\n   2. create container t.n1 from dovs/node:latest\n"
                + "   3. create bridge br-int on t.n1\n", text.toString());
        DovsException refused = assertThrows(DovsException.class, () -> DryRun.print(new PrintWriter(
                new StringWriter()), empty, new Intent.Netem("g1", new Impairment(5, 0, 0, null)), false));
        assertEquals(DovsException.INVALID, refused.exitCode());
        assertEquals("netem g1 delay 5ms would be refused: guest g1 does not exist", refused.getMessage());
        StringWriter clean = new StringWriter();
        DryRun.print(new PrintWriter(clean), empty, new Intent.Clean(), false);
        assertTrue(clean.toString().contains("   3. sweep docker leftovers of lab t"), clean.toString());
    }

    @Test
    void dry_run_json_is_the_deciders_plan_and_reads_back_as_an_equal_plan() throws Exception {
        LabProjection empty = new LabProjection(new LabNaming("t"));
        for (Intent intent : List.of(new Intent.AddNode("n1", "dovs/node:latest"), new Intent.Clean())) {
            StringWriter out = new StringWriter();

            DryRun.print(new PrintWriter(out), empty, intent, true);

            JsonNode json = new ObjectMapper().readTree(out.toString());
            Plan plan = ((Decision.Planned) Decider.decide(empty, intent)).plan();
            assertEquals(plan, PlanJson.decode(json), out.toString());
            assertEquals(EventCodec.wireName(intent), json.path("intent").path("type").asText());
        }
    }

    @Test
    void a_plan_counts_in_the_singular_for_one() {
        CliRun one = dovs("spawn", "--nodes", "1", "--guests", "1", "--dry-run");
        assertEquals(0, one.code(), one.err());
        assertTrue(one.out().startsWith("Plan for spawn 1 node, 1 guest:"), one.out());
        CliRun two = dovs("spawn", "--nodes", "2", "--guests", "0", "--dry-run");
        assertTrue(two.out().startsWith("Plan for spawn 2 nodes, 0 guests:"), two.out());
    }
}
