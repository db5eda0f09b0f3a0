package dev.dovs.engine.odl.fake;

import java.util.List;

/** Finds a child node from a JSON member name or a URL segment, with yangtools' lenient prefix handling. */
final class Resolver {

    private Resolver() {
    }

    /**
     * A {@code module:} prefix that is a real module must match the child's module. An unknown prefix (the
     * original's {@code network-provider-extension:}, an augment identifier) falls back to the local name when
     * that name is unique. Unprefixed names resolve in the parent's module first.
     *
     * @return the child, or null if none matches
     */
    static SchemaNode child(SchemaNode parent, String qualified) {
        int colon = qualified.indexOf(':');
        String local = colon < 0 ? qualified : qualified.substring(colon + 1);
        if (colon >= 0) {
            String prefix = qualified.substring(0, colon);
            if (Schema.MODULES.contains(prefix)) {
                return parent.child(prefix, local);
            }
        } else {
            SchemaNode same = parent.child(parent.module, local);
            if (same != null || parent.kind == SchemaNode.Kind.ROOT) {
                return same;
            }
        }
        List<SchemaNode> byName = parent.childrenNamed(local);
        return byName.size() == 1 ? byName.get(0) : null;
    }
}
