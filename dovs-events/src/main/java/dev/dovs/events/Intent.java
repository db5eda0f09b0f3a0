package dev.dovs.events;

import java.util.Objects;

/**
 * What a user asked for: imperative, validated for syntax before it is appended. Every generated value (port
 * uuid, MAC) is chosen before submission and carried here, so that replaying the intent recreates an identical lab.
 */
public sealed interface Intent extends Event {

    /** Short human label used by {@code log} and progress output. */
    String describe();

    /**
     * The OpenDaylight controller an intent hands the lab's overlay to: {@code endpoint} is {@code HOST:PORT} of its
     * RESTCONF northbound (never credentials: those stay in the engine's settings, out of the log).
     *
     * @param bridgeWaitSeconds     how long add-node waits for ODL to create br-int before creating it itself
     * @param bindingTimeoutSeconds how long add-guest waits for ODL to bind the guest's tap
     */
    record OdlTarget(String endpoint, int bridgeWaitSeconds, int bindingTimeoutSeconds) {
        public static final int DEFAULT_BRIDGE_WAIT_SECONDS = 20;
        public static final int DEFAULT_BINDING_TIMEOUT_SECONDS = 60;

        public OdlTarget {
            Objects.requireNonNull(endpoint, "endpoint");
            if (bridgeWaitSeconds < 0 || bindingTimeoutSeconds < 0) {
                throw new IllegalArgumentException("ODL waits must not be negative");
            }
        }

        public static OdlTarget of(String endpoint) {
            return new OdlTarget(endpoint, DEFAULT_BRIDGE_WAIT_SECONDS, DEFAULT_BINDING_TIMEOUT_SECONDS);
        }
    }

    /** Start one node: a container running OVS with br-int; {@code odl} (nullable) manages its overlay. */
    record AddNode(String node, String image, OdlTarget odl) implements Intent {
        public AddNode {
            Objects.requireNonNull(node, "node");
            Objects.requireNonNull(image, "image");
        }

        public AddNode(String node, String image) {
            this(node, image, null);
        }

        @Override
        public String describe() {
            return "add-node " + node;
        }
    }

    /**
     * Create one guest namespace wired into a node's br-int. {@code net}, {@code router} and {@code odl} are null
     * when absent; with {@code odl}, the net is a neutron subnet in that ODL and {@code portId} its port's uuid.
     */
    record AddGuest(String guest, String node, String cidr, String mac, String portId, String net, String router,
                    int mtu, OdlTarget odl) implements Intent {
        public AddGuest {
            Objects.requireNonNull(guest, "guest");
            Objects.requireNonNull(node, "node");
            Objects.requireNonNull(cidr, "cidr");
            Objects.requireNonNull(mac, "mac");
            Objects.requireNonNull(portId, "portId");
        }

        public AddGuest(String guest, String node, String cidr, String mac, String portId, String net, String router,
                        int mtu) {
            this(guest, node, cidr, mac, portId, net, router, mtu, null);
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

    /**
     * Reverse every applied step of the lab, then sweep whatever still carries the lab's mark; with {@code odl}
     * ({@code HOST:PORT}, nullable) also this lab's objects in that ODL, found by tenant even without a log. With
     * {@code keepOdl}, only the host is cleaned: the lab's ODL objects stay (for an ODL that is gone for good).
     */
    record Clean(String odl, boolean keepOdl) implements Intent {
        public Clean {
            if (keepOdl && odl != null) {
                throw new IllegalArgumentException("a clean cannot both sweep and keep ODL objects");
            }
        }

        public Clean() {
            this(null, false);
        }

        public Clean(String odl) {
            this(odl, false);
        }

        @Override
        public String describe() {
            return "clean";
        }
    }

    // ---- issue 12: removal and link impairment (del-guest, del-node, netem) -------------------------------------

    /** Remove one guest: its port on the node's br-int and its namespace (the veth goes with it). */
    record DelGuest(String guest) implements Intent {
        public DelGuest {
            Objects.requireNonNull(guest, "guest");
        }

        @Override
        public String describe() {
            return "del-guest " + guest;
        }
    }

    /**
     * Remove one node: its container, and on every other node the tunnels to it. A node with guests is refused
     * unless {@code force}, which removes its guests first.
     */
    record DelNode(String node, boolean force) implements Intent {
        public DelNode {
            Objects.requireNonNull(node, "node");
        }

        @Override
        public String describe() {
            return "del-node " + node + (force ? " --force" : "");
        }
    }

    /** Impair a guest's link with tc netem ({@code impairment}), or clear it ({@code impairment} null). */
    record Netem(String guest, dev.dovs.events.model.Impairment impairment) implements Intent {
        public Netem {
            Objects.requireNonNull(guest, "guest");
        }

        @Override
        public String describe() {
            return "netem " + guest + " " + (impairment == null ? "clear" : impairment.describe());
        }
    }
    // ---- end issue 12 -------------------------------------------------------------------------------------------
}
