package dev.dovs.engine.odl.fake;

import dev.dovs.engine.odl.OdlPaths;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * bierman02 semantics over the {@link DataTree} (contract B.0): status codes, payload-name and key checks,
 * mandatory checks with rollback. All access is serialised on this object, which is also the lock the netvirt
 * emulation takes for its delayed writes.
 */
final class RestconfService {

    static final String CONFIG = "/restconf/config";

    /** Told about neutron port changes after each successful write; runs while the lock is held. */
    interface PortListener {
        void portsChanged(Map<String, JsonObject> before, Map<String, JsonObject> after);
    }

    private final DataTree tree = new DataTree();
    private final Set<String> missingModules = new HashSet<>();
    private PortListener portListener = (b, a) -> { };
    private java.util.function.Function<String, JsonObject> interfaceStates = name -> null;
    static final String INTERFACE_STATE = "/restconf/operational/ietf-interfaces:interfaces-state/interface/";

    synchronized void portListener(PortListener l) {
        portListener = l;
    }

    /** Where operational interface states come from (genius's, for bound ports): name -> body, or null. */
    synchronized void operationalInterfaces(java.util.function.Function<String, JsonObject> states) {
        interfaceStates = states;
    }

    synchronized void geniusMissing(boolean missing) {
        if (missing) {
            missingModules.add("itm");
        } else {
            missingModules.remove("itm");
        }
    }

    synchronized DataTree tree() {
        return tree;
    }

    synchronized JsonObject dump() {
        return tree.snapshot();
    }

    synchronized void reset() {
        tree.clear();
    }

    synchronized Reply handle(String method, String path, String body) {
        try {
            if (path.startsWith(INTERFACE_STATE) && "GET".equals(method)) {
                JsonObject state = interfaceStates.apply(java.net.URLDecoder.decode(
                        path.substring(INTERFACE_STATE.length()), java.nio.charset.StandardCharsets.UTF_8));
                if (state != null) {
                    return Reply.json(200, state.encode());
                }
            }
            if (path.startsWith("/restconf/operational/") && "GET".equals(method)) {
                // Other operational state (topology, VPN) is not emulated: it reads as absent.
                throw RestconfError.dataMissing("Request could not be completed because the relevant data model content does not exist");
            }
            if (!path.equals(CONFIG) && !path.startsWith(CONFIG + "/")) {
                throw RestconfError.dataMissing("No RESTCONF resource at " + path);
            }
            List<Step> steps = YangPath.parse(path.substring(CONFIG.length()), missingModules);
            switch (method) {
                case "GET":
                    return get(steps);
                case "PUT":
                    return put(steps, body);
                case "POST":
                    return post(steps, path, body);
                case "DELETE":
                    return delete(steps);
                default:
                    return Reply.of(405);
            }
        } catch (RestconfError e) {
            return Reply.error(e);
        }
    }

    private Reply get(List<Step> steps) {
        Object v = tree.get(steps);
        if (v == null) {
            throw RestconfError.dataMissing(
                    "Request could not be completed because the relevant data model content does not exist");
        }
        if (steps.isEmpty()) {
            return Reply.json(200, ((JsonObject) v).encode());
        }
        Step last = steps.get(steps.size() - 1);
        Object out = last.node().kind == SchemaNode.Kind.LIST ? new JsonArray().add(v) : v;
        return Reply.json(200, new JsonObject().put(last.jsonName(), out).encode());
    }

    private Reply put(List<Step> steps, String body) {
        if (steps.isEmpty()) {
            throw RestconfError.malformed("PUT on the datastore root is not supported");
        }
        Step last = steps.get(steps.size() - 1);
        Map.Entry<String, Object> member = singleMember(body);
        SchemaNode named = Resolver.child(last.parent(), member.getKey());
        if (named != last.node()) {
            throw RestconfError.malformed("Payload name (" + member.getKey() + ") is different from identifier name ("
                    + last.node().name + ")");
        }
        Object value = PayloadCodec.read(last.node(), member.getValue());
        if (last.node().kind == SchemaNode.Kind.LIST) {
            JsonArray entries = (JsonArray) value;
            if (entries.size() != 1) {
                throw RestconfError.parsing("PUT of a list entry needs exactly one entry, got " + entries.size());
            }
            JsonObject entry = entries.getJsonObject(0);
            checkKeys(last, entry);
            value = entry;
        }
        Object stored = value;
        boolean created = write(() -> tree.put(steps, stored));
        return Reply.of(created ? 201 : 200);
    }

    private interface Mutation {
        boolean run();
    }

