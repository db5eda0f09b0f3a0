package dev.dovs.engine.ovs;

import java.time.Duration;

import java.util.List;

/**
 * Open vSwitch inside a node container, driven from the host through the container's db socket. Blocking: call it
 * off the event loop. {@code pid} is the node container's init pid.
 */
public interface OvsDriver {

    /** Creates the bridge on the userspace datapath and fails unless it really got a datapath. */
    void createBridge(long pid, String bridge, String lab, String localIp);

    /**
     * Hands OVS to an OpenDaylight reachable from the node at {@code controllerHost}: creates {@code bridge}
     * (netdev, fail mode secure, OpenFlow13, the fixed datapath id, the lab's mark), sets the manager, waits up to
     * {@code bridgeWait} for ODL (netvirt) to take the bridge by setting itself as its controller, else sets the
     * controller itself; then sets local_ip. {@code ovsdbNodeId} becomes the node's id in ODL's OVSDB topology
     * ({@code Open_vSwitch external_ids:opendaylight-iid}), so that dovs can remove what ODL keeps of it.
     *
     * @return true when ODL set the controller, false when this call did
     */
    boolean connectController(long pid, String bridge, String lab, String controllerHost, Duration bridgeWait,
                              String datapathId, String localIp, String ovsdbNodeId);

    /**
     * The datapath id of {@code bridge} as OpenFlow reports it (16 hex digits, the bridge's
     * {@code other_config:datapath-id} when set).
     */
    String datapathId(long pid, String bridge);

    /** Every flow of the bridge's OpenFlow 1.3 flow table ({@code ovs-ofctl dump-flows}), summarized. */
    List<FlowEntry> flows(long pid, String bridge);

    /**
     * One flow: its table, priority (OpenFlow's default 32768 when OVS prints none) and hard timeout in seconds
     * (0: none; flows a {@code learn} action made have one).
     */
    record FlowEntry(int table, int priority, int hardTimeout) {
    }

    /**
     * Disconnects the bridge from its controllers and connects it again to the same targets (OVS keeps its flows
     * meanwhile in fail mode secure); waits, bounded, until a controller is connected again.
     *
     * @return false when the bridge has no controller, or none connected again within the bound
     */
    boolean reconnectController(long pid, String bridge);

    /** {@code tag}: the port's local VLAN (0: none). */
    void plugPort(long pid, String bridge, String port, String ifaceId, String mac, String guest, String lab,
                  String info, int tag);

    /** Several {@link #plugPort}s in one transaction. */
    void plugPorts(long pid, String bridge, List<PortSpec> ports);

    /**
     * A guest's port: the Interface's name {@code port}, its neutron port id and MAC, the guest, the lab, the guest's
     * description ({@code info}, JSON) and the port's local VLAN ({@code tag}, 0: none).
     */
    record PortSpec(String port, String ifaceId, String mac, String guest, String lab, String info, int tag) {
        /**
         * The Interface's {@code external_ids}, in this order: {@code iface-id} and {@code attached-mac} (the
         * neutron port and MAC, which ovn-controller and ODL netvirt bind the port by), the lab's mark and the
         * guest's name.
         */
        public java.util.Map<String, String> externalIds() {
            java.util.Map<String, String> ids = new java.util.LinkedHashMap<>();
            ids.put("iface-id", ifaceId);
            ids.put("attached-mac", mac);
            ids.put(dev.dovs.events.model.LabNaming.OVS_MARK, lab);
            ids.put("dovs-guest", guest);
            return ids;
        }

        /** The Interface's {@code other_config}: {@code dovs-info}, what {@code info} reads back. */
        public java.util.Map<String, String> otherConfig() {
            return java.util.Map.of("dovs-info", info);
        }
    }

    /**
     * br-phy for userspace tunnelling: the underlay interface holding {@code cidr} becomes a br-phy port, the
     * address moves to br-phy, and the node kernel stops seeing underlay frames (nft ingress drop). Idempotent.
     */
    void setupUnderlay(long pid, String cidr, String mac, String lab);

    /** VXLAN ports in one transaction; each {@code remoteIp} is the remote node's underlay address. */
    void addTunnels(long pid, String bridge, String lab, List<TunnelSpec> tunnels);

    /** Deletes ports in one transaction; missing ones are ignored. */
    void removePorts(long pid, String bridge, List<String> ports);

    record TunnelSpec(String port, String remoteIp, int vni, int vlan) {
    }

    /** True when the port existed. */
    boolean unplugPort(long pid, String bridge, String port);

    /** Ports carrying this lab's mark, with their ofport (-1 when not attached). */
    List<PortInfo> labPorts(long pid, String lab);

    record PortInfo(String name, long ofport, String ifaceId, String mac, String guest, String error) {
    }

    /**
     * Why the node's OVS cannot take changes (a daemon dead or not answering), or null when it can. Bounded by
     * {@link dev.dovs.engine.NodeHealth#PROBE_TIMEOUT} per daemon.
     */
    default String unavailable(long pid) {
        return unavailable(pid, dev.dovs.engine.NodeHealth.PROBE_TIMEOUT);
    }

    /** {@link #unavailable(long)} with {@code timeout} per daemon. */
    default String unavailable(long pid, java.time.Duration timeout) {
        return null;
    }

    /**
     * Names among {@code ports} that exist on the node's OVS without the lab's mark ({@code external_ids:dovs-lab}),
     * with their owner ({@code ""} when unmarked): dovs must not adopt them.
     */
    default java.util.Map<String, String> foreignPorts(long pid, String lab, List<String> ports) {
        return java.util.Map.of();
    }
}
