package dev.dovs.events.projection;

import java.util.List;

/** A router namespace on {@code node}, with one interface per attached net (in attach order). */
public record RouterView(String name, String node, String netns, List<Port> ports) {

    /** One router interface: the gateway address of {@code net}'s subnet. */
    public record Port(String net, String portId, String mac, String ifname, String peer, String gatewayCidr) {
    }

    RouterView with(Port p) {
        List<Port> all = new java.util.ArrayList<>(ports);
        all.add(p);
        return new RouterView(name, node, netns, List.copyOf(all));
    }
}
