package dev.dovs.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import dev.dovs.events.EventEnvelope;
import dev.dovs.events.Intent;
import dev.dovs.events.codec.EventCodec;

import java.io.PrintWriter;
import java.util.List;

/**
 * Prints the intents a topology file needs ({@code dovs plan -f}, {@code dovs apply -f --dry-run}): text, one line
 * per intent with {@code +} (adds), {@code -} (removes) or {@code ~} (changes in place), or JSON, each intent in its
 * log wire form ({@code type} and {@code data}), so a plan can be compared and saved.
 */
final class PlanPrinter {
    private static final ObjectMapper JSON = new ObjectMapper();

    private PlanPrinter() {
    }

    static String sign(Intent intent) {
        if (intent instanceof Intent.AddNode || intent instanceof Intent.AddGuest || intent instanceof Intent.Spawn) {
            return "+";
        }
        if (intent instanceof Intent.DelGuest || intent instanceof Intent.DelNode || intent instanceof Intent.Clean) {
            return "-";
        }
        return "~";
    }

    static void text(PrintWriter out, List<Intent> plan, String nothing) {
        if (plan.isEmpty()) {
            out.println(nothing);
        }
        for (Intent i : plan) {
            out.println(sign(i) + " " + i.describe());
        }
        if (!plan.isEmpty()) {
            long add = plan.stream().filter(i -> sign(i).equals("+")).count();
            long del = plan.stream().filter(i -> sign(i).equals("-")).count();
            out.println("Plan: " + add + " to add, " + (plan.size() - add - del) + " to change, " + del
                    + " to remove.");
        }
        out.flush();
    }

    static ArrayNode json(List<Intent> plan, String lab) {
        ArrayNode arr = JSON.createArrayNode();
        for (Intent i : plan) {
            JsonNode wire = EventCodec.toJsonTree(EventEnvelope.of(lab, "plan", null, "plan", i));
            arr.addObject().put("type", wire.get("type").asText()).set("data", wire.get("data"));
        }
        return arr;
    }

    static void json(PrintWriter out, List<Intent> plan, String lab) {
        out.println(json(plan, lab).toString());
        out.flush();
    }
}
