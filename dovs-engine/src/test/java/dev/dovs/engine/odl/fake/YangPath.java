package dev.dovs.engine.odl.fake;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/** Parses a bierman02 path ({@code module:node/child/list/key1/key2/...}) against the schema. */
final class YangPath {

    private YangPath() {
    }

    /**
     * @param rest            the path after {@code /restconf/config/}, still percent-encoded
     * @param missingModules  modules this ODL pretends not to have (genius-missing mode)
     * @return the steps from the top-level container down; empty for the datastore root
     */
    static List<Step> parse(String rest, Set<String> missingModules) {
        List<String> segs = new ArrayList<>();
        for (String s : rest.split("/")) {
            if (!s.isEmpty()) {
                segs.add(s);
            }
        }
        List<Step> steps = new ArrayList<>();
        SchemaNode parent = Schema.ROOT;
        int i = 0;
        while (i < segs.size()) {
            String seg = decode(segs.get(i++));
            if (parent.isLeafy()) {
                throw RestconfError.unknownElement("\"" + seg + "\" in URI was not found in parent data node");
            }
            int colon = seg.indexOf(':');
            if (parent.kind == SchemaNode.Kind.ROOT && colon < 0) {
                throw RestconfError.malformed("First node in URI has to be in format \"moduleName:nodeName\"");
            }
            if (colon >= 0) {
                String module = seg.substring(0, colon);
                if (!Schema.MODULES.contains(module) || missingModules.contains(module)) {
                    throw RestconfError.unknownElement("The module named '" + module + "' does not exist.");
                }
            }
            SchemaNode node = Resolver.child(parent, seg);
            if (node == null) {
                throw RestconfError.unknownElement("\"" + seg + "\" in URI was not found in parent data node");
            }
            List<Object> keys = new ArrayList<>();
            if (node.kind == SchemaNode.Kind.LIST) {
                if (segs.size() - i < node.keys.size()) {
                    throw RestconfError.dataMissing("Missing key for list \"" + node.name + "\".");
                }
                for (String key : node.keys) {
                    String raw = decode(segs.get(i++));
                    try {
                        keys.add(node.keyLeaf(key).type.parse(raw));
                    } catch (IllegalArgumentException e) {
                        throw RestconfError.invalidValue("Invalid value for key '" + key + "' in URI: " + e.getMessage());
                    }
                }
            }
            steps.add(new Step(parent, node, keys));
            parent = node;
        }
        return steps;
    }

    /** Only %XX escapes; '+' stays a plus sign in a path. */
    private static String decode(String s) {
        try {
            return URLDecoder.decode(s.replace("+", "%2B"), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw RestconfError.malformed("Bad escape in URI segment '" + s + "'");
        }
    }

    static String format(List<Step> steps) {
        StringBuilder sb = new StringBuilder();
        for (Step s : steps) {
            sb.append('/').append(s.jsonName());
            for (int k = 0; k < s.keys().size(); k++) {
                sb.append(k == 0 ? "[" : ",").append(s.node().keys.get(k)).append('=').append(s.keys().get(k));
            }
            if (!s.keys().isEmpty()) {
                sb.append(']');
            }
        }
        return sb.toString();
    }
}
