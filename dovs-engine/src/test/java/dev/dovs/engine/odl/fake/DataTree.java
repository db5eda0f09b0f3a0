package dev.dovs.engine.odl.fake;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * The config datastore as one canonical JSON tree (names as the RESTCONF output has them, lists as arrays).
 * Not thread-safe: {@link RestconfService} serialises access.
 */
final class DataTree {

    private JsonObject root = new JsonObject();

    JsonObject root() {
        return root;
    }

    JsonObject snapshot() {
        return root.copy();
    }

    void restore(JsonObject snapshot) {
        root = snapshot;
    }

    void clear() {
        root = new JsonObject();
    }

    /** The data at {@code path} (an entry, a container or a leaf value), or null. Empty path = whole tree. */
    Object get(List<Step> path) {
        if (path.isEmpty()) {
            return root.isEmpty() ? null : root;
        }
        JsonObject parent = parentOf(path, false);
        return parent == null ? null : lastValue(parent, path.get(path.size() - 1));
    }

    /** Creates or replaces; missing parents are created like ODL does. @return true if it did not exist */
    boolean put(List<Step> path, Object value) {
        JsonObject parent = parentOf(path, true);
        Step last = path.get(path.size() - 1);
        if (last.node().kind == SchemaNode.Kind.LIST) {
            JsonArray arr = listIn(parent, last, true);
            int i = indexOf(arr, last);
            if (i >= 0) {
                arr.set(i, value);
                return false;
            }
            arr.add(value);
            return true;
        }
        return parent.put(last.jsonName(), value) == null;
    }

    /** @return false if there was nothing to delete */
    boolean delete(List<Step> path) {
        if (path.isEmpty()) {
            boolean had = !root.isEmpty();
            clear();
            return had;
        }
        JsonObject parent = parentOf(path, false);
        Step last = path.get(path.size() - 1);
        if (parent == null) {
            return false;
        }
        if (last.node().kind == SchemaNode.Kind.LIST) {
            JsonArray arr = listIn(parent, last, false);
            int i = arr == null ? -1 : indexOf(arr, last);
            if (i >= 0) {
                arr.remove(i);
            }
            return i >= 0;
        }
        return parent.remove(last.jsonName()) != null;
    }

    /** YANG non-presence containers and lists vanish when empty; GET must then answer 404. */
    void prune() {
        prune(root);
    }

    private static boolean prune(Object v) {
        if (v instanceof JsonObject) {
            Iterator<Map.Entry<String, Object>> it = ((JsonObject) v).iterator();
            while (it.hasNext()) {
                if (prune(it.next().getValue())) {
                    it.remove();
                }
            }
            return ((JsonObject) v).isEmpty();
        }
        if (v instanceof JsonArray) {
            JsonArray a = (JsonArray) v;
            for (int i = a.size() - 1; i >= 0; i--) {
                if (prune(a.getValue(i))) {
                    a.remove(i);
                }
            }
            return a.isEmpty();
        }
        return false;
    }

    /** First mandatory leaf missing anywhere (yangtools checks this at commit), or null. */
    String missingMandatory() {
        return missingMandatory(Schema.ROOT, root, "");
    }

    private static String missingMandatory(SchemaNode schema, JsonObject data, String where) {
        for (SchemaNode c : schema.children) {
            Object v = data.getValue(c.jsonName(schema));
            if (v == null) {
                if (c.mandatory) {
                    return "Node " + where + " is missing mandatory descendant " + c.name;
                }
            } else if (c.kind == SchemaNode.Kind.CONTAINER) {
                String m = missingMandatory(c, (JsonObject) v, where + "/" + c.name);
                if (m != null) {
                    return m;
                }
            } else if (c.kind == SchemaNode.Kind.LIST) {
                for (Object e : (JsonArray) v) {
                    String m = missingMandatory(c, (JsonObject) e, where + "/" + c.name + keyText(c, (JsonObject) e));
                    if (m != null) {
                        return m;
                    }
                }
            }
        }
        return null;
    }

    private static String keyText(SchemaNode list, JsonObject entry) {
        StringBuilder sb = new StringBuilder("[");
        for (String k : list.keys) {
            sb.append(sb.length() > 1 ? "," : "").append(k).append('=').append(entry.getValue(k));
        }
        return sb.append(']').toString();
    }

    private JsonObject parentOf(List<Step> path, boolean create) {
        JsonObject cur = root;
        for (int i = 0; i < path.size() - 1 && cur != null; i++) {
            Step s = path.get(i);
            Object next = lastValue(cur, s);
            if (next == null && create) {
                if (s.node().kind == SchemaNode.Kind.LIST) {
                    next = s.keysEntry();
                    listIn(cur, s, true).add(next);
                } else {
                    next = new JsonObject();
                    cur.put(s.jsonName(), next);
                }
            }
            cur = (JsonObject) next;
        }
        return cur;
    }

    private static Object lastValue(JsonObject parent, Step s) {
        if (s.node().kind != SchemaNode.Kind.LIST) {
            return parent.getValue(s.jsonName());
        }
        JsonArray arr = listIn(parent, s, false);
        int i = arr == null ? -1 : indexOf(arr, s);
        return i < 0 ? null : arr.getJsonObject(i);
    }

    private static JsonArray listIn(JsonObject parent, Step s, boolean create) {
        JsonArray arr = parent.getJsonArray(s.jsonName());
        if (arr == null && create) {
            arr = new JsonArray();
            parent.put(s.jsonName(), arr);
        }
        return arr;
    }

    private static int indexOf(JsonArray arr, Step s) {
        for (int i = 0; i < arr.size(); i++) {
            if (s.matches(arr.getJsonObject(i))) {
                return i;
            }
        }
        return -1;
    }
}
