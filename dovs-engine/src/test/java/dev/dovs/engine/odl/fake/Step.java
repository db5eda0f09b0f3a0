package dev.dovs.engine.odl.fake;

import io.vertx.core.json.JsonObject;

import java.util.List;

/** One node of a RESTCONF path; {@code keys} holds the canonical key values of a list entry, else is empty. */
record Step(SchemaNode parent, SchemaNode node, List<Object> keys) {

    String jsonName() {
        return node.jsonName(parent);
    }

    boolean matches(JsonObject entry) {
        for (int i = 0; i < node.keys.size(); i++) {
            // Compare as text: stored values are canonical, but Integer vs Long must not matter.
            if (!String.valueOf(keys.get(i)).equals(String.valueOf(entry.getValue(node.keys.get(i))))) {
                return false;
            }
        }
        return true;
    }

    /** A fresh entry holding just the key leaves, for parents that a PUT has to create. */
    JsonObject keysEntry() {
        JsonObject e = new JsonObject();
        for (int i = 0; i < node.keys.size(); i++) {
            e.put(node.keys.get(i), keys.get(i));
        }
        return e;
    }
}
