package dev.dovs.engine.odl;

/** Fixed identifiers the original tool used; external scripts (ACL classifiers) rely on them. */
public final class OdlConstants {

    public static final String TENANT_ID = "5d806f0e-e197-4a72-88e6-72b024fa5c97";
    public static final String NETWORK_ID = "177bef73-514e-4922-990f-d7aba0f3b0f4";
    public static final String NETWORK_NAME = "dovs-net";
    public static final String SEGMENTATION_ID = "1";
    public static final String TRANSPORT_ZONE = "dovs-tz";

    public static final String OWNER_ROUTER_INTERFACE = "network:router_interface";
    public static final String OWNER_COMPUTE = "compute";
    /** Contract B.4: plain OVS ports; the original's "macvtap" does not describe what dovs plugs. */
    public static final String VIF_TYPE = "ovs";
    public static final String VNIC_TYPE = "normal";

    public static final String NETWORK_TYPE_VXLAN = "neutron-networks:network-type-vxlan";
    public static final String IP_VERSION_V4 = "neutron-constants:ip-version-v4";
    public static final String TUNNEL_TYPE_VXLAN_GPE = "odl-interface:tunnel-type-vxlan-gpe";
    public static final String TUNNEL_TYPE_VXLAN = "odl-interface:tunnel-type-vxlan";

    private OdlConstants() {
    }

    /** genius only reports a bare parent-interface for names like tap1234abcd-ef, hence uuid[0:11]. */
    public static String tapName(String portUuid) {
        return "tap" + portUuid.substring(0, 11);
    }
}
