package dev.dovs.engine.odl.fake;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static dev.dovs.engine.odl.fake.LeafType.BOOLEAN;
import static dev.dovs.engine.odl.fake.LeafType.INT64;
import static dev.dovs.engine.odl.fake.LeafType.IP_ADDRESS;
import static dev.dovs.engine.odl.fake.LeafType.IP_PREFIX;
import static dev.dovs.engine.odl.fake.LeafType.MAC;
import static dev.dovs.engine.odl.fake.LeafType.STRING;
import static dev.dovs.engine.odl.fake.LeafType.UINT16;
import static dev.dovs.engine.odl.fake.LeafType.UINT32;
import static dev.dovs.engine.odl.fake.LeafType.UINT64;
import static dev.dovs.engine.odl.fake.LeafType.UUID;

/**
 * The subset of the Neon models dovs touches (contract B.1-B.7): neutron, genius itm, ietf-interfaces with the
 * odl-interface augments. Groupings are inlined; augments carry their own module so they get JSON prefixes.
 */
final class Schema {

    // Must precede ROOT: static initialisers run in textual order.
    private static final LeafType TUNNEL_TYPES = LeafType.identities("odl-interface:tunnel-type-vxlan",
            "odl-interface:tunnel-type-vxlan-gpe", "odl-interface:tunnel-type-gre",
            "odl-interface:tunnel-type-mpls-over-gre", "odl-interface:tunnel-type-logical-group");

    static final SchemaNode ROOT = new SchemaNode("", "", SchemaNode.Kind.ROOT, null, List.of(), false,
            List.of(neutron(), itm(), interfaces(), topology(), inventory()));

    /** Module names a JSON member prefix may legitimately use; other prefixes fall back to the local name. */
    static final Set<String> MODULES = new HashSet<>(Arrays.asList("neutron", "neutron-provider-ext", "neutron-L3-ext",
            "neutron-binding", "neutron-portsecurity", "neutron-networks", "neutron-constants", "itm",
            "ietf-interfaces", "odl-interface", "aclservice", "iana-if-type", "network-topology",
            "opendaylight-inventory"));

    private Schema() {
    }

    /** Builds nodes of one module, so call sites stay short. */
    private static final class Mod {
        final String m;

        Mod(String m) {
            this.m = m;
        }

        SchemaNode leaf(String name, LeafType t) {
            return new SchemaNode(m, name, SchemaNode.Kind.LEAF, t, List.of(), false, List.of());
        }

        SchemaNode mandatory(String name, LeafType t) {
            return new SchemaNode(m, name, SchemaNode.Kind.LEAF, t, List.of(), true, List.of());
        }

        SchemaNode leafList(String name, LeafType t) {
            return new SchemaNode(m, name, SchemaNode.Kind.LEAF_LIST, t, List.of(), false, List.of());
        }

        SchemaNode container(String name, SchemaNode... kids) {
            return new SchemaNode(m, name, SchemaNode.Kind.CONTAINER, null, List.of(), false, List.of(kids));
        }

        SchemaNode list(String name, List<String> keys, List<SchemaNode> kids) {
            return new SchemaNode(m, name, SchemaNode.Kind.LIST, null, keys, false, List.copyOf(kids));
        }

        SchemaNode list(String name, List<String> keys, SchemaNode... kids) {
            return list(name, keys, List.of(kids));
        }
    }

    private static List<SchemaNode> neutronAttrs(Mod n, SchemaNode... extra) {
        List<SchemaNode> all = new ArrayList<>(List.of(n.leaf("uuid", UUID), n.leaf("name", STRING),
                n.leaf("tenant-id", UUID), n.leaf("project-id", STRING), n.leaf("revision-number", INT64),
                n.leaf("admin-state-up", BOOLEAN), n.leaf("status", STRING)));
        all.addAll(List.of(extra));
        return all;
    }

