package dev.dovs.engine.core;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.dovs.events.Event;
import dev.dovs.events.Outcome;
import dev.dovs.events.codec.EventCodec;
import dev.dovs.events.codec.WireFormatException;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A {@link Plan} as JSON, and back ({@code decode(encode(p)).equals(p)}):
 * <pre>
 * {"stages":[{"onFailure":"roll-back","steps":[{"action":{"type":"create-namespace",...}},...]},...],
 *  "outcome":{"type":"outcome.guest-added","data":{...}}}
 * </pre>
 * Actions and the outcome in their log wire form (as in {@code step.started} and the outcome entries); a step that
 * compensates a logged one carries {@code "undoes"}: that step's id. {@code onFailure} is {@code roll-back},
 * {@code continue} or {@code report} ({@link Plan.OnFailure}).
 */
public final class PlanJson {
    private static final ObjectMapper JSON = new ObjectMapper();

    private PlanJson() {
    }

    public static ObjectNode encode(Plan plan) {
        ObjectNode root = JSON.createObjectNode();
        ArrayNode stages = root.putArray("stages");
        for (Plan.Stage stage : plan.stages()) {
            ObjectNode s = stages.addObject();
            s.put("onFailure", stage.onFailure().name().toLowerCase(Locale.ROOT).replace('_', '-'));
            ArrayNode steps = s.putArray("steps");
            for (Plan.Step step : stage.steps()) {
                ObjectNode o = steps.addObject();
                o.set("action", EventCodec.encodeAction(step.action()));
                if (step.undoes() != null) {
                    o.put("undoes", step.undoes());
                }
            }
        }
        root.set("outcome", EventCodec.encodeEvent(plan.outcome()));
        return root;
    }

    /**
     * The inverse of {@link #encode}.
     *
     * @throws WireFormatException when the JSON is not a plan: an unknown action or outcome type, a missing field,
     *                             an unknown {@code onFailure}
     */
    public static Plan decode(JsonNode root) {
        List<Plan.Stage> stages = new ArrayList<>();
        for (JsonNode s : root.path("stages")) {
            List<Plan.Step> steps = new ArrayList<>();
            for (JsonNode o : s.path("steps")) {
                JsonNode undoes = o.get("undoes");
                steps.add(new Plan.Step(EventCodec.decodeAction(o.path("action")),
                        undoes == null || undoes.isNull() ? null : undoes.asText()));
            }
            Plan.OnFailure onFailure;
            try {
                onFailure = Plan.OnFailure.valueOf(s.path("onFailure").asText().toUpperCase(Locale.ROOT)
                        .replace('-', '_'));
            } catch (IllegalArgumentException e) {
                throw new WireFormatException("plan: unknown onFailure '" + s.path("onFailure").asText() + "'");
            }
            try {
                stages.add(new Plan.Stage(steps, onFailure));
            } catch (IllegalArgumentException e) {
                throw new WireFormatException("plan: " + e.getMessage());
            }
        }
        Event outcome = EventCodec.decodeEvent(root.path("outcome"));
        if (outcome instanceof Outcome.Failed) {
            throw new WireFormatException("plan: a plan's outcome is its success, not " + outcome);
        }
        if (!(outcome instanceof Outcome.Succeeded o)) {
            throw new WireFormatException("plan: the outcome is a " + EventCodec.wireName(outcome));
        }
        return new Plan(stages, o);
    }
}
