package dev.dovs.events;

import java.util.List;
import java.util.Objects;

/**
 * A single side effect on the host, executed by the verticle of its {@link #subsystem()}. Forward actions name
 * their {@link #undo()}; the engine compensates them in reverse order on rollback and on {@code clean}.
 * Actions are idempotent: applying or undoing one whose resource is already in the wanted state succeeds.
 */
public sealed interface Action {

    /** Fact key set to "false" by an action that found its resource already present. */
    String CREATED = "created";

    Subsystem subsystem();

    /** The compensating action, or null when undoing the owner (container, namespace) already removes it. */
    Action undo();

    String describe();

    enum Subsystem {
        DOCKER, OVS, NETNS;

        public String address() {
            return "dovs." + name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /** A docker network, created when missing, labeled with the lab. */
    record EnsureNetwork(String network, String lab) implements Action {
        public Subsystem subsystem() {
            return Subsystem.DOCKER;
        }

        public Action undo() {
            return new RemoveNetwork(network, lab);
        }

        public String describe() {
            return "ensure docker network " + network;
        }
    }

    /** Removes a docker network of the lab; one still used by containers, or not the lab's, is left alone. */
    record RemoveNetwork(String network, String lab) implements Action {
        public Subsystem subsystem() {
            return Subsystem.DOCKER;
        }

        public Action undo() {
            return null;
        }

        public String describe() {
            return "remove docker network " + network;
        }
    }

    /** A node container attached to {@code networks} (first one primary), started and ready (OVS running). */
    record CreateContainer(String container, String node, String image, List<String> networks, String lab)
            implements Action {
        public CreateContainer {
            Objects.requireNonNull(container, "container");
            networks = List.copyOf(networks);
        }

        public Subsystem subsystem() {
            return Subsystem.DOCKER;
        }

        public Action undo() {
            return new RemoveContainer(container, lab);
        }

        public String describe() {
            return "create container " + container + " from " + image;
        }
    }

    /** Force-removes the container, only if it carries the lab's label: a same-named stranger is never touched. */
    record RemoveContainer(String container, String lab) implements Action {
        public Subsystem subsystem() {
            return Subsystem.DOCKER;
        }

        public Action undo() {
            return null;
        }

        public String describe() {
            return "remove container " + container;
        }
    }

    /** The integration bridge on the userspace datapath, verified to have one, marked with the lab. */
    record CreateBridge(String container, String bridge, String lab) implements Action {
        public Subsystem subsystem() {
            return Subsystem.OVS;
        }

        public Action undo() {
            return null;
        }

        public String describe() {
            return "create bridge " + bridge + " on " + container;
        }
    }

    record CreateNamespace(String netns) implements Action {
        public Subsystem subsystem() {
            return Subsystem.NETNS;
        }

        public Action undo() {
            return new DeleteNamespace(netns);
        }

        public String describe() {
            return "create namespace " + netns;
        }
    }

    /** Kills what runs inside the namespace, then deletes it (which destroys its veth pairs). */
    record DeleteNamespace(String netns) implements Action {
        public Subsystem subsystem() {
            return Subsystem.NETNS;
        }

        public Action undo() {
            return null;
        }

        public String describe() {
            return "delete namespace " + netns;
        }
    }

    /**
     * A veth pair: {@code ifname} (with {@code mac}, {@code mtu}) inside {@code netns}, {@code peer} inside the
     * network namespace of {@code container}. Deleting the namespace destroys the pair, hence no undo.
     */
    record CreateVeth(String netns, String ifname, String peer, String container, String mac, int mtu)
            implements Action {
        public Subsystem subsystem() {
            return Subsystem.NETNS;
        }

        public Action undo() {
            return null;
        }

        public String describe() {
            return "create veth " + netns + ":" + ifname + " <-> " + container + ":" + peer;
        }
    }

    /** Address, links up, TX checksum offload off (the userspace datapath does not complete checksums). */
    record ConfigureGuest(String netns, String ifname, String cidr, String gateway) implements Action {
        public Subsystem subsystem() {
            return Subsystem.NETNS;
        }

        public Action undo() {
            return null;
        }

        public String describe() {
            return "configure " + netns + ":" + ifname + " " + cidr + (gateway == null ? "" : " via " + gateway);
        }
    }

    /** Plugs {@code port} into the bridge with the neutron-style external_ids and the dovs marker. */
    record PlugPort(String container, String bridge, String port, String ifaceId, String mac, String guest,
                    String lab, String info) implements Action {
        public Subsystem subsystem() {
            return Subsystem.OVS;
        }

        public Action undo() {
            return new UnplugPort(container, bridge, port);
        }

        public String describe() {
            return "plug " + port + " into " + container + ":" + bridge;
        }
    }

    record UnplugPort(String container, String bridge, String port) implements Action {
        public Subsystem subsystem() {
            return Subsystem.OVS;
        }

        public Action undo() {
            return null;
        }

        public String describe() {
            return "unplug " + port + " from " + container + ":" + bridge;
        }
    }

    /**
     * Removes whatever still carries the lab's mark in one subsystem: containers and networks by label, OVS
     * ports by external_ids, namespaces by the lab's prefix. Used by {@code clean} after compensation, so that
     * it also works from a damaged log. {@code netnsPrefix} only matters for the netns subsystem.
     */
    record Sweep(Subsystem target, String lab, String netnsPrefix) implements Action {
        public Subsystem subsystem() {
            return target;
        }

        public Action undo() {
            return null;
        }

        public String describe() {
            return "sweep " + target.name().toLowerCase(java.util.Locale.ROOT) + " leftovers of lab " + lab;
        }
    }
}
