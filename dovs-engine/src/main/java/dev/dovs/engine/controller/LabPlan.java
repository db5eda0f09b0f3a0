package dev.dovs.engine.controller;

import dev.dovs.events.Intent;
import dev.dovs.events.model.Ipv4Cidr;
import dev.dovs.events.model.LabNaming;
import dev.dovs.events.projection.GuestView;
import dev.dovs.events.projection.LabProjection;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The lab as one intent's plan sees it so far (read-only): the projected state plus what the same intent adds
 * before, so that a spawn's later guests see its earlier nets and routers. What every overlay shares: nodes, nets
 * (with dovs' VNI and local VLAN, numbered in order of first use), routers and their ports, guests.
 */
public interface LabPlan {

    /** A net as planned: {@code isNew} when this intent brings it. */
    record Net(String name, Ipv4Cidr subnet, int vni, int vlan, String router, boolean isNew) {
        public Net withRouter(String r) {
            return new Net(name, subnet, vni, vlan, r, isNew);
        }
    }

    /** A router's interface on a net this intent attaches, on {@code node}, with the subnet's gateway address. */
    record RouterPort(String router, String net, String node, String gatewayCidr, int vlan) {
    }

    LabProjection state();

    LabNaming naming();

    /** Every node of the lab in order, with true for those this intent adds. */
    Map<String, Boolean> nodes();

    /** The controller target a node was (or is being) added with; null on dovs' own overlay. */
    Intent.ControllerTarget controllerOf(String node);

    Collection<Net> nets();

    /** Null when there is no such net. */
    Net net(String name);

    /** Routers this intent creates, in order. */
    Set<String> newRouters();

    /** Router interfaces this intent creates. */
    List<RouterPort> newRouterPorts();

    /** Guests this intent adds, in order. */
    List<GuestView> newGuests();

    /** The original's per-port marker ({@code other_config:dovs-info}), as JSON: name, ns, ip, net, router. */
    static String portInfo(String name, String netns, String cidr, String net, String router) {
        com.fasterxml.jackson.databind.node.ObjectNode o = new com.fasterxml.jackson.databind.ObjectMapper()
                .createObjectNode();
        o.put("name", name).put("ns", netns).put("ip", cidr).put("net", net == null ? "" : net)
                .put("router", router == null ? "" : router);
        return o.toString();
    }
}
