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
     * The outcome this intent fails with before it has a plan (refused, or its plan could not run at all), naming
     * the subject as the intent spells it: the failed twin of the success that answers it ({@link Outcome.Succeeded}
     * pairs them). Once planned, the planned outcome's own {@link Outcome.Succeeded#failed} is logged instead.
     */
    Outcome.Failed failed(Outcome.Failure failure);

    /**
     * Who makes a lab's overlay when it is not dovs itself: an SDN controller. The wire name of each kind is part of
     * the log's contract. A kind with no implementation in the engine is refused when an intent is decided.
     */
    enum ControllerKind {
        /** OpenDaylight (netvirt, neutron northbound over RESTCONF). */
        ODL("odl", "ODL"),
        /** OVN (ML2/OVN's backend): NB/SB databases and ovn-controller on each node. */
        OVN("ovn", "OVN");

        private final String wireName;
        private final String displayName;

        ControllerKind(String wireName, String displayName) {
            this.wireName = wireName;
            this.displayName = displayName;
        }

        /** The kind as the log and the CLI write it ({@code odl}, {@code ovn}). */
        public String wireName() {
            return wireName;
        }

        /** The kind as messages name it ({@code ODL}, {@code OVN}). */
        public String displayName() {
            return displayName;
        }

        /** @throws IllegalArgumentException for a kind this version does not know */
        public static ControllerKind fromWireName(String name) {
            for (ControllerKind k : values()) {
                if (k.wireName.equals(name)) {
                    return k;
                }
            }
            throw new IllegalArgumentException("unknown controller kind '" + name + "'");
        }
    }

    /**
     * The controller an intent hands the lab's overlay to: its {@code kind}, its {@code endpoint} as the engine
     * reaches it ({@code HOST:PORT} for ODL's RESTCONF), and kind-specific {@code options} (e.g. ODL's
     * {@code bridgeWaitSeconds}). Never credentials: those stay in the engine's settings, out of the log. What the
     * options mean is the business of the kind's implementation in the engine alone.
     */
    record ControllerTarget(ControllerKind kind, String endpoint, java.util.Map<String, String> options) {
        public ControllerTarget {
            Objects.requireNonNull(kind, "kind");
            Objects.requireNonNull(endpoint, "endpoint");
            options = java.util.Map.copyOf(new java.util.TreeMap<>(options == null ? java.util.Map.of() : options));
        }

        public ControllerTarget(ControllerKind kind, String endpoint) {
            this(kind, endpoint, java.util.Map.of());
        }

        /**
         * An integer option, {@code fallback} when absent.
         *
         * @throws IllegalArgumentException when present but not an integer
         */
        public int intOption(String name, int fallback) {
            String v = options.get(name);
            if (v == null) {
                return fallback;
            }
            try {
                return Integer.parseInt(v);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(kind.wireName() + " option " + name + " is not an integer: " + v);
            }
        }

        /** True when both name the same controller (kind and endpoint), whatever their options. */
        public boolean sameController(ControllerTarget other) {
            return other != null && kind == other.kind && endpoint.equals(other.endpoint);
        }

        /** {@code ODL at 192.0.2.1:8181}: for messages. */
        public String label() {
            return kind.displayName() + " at " + endpoint;
        }
    }

    /** Start one node: a container running OVS with br-int; {@code controller} (nullable) makes its overlay. */
    record AddNode(String node, String image, ControllerTarget controller) implements Intent {
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

        @Override
        public Outcome.Failed failed(Outcome.Failure failure) {
            return Outcome.NodeAdded.failure(node, failure);
        }
    }

    /**
     * Create one guest namespace wired into a node's br-int. {@code net}, {@code router} and {@code controller} are
     * null when absent; with a controller, the net is that controller's (a neutron subnet in ODL) and {@code portId}
     * its port's uuid.
     */
    record AddGuest(String guest, String node, String cidr, String mac, String portId, String net, String router,
                    int mtu, ControllerTarget controller) implements Intent {
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

        @Override
        public Outcome.Failed failed(Outcome.Failure failure) {
            return Outcome.GuestAdded.failure(guest, failure);
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

        @Override
        public Outcome.Failed failed(Outcome.Failure failure) {
            return Outcome.GuestMoved.failure(guest, failure);
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
            return "spawn " + dev.dovs.events.model.Count.of(nodes.size(), "node") + ", "
                    + dev.dovs.events.model.Count.of(guests.size(), "guest");
        }

        @Override
        public Outcome.Failed failed(Outcome.Failure failure) {
            return Outcome.LabSpawned.failure(failure);
        }
    }

    /**
     * Reverse every applied step of the lab, then sweep whatever still carries the lab's mark; with
     * {@code controller} (nullable) also this lab's objects in that controller, found by the lab's mark even
     * without a log. With {@code keepController}, only the host is cleaned: the lab's objects in its controllers
     * stay (for a controller that is gone for good).
     */
    record Clean(ControllerTarget controller, boolean keepController) implements Intent {
        public Clean {
            if (keepController && controller != null) {
                throw new IllegalArgumentException("a clean cannot both sweep and keep controller objects");
            }
        }

        public Clean() {
            this(null, false);
        }

        public Clean(ControllerTarget controller) {
            this(controller, false);
        }

        @Override
        public String describe() {
            return "clean";
        }

        @Override
        public Outcome.Failed failed(Outcome.Failure failure) {
            return Outcome.LabCleaned.failure(failure);
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

        @Override
        public Outcome.Failed failed(Outcome.Failure failure) {
            return Outcome.GuestRemoved.failure(guest, failure);
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

        @Override
        public Outcome.Failed failed(Outcome.Failure failure) {
            return Outcome.NodeRemoved.failure(node, failure);
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

        @Override
        public Outcome.Failed failed(Outcome.Failure failure) {
            return Outcome.NetemSet.failure(guest, failure);
        }
    }
    // ---- end issue 12 -------------------------------------------------------------------------------------------
}
