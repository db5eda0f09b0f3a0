package dev.dovs.events.codec;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Read access to one encoded object, with errors that name the missing field. */
public final class Fields {
    private final String type;
    private final JsonNode node;

    Fields(String type, JsonNode node) {
        this.type = type;
        this.node = node;
    }

    public String str(String name) {
        JsonNode v = node.get(name);
        if (v == null || v.isNull()) {
            throw new WireFormatException(type + ": missing field '" + name + "'");
        }
        return v.asText();
    }

    /** Null when absent or null: optional fields may be dropped by older writers. */
    public String optStr(String name) {
        JsonNode v = node.get(name);
        return v == null || v.isNull() ? null : v.asText();
    }

    public int integer(String name, int fallback) {
        JsonNode v = node.get(name);
        return v == null || v.isNull() ? fallback : v.asInt();
    }

    /** A decimal number, or {@code fallback} when absent. */
    public double dbl(String name, double fallback) {
        JsonNode v = node.get(name);
        return v == null || v.isNull() ? fallback : v.asDouble();
    }

    public long lng(String name) {
        JsonNode v = node.get(name);
        if (v == null || !v.canConvertToLong()) {
            throw new WireFormatException(type + ": missing number '" + name + "'");
        }
        return v.asLong();
    }

    public boolean bool(String name) {
        JsonNode v = node.get(name);
        return v != null && v.asBoolean();
    }

    public List<String> strings(String name) {
        List<String> out = new ArrayList<>();
        JsonNode v = node.get(name);
        if (v != null && v.isArray()) {
            v.forEach(e -> out.add(e.asText()));
        }
        return out;
    }

    public Map<String, String> map(String name) {
        Map<String, String> out = new TreeMap<>();
        JsonNode v = node.get(name);
        if (v != null && v.isObject()) {
            v.properties().forEach(e -> out.put(e.getKey(), e.getValue().asText()));
        }
        return out;
    }

    public List<Fields> objects(String name) {
        List<Fields> out = new ArrayList<>();
        JsonNode v = node.get(name);
        if (v != null && v.isArray()) {
            for (int i = 0; i < v.size(); i++) {
                out.add(new Fields(type + "." + name + "[" + i + "]", v.get(i)));
            }
        }
        return out;
    }

    public Fields obj(String name) {
        JsonNode v = node.get(name);
        if (v == null || !v.isObject()) {
            throw new WireFormatException(type + ": missing object '" + name + "'");
        }
        return new Fields(type + "." + name, v);
    }

    /** Null when absent: an optional nested object. */
    public Fields optObj(String name) {
        JsonNode v = node.get(name);
        return v == null || !v.isObject() ? null : new Fields(type + "." + name, v);
    }

    JsonNode raw() {
        return node;
    }
}
