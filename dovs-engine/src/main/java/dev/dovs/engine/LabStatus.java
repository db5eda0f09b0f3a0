package dev.dovs.engine;

import dev.dovs.engine.docker.ContainerInfo;
import dev.dovs.engine.docker.DockerDriver;
import dev.dovs.engine.docker.VertxDockerClient;
import dev.dovs.engine.exec.ProcessRunner;
import dev.dovs.engine.ovs.OvsDriver;
import dev.dovs.engine.ovs.VsctlOvsDriver;
import dev.dovs.events.Intent;
import dev.dovs.events.model.LabNaming;
import dev.dovs.events.projection.GuestView;
import dev.dovs.events.projection.LabProjection;
import dev.dovs.events.projection.NetView;
import dev.dovs.events.projection.RouterView;
import dev.dovs.events.projection.NodeView;
import io.vertx.core.Vertx;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The lab as the log says it is, with the live state of each resource next to it. Never fails because a resource
 * vanished (a container removed by hand shows as "missing"); docker being unreachable shows as "unknown".
 */
public final class LabStatus {

    /** {@code tunnels}: VXLAN ports dovs made on the node's br-int (live count). */
    public record Node(NodeView view, String status, List<Guest> guests, int tunnels) {
    }

    /** {@code netem}: the link's impairment as {@code delay 50ms loss 1%}, null when none. */
    public record Guest(GuestView view, String status, long ofport, String netem) {
    }

    /**
     * The lab's state.
     *
     * @param strays     containers carrying the lab's label that the log does not know (e.g. a damaged log)
     * @param controller the controller making the lab's overlay, null when dovs makes it
     * @param pending    containers of the lab that the log names in a step not undone, but that are not nodes
     *                   (yet): container name to what left it there
     */
    public record Snapshot(String lab, List<Node> nodes, List<NetView> nets, List<RouterView> routers,
                           List<String> strays, Intent.ControllerTarget controller, Map<String, String> pending) {
    }

    private LabStatus() {
    }

    public static Snapshot collect(LabProjection state, Engine.Settings settings) {
        return collect(state, settings, null);
    }

    /**
     * {@code shared}: a Vert.x of a long-lived process to query docker with (left open), or null for one of its own
     * (closed before returning).
     */
    public static Snapshot collect(LabProjection state, Engine.Settings settings, Vertx shared) {
        LabNaming naming = state.naming();
        Vertx vertx = shared != null ? shared : Vertx.vertx();
        try {
            DockerDriver docker = new VertxDockerClient(vertx, settings.dockerSocket(), Duration.ofSeconds(10),
                    settings.readyTimeout());
            OvsDriver ovs = new VsctlOvsDriver(new ProcessRunner(Duration.ofSeconds(10)));
            List<ContainerInfo> live;
            boolean dockerUp = true;
            try {
                live = docker.containersOfLab(naming.lab()).await();
            } catch (RuntimeException e) {
                live = List.of();
                dockerUp = false;
            }
            Map<String, ContainerInfo> byName = new HashMap<>();
            live.forEach(c -> byName.put(c.name(), c));
            List<Node> nodes = new ArrayList<>();
            for (NodeView n : state.nodes()) {
                ContainerInfo listed = byName.remove(n.container());
                NodeHealth health = null;
                String status;
                if (!dockerUp) {
                    status = "unknown (docker unreachable)";
                } else if (listed == null) {
                    status = "missing";
                } else {
                    health = NodeHealth.of(inspect(docker, n.container()));
                    status = health.state() == NodeHealth.State.MISSING ? "missing" : health.describe();
                }
                Map<String, Long> ofports = new HashMap<>();
                int tunnels = 0;
                if (health != null && health.usable()) {
                    for (OvsDriver.PortInfo p : ports(docker, ovs, n.container(), naming.lab())) {
                        ofports.put(p.name(), p.ofport());
                        tunnels += p.name().startsWith("vx") && p.guest() == null ? 1 : 0;
                    }
                }
                List<Guest> guests = new ArrayList<>();
                for (GuestView g : state.guestsOn(n.name())) {
                    boolean ns = Files.exists(Path.of("/run/netns", g.netns()));
                    long ofport = ofports.getOrDefault(g.tap(), -1L);
                    String gs = !ns ? "namespace missing"
                            : dockerUp && (health == null || !health.usable())
                            ? "no connectivity: node " + n.name() + " is " + status
                            : ofport > 0 ? "ok" : "port not attached";
                    guests.add(new Guest(g, gs, ofport, state.impairment(g.name())
                            .map(dev.dovs.events.model.Impairment::describe).orElse(null)));
                }
                nodes.add(new Node(n, status, guests, tunnels));
            }
            // A labelled container that a step of the log created and no step removed is the lab's, not a stray: a
            // container a controller runs (e.g. an OVN central), or one of an intent in progress, or one left by a
            // failed intent whose rollback did not finish (those two are listed with what left them).
            Map<String, String> pending = new HashMap<>();
            for (var e : state.ledger()) {
                if (e.action().undo() instanceof dev.dovs.events.Action.RemoveContainer r
                        && byName.containsKey(r.container())) {
                    var iv = state.intent(e.intentId());
                    if (iv.isEmpty() || !iv.get().finished()) {
                        pending.put(r.container(), iv.map(i -> "being created by " + i.intent().describe())
                                .orElse("in the log"));
                    } else if (iv.get().outcome() instanceof dev.dovs.events.Outcome.Failed) {
                        pending.put(r.container(), "left by a failed " + iv.get().intent().describe()
                                + ": '" + naming.command("clean") + "' removes it");
                    }
                    byName.remove(r.container());
                }
            }
            Intent.ControllerTarget controller = state.controller().orElse(null);
            // In a controller's lab, routers are the controller's objects: there is no router namespace of dovs.
            return new Snapshot(naming.lab(), nodes, List.copyOf(state.nets()),
                    controller == null ? List.copyOf(state.routers()) : List.of(), List.copyOf(byName.keySet()),
                    controller, Map.copyOf(pending));
        } finally {
            if (shared == null) {
                vertx.close().await();
            }
        }
    }

    private static Optional<ContainerInfo> inspect(DockerDriver docker, String container) {
        try {
            return docker.inspect(container).await();
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }

    private static List<OvsDriver.PortInfo> ports(DockerDriver docker, OvsDriver ovs, String container, String lab) {
        try {
            Optional<ContainerInfo> c = docker.inspect(container).await();
            return c.isPresent() && c.get().pid() > 0 ? ovs.labPorts(c.get().pid(), lab) : List.of();
        } catch (RuntimeException e) {
            return List.of();
        }
    }
}
