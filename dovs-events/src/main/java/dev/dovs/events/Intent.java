package dev.dovs.events;

import java.util.Objects;

/**
 * What a user asked for: imperative, validated for syntax before it is appended. Every generated value (port
 * uuid, MAC) is chosen before submission and carried here, so that replaying the intent recreates an identical lab.
 */
public sealed interface Intent extends Event {

    /** Short human label used by {@code log} and progress output. */
    String describe();

    /** Start one node: a container running OVS with br-int. */
    record AddNode(String node, String image) implements Intent {
        public AddNode {
            Objects.requireNonNull(node, "node");
            Objects.requireNonNull(image, "image");
        }

        @Override
        public String describe() {
            return "add-node " + node;
        }
    }

    /**
     * Create one guest namespace wired into a node's br-int. {@code net} and {@code router} are null when absent.
     */
    record AddGuest(String guest, String node, String cidr, String mac, String portId, String net, String router,
                    int mtu) implements Intent {
        public AddGuest {
            Objects.requireNonNull(guest, "guest");
            Objects.requireNonNull(node, "node");
            Objects.requireNonNull(cidr, "cidr");
            Objects.requireNonNull(mac, "mac");
            Objects.requireNonNull(portId, "portId");
        }

        @Override
        public String describe() {
            return "add-guest " + guest + " " + cidr + " on " + node;
        }
    }

    /** Move a guest to another node: same namespace, addresses, MAC and port id; announced afterwards. */
    record MoveGuest(String guest, String node) implements Intent {
        public MoveGuest {
            Objects.requireNonNull(guest, "guest");
            Objects.requireNonNull(node, "node");
        }

        @Override
        public String describe() {
            return "move-guest " + guest + " to " + node;
        }
    }

    /**
     * A whole lab in one go. The CLI expands the original's naming and address plan into explicit nodes and guests
     * (with their port uuids and MACs) so that the intent alone replays identically.
     */
    record Spawn(java.util.List<AddNode> nodes, java.util.List<AddGuest> guests) implements Intent {
        public Spawn {
            nodes = java.util.List.copyOf(nodes);
            guests = java.util.List.copyOf(guests);
        }

        @Override
        public String describe() {
            return "spawn " + nodes.size() + " nodes, " + guests.size() + " guests";
        }
    }

    /** Reverse every applied step of the lab, then sweep whatever still carries the lab's mark. */
    record Clean() implements Intent {
        @Override
        public String describe() {
            return "clean";
        }
    }
}
