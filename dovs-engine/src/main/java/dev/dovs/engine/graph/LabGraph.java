package dev.dovs.engine.graph;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.dovs.events.projection.GuestView;
import dev.dovs.events.projection.LabProjection;
import dev.dovs.events.projection.NetView;
import dev.dovs.events.projection.NodeView;
import dev.dovs.events.projection.RouterView;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A lab's topology as a graph, from its projection: nodes (with the guests and routers they host), nets, routers,
 * the VXLAN tunnels between nodes (one per pair of nodes and net, when dovs makes the overlay) and the controller.
 * Rendered as Graphviz DOT (the DOT language, graphviz.org/doc/info/lang.html), Mermaid flowchart syntax
 * (mermaid.js.org/syntax/flowchart.html) or JSON. Pure: the same projection always gives the same text.
 */
public final class LabGraph {
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    /** The VXLAN tunnels between two nodes: one per net, by VNI. */
    public record Link(String a, String b, List<Integer> vnis) {
    }

    private final String lab;
    private final String controller;
    private final List<NodeView> nodes;
    private final List<NetView> nets;
    private final List<RouterView> routers;
    private final List<GuestView> guests;
    private final Map<String, String> impairments = new LinkedHashMap<>();
    private final List<Link> links = new ArrayList<>();
    private final Map<String, String> ids = new LinkedHashMap<>();

    private LabGraph(LabProjection state) {
        lab = state.naming().lab();
        nodes = List.copyOf(state.nodes());
        nets = List.copyOf(state.nets());
        routers = List.copyOf(state.routers());
        guests = List.copyOf(state.guests());
        guests.forEach(g -> state.impairment(g.name()).ifPresent(i -> impairments.put(g.name(), i.describe())));
        controller = state.controller().map(c -> c.kind().wireName() + " " + c.endpoint()).orElse("none");
        if (controller.equals("none") && !nets.isEmpty()) {
            List<Integer> vnis = nets.stream().map(NetView::vni).toList();
            for (int i = 0; i < nodes.size(); i++) {
                for (int j = i + 1; j < nodes.size(); j++) {
                    links.add(new Link(nodes.get(i).name(), nodes.get(j).name(), vnis));
                }
            }
        }
        // Identifiers by position: safe in both languages whatever the names, and stable for a given lab.
        for (int i = 0; i < nodes.size(); i++) {
            ids.put("node:" + nodes.get(i).name(), "node" + i);
        }
        for (int i = 0; i < nets.size(); i++) {
            ids.put("net:" + nets.get(i).name(), "net" + i);
        }
        for (int i = 0; i < routers.size(); i++) {
            ids.put("router:" + routers.get(i).name(), "router" + i);
        }
        for (int i = 0; i < guests.size(); i++) {
            ids.put("guest:" + guests.get(i).name(), "guest" + i);
        }
    }

    public static LabGraph of(LabProjection state) {
        return new LabGraph(state);
    }

    public List<Link> links() {
        return List.copyOf(links);
    }

    private String id(String kind, String name) {
        return ids.get(kind + ":" + name);
    }

    private String guestLabel(GuestView g, String newline) {
        String s = g.name() + newline + g.cidr();
        String imp = impairments.get(g.name());
        return imp == null ? s : s + newline + "netem: " + imp;
    }

    /** Graphviz DOT: one cluster per node holding its br-int, guests and routers; nets as ellipses. */
    public String dot() {
        StringBuilder b = new StringBuilder();
        b.append("graph \"dovs-").append(esc(lab)).append("\" {\n");
        b.append("  label=\"lab ").append(esc(lab)).append(" (controller: ").append(esc(controller)).append(")\";\n");
        b.append("  labelloc=t;\n  node [fontname=\"Helvetica\", fontsize=10];\n");
        b.append("  edge [fontname=\"Helvetica\", fontsize=9];\n");
        for (NodeView n : nodes) {
            b.append("  subgraph cluster_").append(id("node", n.name())).append(" {\n");
            b.append("    label=\"node ").append(esc(n.name())).append("\";\n");
            b.append("    ").append(id("node", n.name())).append(" [label=\"br-int\\n").append(esc(n.container()))
                    .append("\", shape=box3d];\n");
            for (GuestView g : guests) {
                if (g.node().equals(n.name())) {
                    b.append("    ").append(id("guest", g.name())).append(" [label=\"")
                            .append(esc(guestLabel(g, "\n"))).append("\", shape=box, style=rounded];\n");
                }
            }
            for (RouterView r : routers) {
                if (r.node().equals(n.name())) {
                    b.append("    ").append(id("router", r.name())).append(" [label=\"router ")
                            .append(esc(r.name())).append("\", shape=diamond];\n");
                }
            }
            b.append("  }\n");
        }
        for (NetView n : nets) {
            b.append("  ").append(id("net", n.name())).append(" [label=\"net ").append(esc(n.name()))
                    .append("\\n").append(n.subnet()).append("\\nVNI ").append(n.vni()).append("\", shape=ellipse];\n");
        }
        for (GuestView g : guests) {
            b.append("  ").append(id("guest", g.name())).append(" -- ").append(id("node", g.node()));
            b.append(g.net() == null ? ";\n" : " [label=\"" + esc(g.net()) + "\"];\n");
            if (g.net() != null) {
                b.append("  ").append(id("guest", g.name())).append(" -- ").append(id("net", g.net()))
                        .append(" [style=dotted];\n");
            }
        }
        for (RouterView r : routers) {
            b.append("  ").append(id("router", r.name())).append(" -- ").append(id("node", r.node())).append(";\n");
            for (RouterView.Port p : r.ports()) {
                b.append("  ").append(id("router", r.name())).append(" -- ").append(id("net", p.net()))
                        .append(" [label=\"").append(p.gatewayCidr()).append("\", style=dotted];\n");
            }
        }
        for (Link l : links) {
            b.append("  ").append(id("node", l.a())).append(" -- ").append(id("node", l.b()))
                    .append(" [label=\"vxlan ").append(vniText(l)).append("\", style=dashed];\n");
        }
        return b.append("}\n").toString();
    }

