package dev.dovs.engine.odl;

import dev.dovs.events.model.LabNaming;

import java.nio.charset.StandardCharsets;
import java.util.UUID;

/**
 * How one lab's objects are named in ODL. The default lab keeps the original's fixed tenant, network uuid, network
 * name and transport zone (external scripts use them); any other lab gets its own tenant, network and zone, so that
 * labs never share or delete each other's objects. Every other uuid is derived from the lab and a name, so a
 * replayed lab re-creates the same objects and re-running finds them again.
 */
public record OdlLab(String lab, String tenant, String networkId, String networkName, String zone) {

    public static OdlLab of(LabNaming naming) {
        if (naming.isDefault()) {
            return new OdlLab(naming.lab(), OdlConstants.TENANT_ID, OdlConstants.NETWORK_ID,
                    OdlConstants.NETWORK_NAME, OdlConstants.TRANSPORT_ZONE);
        }
        String lab = naming.lab();
        return new OdlLab(lab, uuid(lab, "tenant"), uuid(lab, "network"), naming.netnsPrefix() + "net",
                naming.netnsPrefix() + "tz");
    }

    /**
     * The neutron network of one dovs net (its subnet's network). One network per net, not the original's single
     * network for every subnet: netvirt makes one ELAN (one L2 broadcast domain) per network, so subnets sharing a
     * network are not isolated from each other (seen with a real ODL: overlapping subnets then leak).
     */
    public String networkId(String net) {
        return uuid(lab, "network:" + net);
    }

    /** The network's name: the lab's network name prefix and the net ({@code dovs-net-subnet-A}). */
    public String networkName(String net) {
        return networkName + "-" + net;
    }

    /** The largest segmentation id netvirt 0.8.0 handles for a VXLAN network (see {@link #segmentationId}). */
    public static final int MAX_SEGMENTATION_ID = 65535;

    /**
     * The network's preferred VXLAN segmentation id (VNI), 1..{@value #MAX_SEGMENTATION_ID}, derived from the
     * network uuid: the same on replay. RFC 7348 allows 24 bits, but netvirt 0.8.0's ELAN passes the VNI to ITM as a
     * terminating-service id, a 16-bit leaf ({@code itm-rpc.yang}, {@code remove-terminating-service-actions}): with
     * a larger VNI every removal of a network's last port from a switch fails ({@code Invalid range: ..., expected:
     * [[0..65535]]}, seen with a real ODL Neon) and leaves stale ELAN state that breaks the next port there.
     * {@link OdlPlanner} takes the next free id when another network on the same ODL has this one.
     */
    public int segmentationId(String net) {
        int bits = Integer.parseInt(networkId(net).substring(0, 4), 16);
        return bits == 0 ? 1 : bits;
    }

    public String subnetId(String subnetName) {
        return uuid(lab, "subnet:" + subnetName);
    }

    public String routerId(String routerName) {
        return uuid(lab, "router:" + routerName);
    }

    public String routerPortId(String routerName, String subnetName) {
        return uuid(lab, "router-port:" + routerName + ":" + subnetName);
    }

    /** The original's QEMU-style 52:54 MAC for router ports, from the port uuid instead of a random draw. */
    public static String routerPortMac(String portId) {
        String hex = portId.replace("-", "");
        return "52:54:" + hex.substring(0, 2) + ":" + hex.substring(2, 4) + ":" + hex.substring(4, 6) + ":"
                + hex.substring(6, 8);
    }

    /**
     * 16 hex digits for br-int's other-config:datapath-id; 48 bits like OVS's MAC-derived default. Derived from the
     * node and {@code generation}, the lab log's last index when the node is added: each incarnation of a node
     * (a replay after a clean, a node removed and added again) gets a datapath id of its own, as a new OVS bridge
     * does. ODL keeps per-switch state beyond the switch's life: a switch that came back under the id of one just
     * deleted was at times never sent the flows netvirt wrote for it (openflowplugin's rules manager; seen with a
     * real ODL Neon after a clean and replay).
     */
    public String datapathId(String node, long generation) {
        return "0000" + uuid(lab, "datapath:" + node + "@" + generation).replace("-", "").substring(0, 12);
    }

    /**
     * The id a node of this lab gets in ODL's OVSDB topology ({@code ovsdb://dovs/<tenant>/<datapath id>}, set by
     * dovs as the switch's {@code opendaylight-iid}); its bridges are {@code <id>/bridge/<name>}.
     */
    public static String ovsdbNodeId(String tenant, String datapathId) {
        return ovsdbNodePrefix(tenant) + datapathId;
    }

    /** What every OVSDB node id of the lab with this tenant starts with. */
    public static String ovsdbNodePrefix(String tenant) {
        return "ovsdb://dovs/" + tenant + "/";
    }

    /** ITM's dpn-id: the datapath id as an unsigned decimal. */
    public static String dpnId(String datapathId) {
        return TransportZone.Vtep.dpnIdFromDatapathId(datapathId).toString();
    }

    /** The original meant "vxlan-&lt;node&gt;" but formatted the zone name in; the key is (dpn-id, portname). */
    public static String vtepPortname(String node) {
        return "vxlan-" + node;
    }

    private static String uuid(String lab, String what) {
        return UUID.nameUUIDFromBytes(("dovs-odl:" + lab + ":" + what).getBytes(StandardCharsets.UTF_8)).toString();
    }
}
