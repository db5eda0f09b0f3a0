package dev.dovs.engine.ovs;

import java.util.List;

/**
 * Open vSwitch inside a node container, driven from the host through the container's db socket. Blocking: call it
 * off the event loop. {@code pid} is the node container's init pid.
 */
public interface OvsDriver {

    /** Creates the bridge on the userspace datapath and fails unless it really got a datapath. */
    void createBridge(long pid, String bridge, String lab, String localIp);

    void plugPort(long pid, String bridge, String port, String ifaceId, String mac, String guest, String lab,
                  String info);

    /** True when the port existed. */
    boolean unplugPort(long pid, String bridge, String port);

    /** Ports carrying this lab's mark, with their ofport (-1 when not attached). */
    List<PortInfo> labPorts(long pid, String lab);

    record PortInfo(String name, long ofport, String ifaceId, String mac, String guest, String error) {
    }
}
