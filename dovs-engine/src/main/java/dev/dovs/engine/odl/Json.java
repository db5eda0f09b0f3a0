package dev.dovs.engine.odl;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.List;

/** Tolerant readers for what ODL (or an older ODL) may answer, and a writer helper for bodies. */
final class Json {

    private Json() {
    }

    /** Lists may come back as an array, or (lenient writers) as a single object. */
    static List<JsonObject> entries(JsonObject parent, String name) {
        List<JsonObject> out = new ArrayList<>();
        if (parent == null) {
            return out;
        }
        Object v = parent.getValue(name);
        if (v instanceof JsonArray) {
            for (Object o : (JsonArray) v) {
                if (o instanceof JsonObject) {
                    out.add((JsonObject) o);
                }
            }
        } else if (v instanceof JsonObject) {
            out.add((JsonObject) v);
        }
        return out;
    }

    /** Scalars may be strings or JSON scalars; never throws on a missing key. */
    static String text(JsonObject o, String name) {
        Object v = o.getValue(name);
        return v == null ? null : String.valueOf(v);
    }

    /** A PUT/POST body: the list's name wrapping a one-entry array, as RESTCONF wants it. */
    static JsonObject body(String list, JsonObject entry) {
        return new JsonObject().put(list, new JsonArray().add(entry));
    }

    /** YANG has no null: an unset leaf is simply absent from the body. */
    static void putIf(JsonObject o, String key, Object value) {
        if (value != null) {
            o.put(key, value);
        }
    }

    static Boolean bool(JsonObject o, String name) {
        Object v = o.getValue(name);
        return v == null ? null : Boolean.valueOf(String.valueOf(v));
    }
}