    /** Mermaid flowchart: one subgraph per node. */
    public String mermaid() {
        StringBuilder b = new StringBuilder("flowchart LR\n");
        b.append("  %% lab ").append(lab).append(", controller: ").append(controller).append('\n');
        for (NodeView n : nodes) {
            b.append("  subgraph ").append(id("node", n.name())).append("_host[\"node ").append(mm(n.name()))
                    .append("\"]\n");
            b.append("    ").append(id("node", n.name())).append("[(\"br-int ").append(mm(n.container()))
                    .append("\")]\n");
            for (GuestView g : guests) {
                if (g.node().equals(n.name())) {
                    b.append("    ").append(id("guest", g.name())).append("(\"").append(mm(guestLabel(g, "<br/>")))
                            .append("\")\n");
                }
            }
            for (RouterView r : routers) {
                if (r.node().equals(n.name())) {
                    b.append("    ").append(id("router", r.name())).append("{\"router ").append(mm(r.name()))
                            .append("\"}\n");
                }
            }
            b.append("  end\n");
        }
        for (NetView n : nets) {
            b.append("  ").append(id("net", n.name())).append("((\"net ").append(mm(n.name())).append("<br/>")
                    .append(n.subnet()).append("<br/>VNI ").append(n.vni()).append("\"))\n");
        }
        for (GuestView g : guests) {
            b.append("  ").append(id("guest", g.name())).append(" --- ").append(id("node", g.node())).append('\n');
            if (g.net() != null) {
                b.append("  ").append(id("guest", g.name())).append(" -.- ").append(id("net", g.net())).append('\n');
            }
        }
        for (RouterView r : routers) {
            b.append("  ").append(id("router", r.name())).append(" --- ").append(id("node", r.node())).append('\n');
            for (RouterView.Port p : r.ports()) {
                b.append("  ").append(id("router", r.name())).append(" -.-|\"").append(p.gatewayCidr())
                        .append("\"| ").append(id("net", p.net())).append('\n');
            }
        }
        for (Link l : links) {
            b.append("  ").append(id("node", l.a())).append(" -.-|\"vxlan ").append(vniText(l)).append("\"| ")
                    .append(id("node", l.b())).append('\n');
        }
        return b.toString();
    }

    /** {@code {lab, controller, nodes, nets, routers, guests, tunnels}}. */
    public String json() {
        ObjectNode root = JSON.createObjectNode();
        root.put("lab", lab).put("controller", controller);
        ArrayNode ns = root.putArray("nodes");
        nodes.forEach(n -> ns.addObject().put("name", n.name()).put("container", n.container())
                .put("image", n.image()).put("mgmtIp", n.mgmtIp()).put("intIp", n.intIp()));
        ArrayNode nt = root.putArray("nets");
        nets.forEach(n -> nt.addObject().put("name", n.name()).put("subnet", n.subnet()).put("vni", n.vni())
                .put("vlan", n.vlan()).put("router", n.router()));
        ArrayNode rs = root.putArray("routers");
        for (RouterView r : routers) {
            ObjectNode o = rs.addObject().put("name", r.name()).put("node", r.node()).put("netns", r.netns());
            ArrayNode ps = o.putArray("ports");
            r.ports().forEach(p -> ps.addObject().put("net", p.net()).put("portId", p.portId()).put("mac", p.mac())
                    .put("gateway", p.gatewayCidr()));
        }
        ArrayNode gs = root.putArray("guests");
        guests.forEach(g -> gs.addObject().put("name", g.name()).put("node", g.node()).put("netns", g.netns())
                .put("net", g.net()).put("ip", g.cidr()).put("mac", g.mac()).put("portId", g.portId())
                .put("router", g.router()).put("netem", impairments.get(g.name())));
        ArrayNode ts = root.putArray("tunnels");
        for (Link l : links) {
            ObjectNode o = ts.addObject().put("a", l.a()).put("b", l.b());
            l.vnis().forEach(o.putArray("vnis")::add);
        }
        try {
            return JSON.writeValueAsString(root) + "\n";
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static String vniText(Link l) {
        return String.join(",", l.vnis().stream().map(String::valueOf).toList());
    }

    /** A DOT quoted string's content: quotes and backslashes escaped, newlines as \n. */
    private static String esc(String s) {
        return s.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n");
    }

    /** Mermaid text inside quotes: a quote becomes #quot;. */
    private static String mm(String s) {
        return s.replace("\"", "#quot;");
    }
}
