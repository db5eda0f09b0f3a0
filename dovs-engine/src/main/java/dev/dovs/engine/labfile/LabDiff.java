package dev.dovs.engine.labfile;

import dev.dovs.engine.ovn.OvnController;
import dev.dovs.events.Intent;
import dev.dovs.events.model.Impairment;
import dev.dovs.events.model.Topology;
import dev.dovs.events.projection.GuestView;
import dev.dovs.events.projection.LabProjection;
import dev.dovs.events.projection.NetView;
import dev.dovs.events.projection.NodeView;
import dev.dovs.events.projection.RouterView;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * The intents that take a lab from its projected state to what a topology file describes: pure, so {@code dovs
 * plan -f} shows exactly what {@code dovs apply -f} submits. Applying the result and diffing again gives nothing.
 *
 * <p>In this order: new nodes; guests that the file removes, or whose address, net, MAC or port id it changes
 * (removed, then added back as the file says); guests whose node changed (moved with {@code move-guest}, keeping
 * namespace, MAC and port id); nodes the file removes; new guests, in file order; impairments that differ.
 *
 * <p>Refused (a {@link LabDiff.Conflict}, before anything is submitted): a node whose image or controller differs,
 * a net whose subnet or router differs from the lab's, a node to remove that hosts a router namespace, and a file
 * meant for another lab.
 */
public final class LabDiff {

    /** Draws the MAC and port id of a guest the file adds without them. */
    public interface Ids {
        String mac();

        String portId();
    }

    /** The file cannot be converged to from the current state; the message says why and what to do. */
    public static final class Conflict extends IllegalArgumentException {
        public Conflict(String message) {
            super(message);
        }
    }

    private LabDiff() {
    }

