package dev.dovs.engine.odl.fake;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.Map;

/**
 * Turns a request body into canonical data, rejecting what yangtools' JSON parser rejects: unknown members,
 * malformed values, list entries without their keys. Accepts its lenient forms (stringified scalars, a single
 * object where a list is expected, augment-identifier prefixes).
 */
final class PayloadCodec {

    private PayloadCodec() {
    }

    /** Canonical value of a member of type {@code node}: JsonObject, JsonArray of entries/values, or a scalar. */
    static Object read(SchemaNode node, Object raw) {
        switch (node.kind) {
            case CONTAINER:
                if (!(raw instanceof JsonObject)) {
                    throw RestconfError.parsing("container \"" + node.name + "\" must be a JSON object");
                }
                return readChildren(node, (JsonObject) raw);
            case LIST: {
                JsonArray out = new JsonArray();
                JsonArray in = raw instanceof JsonObject ? new JsonArray().add(raw) : asArray(node, raw);
                for (Object e : in) {
                    out.add(readEntry(node, e));
                }
                return out;
            }
            case LEAF_LIST: {
                JsonArray out = new JsonArray();
                JsonArray in = raw instanceof JsonArray ? (JsonArray) raw : new JsonArray().add(raw);
                for (Object v : in) {
                    out.add(leaf(node, v));
                }
                return out;
            }
            default:
                return leaf(node, raw);
        }
    }

    static JsonObject readEntry(SchemaNode list, Object raw) {
        if (!(raw instanceof JsonObject)) {
            throw RestconfError.parsing("entry of list \"" + list.name + "\" must be a JSON object");
        }
        JsonObject entry = readChildren(list, (JsonObject) raw);
        for (String key : list.keys) {
            if (!entry.containsKey(key)) {
                throw RestconfError.parsing("Input is missing some of the keys of " + list.name + " (" + key + ")");
            }
        }
        return entry;
    }

    private static JsonObject readChildren(SchemaNode node, JsonObject raw) {
        JsonObject out = new JsonObject();
        for (Map.Entry<String, Object> m : raw) {
            SchemaNode child = Resolver.child(node, m.getKey());
            if (child == null) {
                throw RestconfError.parsing("Schema node with name " + m.getKey() + " was not found under " + node + ".");
            }
            out.put(child.jsonName(node), read(child, m.getValue()));
        }
        return out;
    }

    private static JsonArray asArray(SchemaNode node, Object raw) {
        if (!(raw instanceof JsonArray)) {
            throw RestconfError.parsing("list \"" + node.name + "\" must be a JSON array or object");
        }
        return (JsonArray) raw;
    }

    private static Object leaf(SchemaNode node, Object raw) {
        try {
            return node.type.parse(raw);
        } catch (IllegalArgumentException e) {
            throw RestconfError.parsing("Invalid value for " + node.name + ": " + e.getMessage());
        }
    }
}
