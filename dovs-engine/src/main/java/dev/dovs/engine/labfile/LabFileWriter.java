package dev.dovs.engine.labfile;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.dovs.engine.odl.OdlController;
import dev.dovs.engine.ovn.OvnController;
import dev.dovs.engine.ovn.OvnNames;
import dev.dovs.engine.ovn.OvnPlanner;
import dev.dovs.events.Intent;
import dev.dovs.events.model.Impairment;
import dev.dovs.events.projection.GuestView;
import dev.dovs.events.projection.LabProjection;
import dev.dovs.events.projection.NetView;
import dev.dovs.events.projection.NodeView;

import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/** Writes topology files, and makes one from a lab's projection ({@code dovs export}). */
public final class LabFileWriter {
    private static final YAMLMapper YAML = new YAMLMapper(YAMLFactory.builder()
            .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
            .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
            .enable(YAMLGenerator.Feature.INDENT_ARRAYS_WITH_INDICATOR)
            .build());

    private LabFileWriter() {
    }

    /**
     * The lab as the log says it is now: every node, net (with its router), guest (with its MAC, port id and
     * impairment). Applying it to a clean lab gives back the same lab.
     *
     * <p>The controller as its nodes name it: ODL by its endpoint (the waits at their defaults), OVN by its central
     * (the lab's own, or the NB and SB remotes), encapsulation and binding timeout.
     */
    public static LabFile export(LabProjection state) {
        Intent.ControllerTarget c = state.controller().orElse(null);
        LabFile.Controller controller = LabFile.Controller.NONE;
        if (c != null && c.kind() == Intent.ControllerKind.ODL) {
            controller = new LabFile.Controller(OdlController.target(c.endpoint()));
        } else if (c != null && c.kind() == Intent.ControllerKind.OVN) {
            boolean own = OvnController.LAB_CENTRAL.equals(c.endpoint());
            controller = new LabFile.Controller(OvnController.target(own ? null : c.endpoint(),
                    own ? null : c.options().get(OvnController.SB),
                    c.options().getOrDefault(OvnController.ENCAP, OvnNames.GENEVE),
                    c.intOption(OvnController.BINDING_TIMEOUT, OvnPlanner.DEFAULT_BINDING_TIMEOUT_SECONDS)));
        } else if (c != null) {
            throw new IllegalArgumentException("lab " + state.naming().lab() + " is managed by " + c.label()
                    + ", which a topology file cannot name");
        }
        List<LabFile.Node> nodes = new ArrayList<>();
        for (NodeView n : state.nodes()) {
            nodes.add(new LabFile.Node(n.name(), n.image()));
        }
        List<LabFile.Net> nets = new ArrayList<>();
        for (NetView n : state.nets()) {
            nets.add(new LabFile.Net(n.name(), n.subnet(), n.router()));
        }
        List<LabFile.Guest> guests = new ArrayList<>();
        for (GuestView g : state.guests()) {
            guests.add(new LabFile.Guest(g.name(), g.node(), g.net(), g.cidr(), g.mac(), g.portId(),
                    state.impairment(g.name()).orElse(null)));
        }
        return new LabFile(state.naming().lab(), controller, nodes, nets, guests);
    }

    /** YAML that {@link LabFileReader} reads back to an equal {@link LabFile}. */
    public static String toYaml(LabFile file) {
        ObjectNode root = JsonNodeFactory.instance.objectNode();
        if (file.lab() != null) {
            root.put("lab", file.lab());
        }
        Intent.ControllerTarget t = file.controller().target();
        if (file.controller().isOdl()) {
            root.putObject("controller").put("type", "odl").put("endpoint", t.endpoint());
        } else if (file.controller().isOvn()) {
            ObjectNode o = root.putObject("controller").put("type", "ovn");
            if (!OvnController.LAB_CENTRAL.equals(t.endpoint())) {
                o.put("nb", t.endpoint()).put("sb", t.options().get(OvnController.SB));
            }
            o.put("encap", t.options().getOrDefault(OvnController.ENCAP, OvnNames.GENEVE));
            o.put("binding-timeout", t.intOption(OvnController.BINDING_TIMEOUT,
                    OvnPlanner.DEFAULT_BINDING_TIMEOUT_SECONDS));
        } else {
            root.put("controller", "none");
        }
        var nodes = root.putArray("nodes");
        file.nodes().forEach(n -> nodes.addObject().put("name", n.name()).put("image", n.image()));
        var nets = root.putArray("nets");
        for (LabFile.Net n : file.nets()) {
            ObjectNode o = nets.addObject().put("name", n.name()).put("subnet", n.subnet());
            if (n.router() != null) {
                o.put("router", n.router());
            }
        }
        var guests = root.putArray("guests");
        for (LabFile.Guest g : file.guests()) {
            ObjectNode o = guests.addObject().put("name", g.name()).put("node", g.node());
            if (g.net() != null) {
                o.put("net", g.net());
            }
            o.put("ip", g.cidr());
            if (g.mac() != null) {
                o.put("mac", g.mac());
            }
            if (g.portId() != null) {
                o.put("port", g.portId());
            }
            if (g.netem() != null) {
                Impairment i = g.netem();
                ObjectNode n = o.putObject("netem");
                if (i.delayMs() > 0) {
                    n.put("delay", i.delayMs());
                }
                if (i.jitterMs() > 0) {
                    n.put("jitter", i.jitterMs());
                }
                if (i.lossPercent() > 0) {
                    n.put("loss", i.lossPercent());
                }
                if (i.rate() != null) {
                    n.put("rate", i.rate());
                }
            }
        }
        try {
            return YAML.writeValueAsString(root);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }
}