    /** Applies a mutation, enforces mandatory leaves with rollback, then tells netvirt what changed. */
    private boolean write(Mutation m) {
        JsonObject before = tree.snapshot();
        Map<String, JsonObject> portsBefore = ports(before);
        boolean result = m.run();
        tree.prune();
        String missing = tree.missingMandatory();
        if (missing != null) {
            tree.restore(before);
            throw new RestconfError("application", "missing-element", missing);
        }
        portListener.portsChanged(portsBefore, ports(tree.root()));
        return result;
    }

    private void checkKeys(Step step, JsonObject entry) {
        for (int i = 0; i < step.node().keys.size(); i++) {
            String key = step.node().keys.get(i);
            String inUri = String.valueOf(step.keys().get(i));
            String inBody = String.valueOf(entry.getValue(key));
            if (!inUri.equals(inBody)) {
                throw RestconfError.invalidValue("The value '" + inUri + "' for key '" + key
                        + "' specified in the URI doesn't match the value '" + inBody
                        + "' specified in the message body. ");
            }
        }
    }

    private Reply post(List<Step> steps, String path, String body) {
        SchemaNode target = steps.isEmpty() ? Schema.ROOT : steps.get(steps.size() - 1).node();
        if (target.isLeafy()) {
            throw RestconfError.malformed("POST needs a container or list entry as target");
        }
        Map.Entry<String, Object> member = singleMember(body);
        SchemaNode child = Resolver.child(target, member.getKey());
        if (child == null) {
            throw RestconfError.parsing("Schema node with name " + member.getKey() + " was not found under " + target + ".");
        }
        Object value = PayloadCodec.read(child, member.getValue());
        List<List<Step>> paths = new ArrayList<>();
        List<Object> values = new ArrayList<>();
        if (child.kind == SchemaNode.Kind.LIST) {
            for (Object e : (JsonArray) value) {
                List<Object> keys = new ArrayList<>();
                child.keys.forEach(k -> keys.add(((JsonObject) e).getValue(k)));
                paths.add(append(steps, new Step(target, child, keys)));
                values.add(e);
            }
        } else {
            paths.add(append(steps, new Step(target, child, List.of())));
            values.add(value);
        }
        for (List<Step> p : paths) {
            if (tree.get(p) != null) {
                throw RestconfError.dataExists(YangPath.format(p));
            }
        }
        write(() -> {
            for (int i = 0; i < paths.size(); i++) {
                tree.put(paths.get(i), values.get(i));
            }
            return true;
        });
        return new Reply(204, null, location(path, paths.get(paths.size() - 1)));
    }

    private static String location(String requestPath, List<Step> created) {
        Step s = created.get(created.size() - 1);
        StringBuilder sb = new StringBuilder(requestPath.replaceAll("/+$", "")).append('/').append(s.jsonName());
        s.keys().forEach(k -> sb.append('/').append(OdlPaths.key(String.valueOf(k))));
        return sb.toString();
    }

    private Reply delete(List<Step> steps) {
        if (steps.isEmpty()) {
            throw RestconfError.malformed("DELETE of the datastore root is not supported");
        }
        if (tree.get(steps) == null) {
            throw RestconfError.dataMissing("Data specified for delete doesn't exist.");
        }
        write(() -> tree.delete(steps));
        return Reply.of(200);
    }

    private static List<Step> append(List<Step> steps, Step s) {
        List<Step> out = new ArrayList<>(steps);
        out.add(s);
        return out;
    }

    private static Map.Entry<String, Object> singleMember(String body) {
        JsonObject json;
        try {
            json = body == null || body.isBlank() ? null : new JsonObject(body);
        } catch (DecodeException e) {
            throw RestconfError.parsing("malformed JSON: " + e.getMessage().replaceAll("\\s+", " "));
        }
        if (json == null || json.size() != 1) {
            throw RestconfError.parsing("the body must be a JSON object with exactly one top-level node");
        }
        return json.iterator().next();
    }

    /** Neutron ports by uuid, the input of the netvirt emulation's diff. */
    static Map<String, JsonObject> ports(JsonObject root) {
        Map<String, JsonObject> out = new LinkedHashMap<>();
        JsonObject neutron = root.getJsonObject("neutron:neutron");
        JsonObject ports = neutron == null ? null : neutron.getJsonObject("ports");
        JsonArray arr = ports == null ? null : ports.getJsonArray("port");
        if (arr != null) {
            for (Object p : arr) {
                out.put(((JsonObject) p).getString("uuid"), (JsonObject) p);
            }
        }
        return out;
    }
}