    public static List<Intent> between(LabFile file, LabProjection state, Ids ids) {
        String lab = state.naming().lab();
        if (file.lab() != null && !file.lab().equals(lab)) {
            throw new Conflict("the file describes lab " + file.lab() + ", not lab " + lab + " (use --lab "
                    + file.lab() + ")");
        }
        Intent.ControllerTarget target = file.controller().target(); // null: dovs' own overlay
        List<Intent> addNodes = new ArrayList<>();
        for (LabFile.Node n : file.nodes()) {
            Optional<NodeView> current = state.node(n.name());
            if (current.isEmpty()) {
                addNodes.add(new Intent.AddNode(n.name(), n.image(), target));
                continue;
            }
            if (!current.get().image().equals(n.image())) {
                throw new Conflict("node " + n.name() + " runs image " + current.get().image() + ", the file says "
                        + n.image() + ": remove the node from the file and apply, then add it back");
            }
            Intent.ControllerTarget now = state.controllerOfNode(n.name()).orElse(null);
            if (now == null ? target != null : !now.sameController(target)) {
                throw new Conflict("node " + n.name() + " is managed by " + (now == null ? "dovs (controller none)"
                        : now.label()) + ", the file says " + (target == null ? "none" : target.label())
                        + ": clean the lab first");
            }
            String encap = now == null ? null : now.options().get(OvnController.ENCAP);
            if (encap != null && !encap.equals(target.options().get(OvnController.ENCAP))) {
                throw new Conflict("node " + n.name() + "'s chassis tunnels with " + encap + ", the file says "
                        + target.options().get(OvnController.ENCAP) + ": clean the lab first");
            }
        }
        for (LabFile.Net n : file.nets()) {
            Optional<NetView> current = state.net(n.name());
            if (current.isEmpty()) {
                continue;
            }
            if (!current.get().subnet().equals(n.subnet())) {
                throw new Conflict("net " + n.name() + " has subnet " + current.get().subnet() + ", the file says "
                        + n.subnet() + ": a net keeps its subnet until the lab is cleaned");
            }
            if (!Objects.equals(current.get().router(), n.router())) {
                throw new Conflict("net " + n.name() + " is attached to " + routerText(current.get().router())
                        + ", the file says " + routerText(n.router()) + ": a net keeps its router until the lab is "
                        + "cleaned");
            }
        }

        int overlayMtu = dev.dovs.engine.controller.Controllers.of(target).overlayMtu(); // the controller's tunnels
        Map<String, LabFile.Guest> wanted = new LinkedHashMap<>();
        file.guests().forEach(g -> wanted.put(g.name(), g));
        List<Intent> removals = new ArrayList<>();
        List<Intent> moves = new ArrayList<>();
        List<Intent> adds = new ArrayList<>();
        List<Intent> netems = new ArrayList<>();
        Set<String> replaced = new HashSet<>();
        for (GuestView g : state.guests()) {
            LabFile.Guest w = wanted.get(g.name());
            if (w == null) {
                removals.add(new Intent.DelGuest(g.name()));
            } else if (!w.cidr().equals(g.cidr()) || !Objects.equals(w.net(), g.net())
                    || w.mac() != null && !w.mac().equals(g.mac())
                    || w.portId() != null && !w.portId().equals(g.portId())) {
                removals.add(new Intent.DelGuest(g.name()));
                replaced.add(g.name());
            } else if (!w.node().equals(g.node())) {
                moves.add(new Intent.MoveGuest(g.name(), w.node()));
            }
        }
        Set<String> usedMacs = new HashSet<>();
        Set<String> usedPorts = new HashSet<>();
        for (GuestView g : state.guests()) {
            if (wanted.containsKey(g.name()) && !replaced.contains(g.name())) {
                usedMacs.add(g.mac());
                usedPorts.add(g.portId());
            }
        }
        file.guests().forEach(g -> {
            if (g.mac() != null) {
                usedMacs.add(g.mac());
            }
            if (g.portId() != null) {
                usedPorts.add(g.portId());
            }
        });
        for (LabFile.Guest w : file.guests()) {
            Optional<GuestView> current = state.guest(w.name());
            boolean isNew = current.isEmpty() || replaced.contains(w.name());
            if (isNew) {
                String mac = w.mac() != null ? w.mac() : current.map(GuestView::mac).filter(m -> w.cidr() != null
                        && replaced.contains(w.name())).orElseGet(() -> draw(ids::mac, usedMacs));
                String port = w.portId() != null ? w.portId() : current.map(GuestView::portId)
                        .filter(p -> replaced.contains(w.name())).orElseGet(() -> draw(ids::portId, usedPorts));
                String router = w.net() == null ? null : file.net(w.net()).map(LabFile.Net::router).orElse(null);
                adds.add(new Intent.AddGuest(w.name(), w.node(), w.cidr(), mac, port, w.net(), router,
                        w.net() == null ? Topology.PLAIN_MTU : overlayMtu, guestTarget(target, w.net())));
                if (w.netem() != null) {
                    netems.add(new Intent.Netem(w.name(), w.netem()));
                }
            } else {
                Impairment now = state.impairment(w.name()).orElse(null);
                if (!Objects.equals(now, w.netem())) {
                    netems.add(new Intent.Netem(w.name(), w.netem()));
                }
            }
        }

        Set<String> fileNodes = new HashSet<>();
        file.nodes().forEach(n -> fileNodes.add(n.name()));
        List<Intent> delNodes = new ArrayList<>();
        for (NodeView n : state.nodes()) {
            if (fileNodes.contains(n.name())) {
                continue;
            }
            for (RouterView r : state.routers()) {
                if (r.node().equals(n.name())) {
                    throw new Conflict("node " + n.name() + " hosts router " + r.name() + ": a router stays on its "
                            + "node until the lab is cleaned, so the file must keep node " + n.name());
                }
            }
            delNodes.add(new Intent.DelNode(n.name(), false));
        }

        List<Intent> out = new ArrayList<>(addNodes);
        out.addAll(removals);
        out.addAll(moves);
        out.addAll(delNodes);
        out.addAll(adds);
        out.addAll(netems);
        return out;
    }

    /**
     * The controller an added guest names, as add-guest gives it: OVN holds every guest (one without a net on its
     * node's local switch), ODL only a guest on a net (as the original), dovs' own overlay none.
     */
    private static Intent.ControllerTarget guestTarget(Intent.ControllerTarget target, String net) {
        if (target == null) {
            return null;
        }
        return target.kind() == Intent.ControllerKind.OVN || net != null ? target : null;
    }

    private static String routerText(String router) {
        return router == null ? "no router" : "router " + router;
    }

    /** A fresh value, redrawn on the (rare) collision with one the lab or the file already uses. */
    private static String draw(java.util.function.Supplier<String> next, Set<String> used) {
        for (int i = 0; i < 1000; i++) {
            String v = next.get();
            if (used.add(v)) {
                return v;
            }
        }
        throw new IllegalStateException("could not draw an unused value");
    }
}
