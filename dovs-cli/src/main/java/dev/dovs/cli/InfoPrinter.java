package dev.dovs.cli;

import dev.dovs.events.Intent;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.dovs.engine.DovsException;
import dev.dovs.engine.Engine;
import dev.dovs.engine.LabClient;
import dev.dovs.engine.LabStatus;
import dev.dovs.events.projection.GuestView;
import dev.dovs.events.projection.NetView;
import dev.dovs.events.model.LabNaming;
import dev.dovs.events.projection.RouterView;

import java.io.PrintWriter;

/** The original's {@code info} layout (kept for scripts), plus live status lines, or the same as JSON. */
final class InfoPrinter {
    private InfoPrinter() {
    }

    /**
     * The lab's live state, or only guest {@code guestFilter} (its name or namespace name).
     *
     * @throws DovsException {@code INVALID} (exit 2) when the lab has no such guest
     */
    static LabStatus.Snapshot snapshot(LabClient client, String guestFilter) {
        var state = client.state();
        String guest = null;
        if (guestFilter != null) {
            guest = state.resolveGuest(guestFilter).map(g -> g.name()).orElseThrow(() -> new DovsException(
                    DovsException.INVALID, "lab " + client.naming().lab() + " has no guest " + guestFilter));
        }
        Invocation inv = Invocation.current();
        LabStatus.Snapshot s = LabStatus.collect(state, Engine.Settings.defaults(),
                inv.daemon() ? inv.engines().queries() : null);
        return filter(s, guest);
    }

    static LabStatus.Snapshot filter(LabStatus.Snapshot s, String guestFilter) {
        if (guestFilter == null) {
            return s;
        }
        return new LabStatus.Snapshot(s.lab(), s.nodes().stream().map(n -> new LabStatus.Node(n.view(), n.status(),
                n.guests().stream().filter(g -> g.view().name().equals(guestFilter)).toList(), n.tunnels()))
                .toList(), s.nets(), s.routers(), s.strays(), s.controller(), s.pending());
    }

    static void printText(PrintWriter out, LabStatus.Snapshot s, boolean outstanding) {
        out.println();
        out.println(outstanding ? "Outstanding dovs nodes & guests setup:" : "Current dovs nodes & guests setup:");
        out.println();
        if (s.nodes().isEmpty() && s.strays().isEmpty() && s.pending().isEmpty()) {
            out.println("Empty");
            out.println();
            out.flush();
            return;
        }
        for (LabStatus.Node n : s.nodes()) {
            out.println("Node: " + n.view().name());
            out.println("  status: " + n.status());
            out.println("  container: " + n.view().container());
            out.println("  mgmt: " + orEmpty(n.view().mgmtIp()));
            out.println("  int: " + orEmpty(n.view().intIp()));
            if (s.controller() != null) {
                out.println("  " + s.controller().kind().wireName() + ": " + s.controller().endpoint());
            }
            if (n.tunnels() > 0) {
                out.println("  tunnels: " + n.tunnels());
            }
            for (LabStatus.Guest g : n.guests()) {
                GuestView v = g.view();
                out.println(" Guest: " + v.name());
                out.println("  namespace: " + v.netns());
                out.println("  ofport: " + (g.ofport() > 0 ? g.ofport() : ""));
                out.println("  mac: " + v.mac());
                out.println("  ip: " + v.cidr());
                out.println("  ifaceid: " + v.portId());
                out.println("  subnet: " + orEmpty(v.net()));
                out.println("  router: " + orEmpty(v.router()));
                if (g.netem() != null) {
                    out.println("  netem: " + g.netem());
                }
                out.println("  status: " + g.status());
            }
        }
        for (NetView net : s.nets()) {
            out.println("Net: " + net.name());
            out.println("  subnet: " + net.subnet());
            if (s.controller() != null) {
                out.println("  " + s.controller().kind().wireName() + ": " + s.controller().endpoint() + " ("
                        + (s.controller().kind() == Intent.ControllerKind.ODL ? "neutron subnet"
                        : s.controller().kind().displayName() + " net") + ")");
            } else {
                out.println("  vni: " + net.vni());
            }
            out.println("  router: " + orEmpty(net.router()));
        }
        for (RouterView r : s.routers()) {
            out.println("Router: " + r.name());
            out.println("  node: " + r.node());
            out.println("  namespace: " + r.netns());
            r.ports().forEach(p -> out.println("  interface: " + p.ifname() + " " + p.gatewayCidr() + " (" + p.net()
                    + ")"));
        }
        new java.util.TreeMap<>(s.pending()).forEach((c, why) -> out.println("Container: " + c + " (" + why + ")"));
        for (String stray : s.strays()) {
            out.println("Stray container (not in the log): " + stray);
        }
        out.println();
        out.println();
        out.println("Remember to Use \"" + new LabNaming(s.lab()).command("clean") + "\" to clean up");
        out.println();
        out.println();
        out.flush();
    }

    static void printJson(PrintWriter out, LabStatus.Snapshot s) {
        ObjectMapper json = new ObjectMapper();
        ObjectNode root = json.createObjectNode().put("lab", s.lab());
        if (s.controller() == null || s.controller().kind() == Intent.ControllerKind.ODL) {
            root.put("odl", s.controller() == null ? null : s.controller().endpoint()); // as before controllers
        } else {
            root.put(s.controller().kind().wireName(), s.controller().endpoint());
        }
        ArrayNode nodes = root.putArray("nodes");
        for (LabStatus.Node n : s.nodes()) {
            ObjectNode jn = nodes.addObject().put("name", n.view().name()).put("container", n.view().container())
                    .put("status", n.status()).put("image", n.view().image())
                    .put("containerId", n.view().containerId()).put("mgmtIp", n.view().mgmtIp())
                    .put("intIp", n.view().intIp()).put("tunnels", n.tunnels());
            ArrayNode guests = jn.putArray("guests");
            for (LabStatus.Guest g : n.guests()) {
                GuestView v = g.view();
                guests.addObject().put("name", v.name()).put("namespace", v.netns()).put("tap", v.tap())
                        .put("ofport", g.ofport()).put("mac", v.mac()).put("ip", v.cidr()).put("ifaceid", v.portId())
                        .put("subnet", v.net()).put("router", v.router()).put("mtu", v.mtu())
                        .put("netem", g.netem()).put("status", g.status());
            }
        }
        ArrayNode nets = root.putArray("nets");
        for (NetView net : s.nets()) {
            ObjectNode jn = nets.addObject().put("name", net.name()).put("subnet", net.subnet());
            if (s.controller() == null) { // a controller's nets have its segmentation, not dovs' VNIs and VLANs
                jn.put("vni", net.vni()).put("vlan", net.vlan());
            }
            jn.put("router", net.router());
        }
        ArrayNode routers = root.putArray("routers");
        for (RouterView r : s.routers()) {
            ArrayNode ports = routers.addObject().put("name", r.name()).put("node", r.node())
                    .put("namespace", r.netns()).putArray("interfaces");
            r.ports().forEach(p -> ports.addObject().put("net", p.net()).put("ifname", p.ifname())
                    .put("ip", p.gatewayCidr()).put("mac", p.mac()).put("portId", p.portId()));
        }
        ArrayNode strays = root.putArray("strays");
        s.strays().forEach(strays::add);
        ObjectNode pending = root.putObject("pending");
        new java.util.TreeMap<>(s.pending()).forEach(pending::put);
        out.println(root.toPrettyString());
        out.flush();
    }

    private static String orEmpty(String s) {
        return s == null ? "" : s;
    }
}
