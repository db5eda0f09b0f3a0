package dev.dovs.engine.ovn;

import dev.dovs.events.model.LabNaming;
import dev.dovs.events.model.Topology;

import java.nio.charset.StandardCharsets;
import java.util.UUID;

/**
 * How a lab's OVN objects are named. Guests' logical switch ports are named by the guest's port id, which is also
 * the {@code external_ids:iface-id} of its tap (as neutron's ML2/OVN does); chassis are named by the node's
 * container (its hostname and OVS system-id: the node name in the default lab). Switches and routers carry the
 * lab's namespace prefix, so that labs sharing one OVN never share an object.
 */
public record OvnNames(LabNaming naming) {
    /** ovn-controller's encapsulations; Geneve is OVN's default and neutron's. */
    public static final String GENEVE = "geneve";
    public static final String VXLAN = "vxlan";
    /** Guest MTU on an OVN overlay: 1500 minus Geneve's 58 bytes (IPv4 underlay, with OVN's option TLV). */
    public static final int GENEVE_MTU = 1442;
    /** NB and SB TCP ports of an OVN central (IANA: ovsdb 6640; OVN's conventions 6641 and 6642). */
    public static final int NB_PORT = 6641;
    public static final int SB_PORT = 6642;

    /** external_ids key of every NB object dovs creates, and the lab as its value (as OVS's dovs-lab). */
    public static final String MARK = LabNaming.OVS_MARK;

    /** The lab's OVN central container: cannot clash with a node's (the default lab's have no '-' prefix). */
    public String centralContainer() {
        return naming.isDefault() ? "dovs-ovn-central" : "dovs" + naming.lab() + "-ovn-central";
    }

    public String logicalSwitch(String net) {
        return naming.netnsPrefix() + net;
    }

    public String logicalRouter(String router) {
        return naming.netnsPrefix() + "router-" + router;
    }

    /**
     * The router interface port of (router, net): the same uuid as dovs' own overlay in the default lab, scoped by
     * the lab otherwise (a shared OVN must not see two labs' ports as one).
     */
    public String routerPortId(String router, String net) {
        if (naming.isDefault()) {
            return Topology.routerPortId(router, net);
        }
        return UUID.nameUUIDFromBytes(("dovs-router-port:" + naming.lab() + ":" + router + ":" + net)
                .getBytes(StandardCharsets.UTF_8)).toString();
    }

    /** neutron names the router side {@code lrp-<port uuid>} and the switch side by the port uuid. */
    public static String logicalRouterPort(String routerPortId) {
        return "lrp-" + routerPortId;
    }

    public String chassis(String node) {
        return naming.container(node);
    }
}
