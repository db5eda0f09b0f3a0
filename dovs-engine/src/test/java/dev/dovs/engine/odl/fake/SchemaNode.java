package dev.dovs.engine.odl.fake;

import java.util.ArrayList;
import java.util.List;

/** One YANG data node of the (small) schema the fake knows. */
final class SchemaNode {

    enum Kind { ROOT, CONTAINER, LIST, LEAF, LEAF_LIST }

    final String module;
    final String name;
    final Kind kind;
    final LeafType type;
    final List<String> keys;
    final boolean mandatory;
    final List<SchemaNode> children;

    SchemaNode(String module, String name, Kind kind, LeafType type, List<String> keys, boolean mandatory,
               List<SchemaNode> children) {
        this.module = module;
        this.name = name;
        this.kind = kind;
        this.type = type;
        this.keys = keys;
        this.mandatory = mandatory;
        this.children = children;
    }

    boolean isLeafy() {
        return kind == Kind.LEAF || kind == Kind.LEAF_LIST;
    }

    /** draft-lhotka JSON name: prefixed with the module name only where the module changes (augments, top level). */
    String jsonName(SchemaNode parent) {
        return parent.module.equals(module) ? name : module + ":" + name;
    }

    SchemaNode child(String module, String name) {
        for (SchemaNode c : children) {
            if (c.module.equals(module) && c.name.equals(name)) {
                return c;
            }
        }
        return null;
    }

    /** All children with this local name, whatever their module. */
    List<SchemaNode> childrenNamed(String name) {
        List<SchemaNode> out = new ArrayList<>();
        for (SchemaNode c : children) {
            if (c.name.equals(name)) {
                out.add(c);
            }
        }
        return out;
    }

    SchemaNode keyLeaf(String key) {
        return child(module, key);
    }

    @Override
    public String toString() {
        return module + ":" + name;
    }
}
