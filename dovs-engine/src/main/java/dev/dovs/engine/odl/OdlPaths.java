package dev.dovs.engine.odl;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;

/** bierman02 RESTCONF paths (contract B.0): lists are addressed as {@code .../<list>/<key>[/<key2>]}. */
public final class OdlPaths {

    public static final String CONFIG = "/restconf/config/";
    public static final String NEUTRON = CONFIG + "neutron:neutron/";
    public static final String NETWORKS = NEUTRON + "networks";
    public static final String SUBNETS = NEUTRON + "subnets";
    public static final String ROUTERS = NEUTRON + "routers";
    public static final String PORTS = NEUTRON + "ports";
    public static final String TRANSPORT_ZONES = CONFIG + "itm:transport-zones";
    public static final String INTERFACES = CONFIG + "ietf-interfaces:interfaces";
    public static final String OPERATIONAL = "/restconf/operational/";
    /** ODL's OVSDB southbound topology (ovsdb:1), under config/ or operational/. */
    public static final String OVSDB_TOPOLOGY = "network-topology:network-topology/topology/ovsdb:1";

    private OdlPaths() {
    }

    public static String network(String uuid) { return NETWORKS + "/network/" + key(uuid); }

    public static String subnet(String uuid) { return SUBNETS + "/subnet/" + key(uuid); }

    public static String router(String uuid) { return ROUTERS + "/router/" + key(uuid); }

    public static String port(String uuid) { return PORTS + "/port/" + key(uuid); }

    public static String transportZone(String zone) { return TRANSPORT_ZONES + "/transport-zone/" + key(zone); }

    /** One VTEP entry: writing it alone avoids the original's read-modify-write of the whole zone. */
    public static String vtep(String zone, String prefix, BigInteger dpnId, String portname) {
        return transportZone(zone) + "/subnets/" + key(prefix) + "/vteps/" + dpnId + "/" + key(portname);
    }

    public static String iface(String name) { return INTERFACES + "/interface/" + key(name); }

    /** A node of the OVSDB topology in the config datastore (e.g. the br-int netvirt asked the southbound for). */
    public static String ovsdbConfigNode(String nodeId) { return CONFIG + OVSDB_TOPOLOGY + "/node/" + key(nodeId); }

    /** netvirt's L3VPN interfaces (config), one per port of a routed subnet. */
    public static final String VPN_INTERFACES = CONFIG + "l3vpn:vpn-interfaces";

    /** netvirt's L3VPN interface for a neutron port on a routed subnet (named after the port uuid). */
    public static String vpnInterface(String portUuid) {
        return VPN_INTERFACES + "/vpn-interface/" + key(portUuid);
    }

    /** neutronvpn's list of a router's interfaces (keyed by the router uuid). */
    public static String routerInterfaces(String routerUuid) {
        return CONFIG + "neutronvpn:router-interfaces-map/router-interfaces/" + key(routerUuid);
    }

    /** genius's operational state of an interface (a neutron port's is named after the port uuid). */
    public static String interfaceState(String name) {
        return OPERATIONAL + "ietf-interfaces:interfaces-state/interface/" + key(name);
    }

    /** netvirt's operational VPN interfaces, one per port of a routed subnet and VPN (keyed by name and VPN). */
    public static final String VPN_INTERFACE_OP_DATA = OPERATIONAL + "odl-l3vpn:vpn-interface-op-data";

    /** netvirt's operational state of a VPN instance (a router's internal VPN: keyed by the router uuid). */
    public static String vpnInstanceOpData(String vrfId) {
        return OPERATIONAL + "odl-l3vpn:vpn-instance-op-data/vpn-instance-op-data-entry/" + key(vrfId);
    }

    /** neutronvpn's map of a neutron subnet (keyed by the subnet uuid), which netvirt's router code reads. */
    public static String subnetmap(String subnetUuid) {
        return CONFIG + "neutronvpn:subnetmaps/subnetmap/" + key(subnetUuid);
    }

    /** A switch of the config inventory, where netvirt and genius write its flows and groups. */
    public static String inventoryNode(BigInteger dpnId) {
        return CONFIG + "opendaylight-inventory:nodes/node/" + key("openflow:" + dpnId);
    }

    /** Percent-encodes a key value; ODL needs e.g. {@code 10.0.0.0%2F24} for a prefix key. */
    public static String key(String value) {
        StringBuilder sb = new StringBuilder();
        for (byte b : value.getBytes(StandardCharsets.UTF_8)) {
            char c = (char) (b & 0xff);
            if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || "-._~:".indexOf(c) >= 0) {
                sb.append(c);
            } else {
                sb.append('%').append(String.format("%02X", b & 0xff));
            }
        }
        return sb.toString();
    }
}