    private static SchemaNode neutron() {
        Mod n = new Mod("neutron");
        Mod prov = new Mod("neutron-provider-ext");
        Mod bind = new Mod("neutron-binding");
        LeafType netTypes = LeafType.identities("neutron-networks:network-type-flat",
                "neutron-networks:network-type-vlan", "neutron-networks:network-type-vxlan",
                "neutron-networks:network-type-gre");
        LeafType dhcpv6 = LeafType.identities("neutron-constants:dhcpv6-off", "neutron-constants:dhcpv6-stateful",
                "neutron-constants:dhcpv6-slaac", "neutron-constants:dhcpv6-stateless");
        List<String> uuid = List.of("uuid");
        SchemaNode network = n.list("network", uuid, neutronAttrs(n, n.leaf("shared", BOOLEAN),
                n.leaf("vlan-transparent", BOOLEAN), prov.leaf("network-type", netTypes),
                prov.leaf("segmentation-id", STRING), prov.leaf("physical-network", STRING),
                prov.list("segments", List.of("segmentation-index"), prov.leaf("segmentation-index", UINT32),
                        prov.leaf("network-type", netTypes), prov.leaf("segmentation-id", STRING),
                        prov.leaf("physical-network", STRING)),
                new Mod("neutron-L3-ext").leaf("external", BOOLEAN)));
        SchemaNode subnet = n.list("subnet", uuid, neutronAttrs(n, n.leaf("network-id", UUID),
                n.leaf("ip-version", LeafType.identities("neutron-constants:ip-version-v4",
                        "neutron-constants:ip-version-v6")),
                n.leaf("cidr", IP_PREFIX), n.leaf("gateway-ip", IP_ADDRESS), n.leafList("dns-nameservers", IP_ADDRESS),
                n.list("allocation-pools", List.of("start"), n.leaf("start", IP_ADDRESS), n.leaf("end", IP_ADDRESS)),
                n.list("host-routes", List.of("destination"), n.leaf("destination", IP_PREFIX),
                        n.leaf("nexthop", IP_ADDRESS)),
                n.leaf("enable-dhcp", BOOLEAN), n.leaf("ipv6-address-mode", dhcpv6), n.leaf("ipv6-ra-mode", dhcpv6)));
        SchemaNode router = n.list("router", uuid, neutronAttrs(n, n.leaf("distributed", BOOLEAN),
                n.leaf("gateway-port-id", UUID), n.leaf("router-status", STRING),
                n.list("routes", List.of("destination", "nexthop"), n.leaf("destination", IP_PREFIX),
                        n.leaf("nexthop", IP_ADDRESS)),
                n.container("external_gateway_info", n.leaf("external-network-id", UUID),
                        n.leaf("enable-snat", BOOLEAN),
                        n.list("external-fixed-ips", List.of("subnet-id", "ip-address"), n.leaf("subnet-id", UUID),
                                n.leaf("ip-address", IP_ADDRESS)))));
        SchemaNode port = n.list("port", uuid, neutronAttrs(n, n.leaf("network-id", UUID), n.leaf("mac-address", MAC),
                n.list("fixed-ips", List.of("subnet-id", "ip-address"), n.leaf("subnet-id", UUID),
                        n.leaf("ip-address", IP_ADDRESS)),
                n.leaf("device-owner", STRING), n.leaf("device-id", STRING), n.leafList("security-groups", UUID),
                n.list("allowed-address-pairs", List.of("mac-address", "ip-address"), n.leaf("mac-address", MAC),
                        n.leaf("ip-address", STRING)),
                bind.leaf("host-id", STRING), bind.leaf("vif-type", STRING), bind.leaf("vnic-type", STRING),
                bind.leaf("profile", STRING),
                bind.list("vif-details", List.of("details-key"), bind.leaf("details-key", STRING),
                        bind.leaf("value", STRING)),
                new Mod("neutron-portsecurity").leaf("port-security-enabled", BOOLEAN)));
        return n.container("neutron", n.container("networks", network), n.container("subnets", subnet),
                n.container("routers", router), n.container("ports", port));
    }

