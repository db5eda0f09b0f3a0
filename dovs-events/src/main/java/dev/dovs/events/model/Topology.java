package dev.dovs.events.model;

import java.nio.charset.StandardCharsets;
import java.util.UUID;

/**
 * Deterministic names and numbers of the overlay, computed from names alone so that the planner, the projection
 * and a replay on another host all agree without storing them.
 */
public final class Topology {
    /** Guests without a net share their node's br-int on this local VLAN (never tunnelled). */
    public static final int LOCAL_VLAN = 1;
    /** 1500 minus the VXLAN encapsulation (50 bytes): a 1500-byte inner packet would be silently lost. */
    public static final int OVERLAY_MTU = 1450;
    public static final int PLAIN_MTU = 1500;

    private Topology() {
    }

    /** The k-th net of a lab (1-based, in order of first use) gets VNI 1000+k and local VLAN 100+k. */
    public static int vni(int k) {
        return 1000 + k;
    }

    public static int vlan(int k) {
        return 100 + k;
    }

    /** VXLAN port for (VNI, remote node): "vx" + VNI in hex + 8 hex of the remote's name; at most 15 characters. */
    public static String tunnelPort(int vni, String remoteContainer) {
        UUID h = UUID.nameUUIDFromBytes(remoteContainer.getBytes(StandardCharsets.UTF_8));
        return "vx" + Integer.toHexString(vni) + h.toString().substring(0, 8);
    }

    public static String routerNetns(LabNaming naming, String router) {
        return naming.netnsPrefix() + "qr." + router;
    }

    /** The router-interface port of (router, net): a stable uuid, like neutron's router_interface port. */
    public static String routerPortId(String router, String net) {
        return UUID.nameUUIDFromBytes(("dovs-router-port:" + router + ":" + net).getBytes(StandardCharsets.UTF_8))
                .toString();
    }

    /** neutron's fa:16:3e prefix and three bytes of the port uuid. */
    public static String routerMac(String portId) {
        String hex = portId.replace("-", "");
        return "fa:16:3e:" + hex.substring(0, 2) + ":" + hex.substring(2, 4) + ":" + hex.substring(4, 6);
    }

    /** Inside the router namespace: "qr-" + 11 characters of the port uuid, as neutron's L3 agent names it. */
    public static String routerIfname(String portId) {
        return "qr-" + portId.substring(0, 11);
    }
}