    private static SchemaNode itm() {
        Mod i = new Mod("itm");
        SchemaNode vteps = i.list("vteps", List.of("dpn-id", "portname"), i.leaf("dpn-id", UINT64),
                i.leaf("portname", STRING), i.leaf("ip-address", IP_ADDRESS), i.leaf("option-of-tunnel", BOOLEAN),
                i.leaf("weight", UINT16), i.leaf("option-tunnel-tos", STRING));
        SchemaNode deviceVteps = i.list("device-vteps", List.of("node-id", "ip-address"), i.leaf("node-id", STRING),
                i.leaf("ip-address", IP_ADDRESS), i.leaf("topology-id", STRING));
        SchemaNode subnets = i.list("subnets", List.of("prefix"), i.leaf("prefix", IP_PREFIX),
                i.leaf("gateway-ip", IP_ADDRESS),
                i.leaf("vlan-id", LeafType.integer(java.math.BigInteger.ZERO, java.math.BigInteger.valueOf(4094))),
                vteps, deviceVteps);
        return i.container("transport-zones", i.list("transport-zone", List.of("zone-name"),
                i.leaf("zone-name", STRING), i.mandatory("tunnel-type", TUNNEL_TYPES), subnets));
    }

    /**
     * Only the keys of network-topology (RFC 8345's predecessor model, as ODL ships it): real netvirt writes the
     * br-int it asks the OVSDB southbound for under topology ovsdb:1, and dovs deletes that entry on clean. The fake
     * does not write it (docs/odl.md, "fake and real").
     */
    private static SchemaNode topology() {
        Mod t = new Mod("network-topology");
        return t.container("network-topology", t.list("topology", List.of("topology-id"),
                t.leaf("topology-id", STRING), t.list("node", List.of("node-id"), t.leaf("node-id", STRING))));
    }

    /**
     * opendaylight-inventory's node list with flow-node-inventory's tables and the flow leaves dovs reads (id,
     * table, priority, hard timeout, a destination MAC match; netvirt writes other matches and instructions too): netvirt's flows live there. The
     * fake writes none itself; a test writes some to stand for netvirt.
     */
    private static SchemaNode inventory() {
        Mod i = new Mod("opendaylight-inventory");
        Mod f = new Mod("flow-node-inventory");
        LeafType uint8 = LeafType.integer(java.math.BigInteger.ZERO, java.math.BigInteger.valueOf(255));
        SchemaNode flow = f.list("flow", List.of("id"), f.leaf("id", STRING), f.leaf("table_id", uint8),
                f.leaf("priority", UINT16), f.leaf("hard-timeout", UINT16), f.leaf("idle-timeout", UINT16),
                f.leaf("flow-name", STRING), f.leaf("cookie", UINT64),
                f.container("match", f.container("ethernet-match", f.container("ethernet-destination",
                        f.leaf("address", STRING)))));
        return i.container("nodes", i.list("node", List.of("id"), i.leaf("id", STRING),
                f.list("table", List.of("id"), f.leaf("id", uint8), flow)));
    }

    private static SchemaNode interfaces() {
        Mod ietf = new Mod("ietf-interfaces");
        Mod odl = new Mod("odl-interface");
        return ietf.container("interfaces", ietf.list("interface", List.of("name"),
                ietf.leaf("name", STRING),
                ietf.mandatory("type", LeafType.identities("iana-if-type:l2vlan", "iana-if-type:tunnel",
                        "iana-if-type:ethernetCsmacd", "iana-if-type:other")),
                ietf.leaf("enabled", BOOLEAN), ietf.leaf("description", STRING),
                odl.leaf("parent-interface", STRING), odl.leaf("datapath-node-identifier", UINT64),
                odl.leaf("vlan-id", UINT16),
                odl.leaf("l2vlan-mode", LeafType.enumeration("access", "native-tagged", "native-untagged", "trunk",
                        "trunk-member", "transparent")),
                odl.leaf("tunnel-interface-type", TUNNEL_TYPES), odl.leaf("tunnel-source", IP_ADDRESS),
                odl.leaf("tunnel-destination", IP_ADDRESS), odl.leaf("tunnel-gateway", IP_ADDRESS),
                odl.leaf("internal", BOOLEAN), new Mod("aclservice").leaf("port-security-enabled", BOOLEAN)));
    }
}
