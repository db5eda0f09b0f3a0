package dev.dovs.engine.verticle;

import dev.dovs.engine.odl.OdlLab;
import dev.dovs.events.model.LabNaming;
import dev.dovs.engine.core.NodeLocator;
import dev.dovs.engine.docker.ContainerInfo;
import dev.dovs.engine.docker.DockerDriver;
import dev.dovs.engine.ovs.OvsDriver;
import dev.dovs.events.Action;
import dev.dovs.events.StepResult;
import dev.dovs.events.model.LabNaming;
import io.vertx.core.Future;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** OVS inside node containers, through {@link OvsDriver} on a worker thread. */
public final class OvsVerticle extends SubsystemVerticle {
    private final OvsDriver ovs;
    private final DockerDriver docker;
    private final NodeLocator nodes;

    public OvsVerticle(OvsDriver ovs, DockerDriver docker) {
        this(ovs, docker, new NodeLocator(docker));
    }

    /** {@code nodes}: the engine's, shared with the other subsystems (see {@link NodeLocator}). */
    public OvsVerticle(OvsDriver ovs, DockerDriver docker, NodeLocator nodes) {
        this.ovs = ovs;
        this.docker = docker;
        this.nodes = nodes;
    }

    /**
     * Event-bus address of the node health probe: the body is a container name, the reply {@code ""} when the
     * node can be worked on, else its state ({@link dev.dovs.engine.NodeHealth#describe()}). Reads only.
     */
    public static final String HEALTH = dev.dovs.engine.core.Orchestrator.NODE_HEALTH;

    @Override
    protected Action.Subsystem subsystem() {
        return Action.Subsystem.OVS;
    }

    @Override
    public Future<?> start() {
        vertx.eventBus().<String>consumer(HEALTH, m -> health(m.body()).onComplete(ar -> m.reply(ar.succeeded()
                ? ar.result() : "unknown (" + dev.dovs.engine.core.ActionFailures.message(ar.cause()) + ")")));
        return super.start();
    }

    /** How long a node probed lately has for its daemons to answer before docker is asked. */
    static final java.time.Duration QUICK_PROBE = java.time.Duration.ofMillis(250);

    /**
     * The node's state: "" when running with both OVS daemons answering, else what it is. A node docker reported
     * running within {@link NodeLocator#PROBED_FOR} is asked through its daemons alone first, each bounded by
     * {@link #QUICK_PROBE}: both answering at that pid is what usable means (a container that stopped, was removed or
     * restarted has no daemons there, a paused one never answers), and it spares the Engine API round trip. Anything
     * else, and a node not probed lately, asks docker and then the daemons, which names the state.
     */
    Future<String> health(String container) {
        java.util.Optional<ContainerInfo> recent = nodes.recent(container);
        if (recent.isEmpty()) {
            return probe(container);
        }
        long pid = recent.get().pid();
        return blocking(() -> ovs.unavailable(pid, QUICK_PROBE))
                .compose(down -> down == null ? Future.succeededFuture("") : probe(container));
    }

    private Future<String> probe(String container) {
        return nodes.probe(container).compose(c -> {
            if (c.isEmpty() || !c.get().running() || "paused".equals(c.get().state()) || c.get().pid() <= 0) {
                return Future.succeededFuture(new dev.dovs.engine.NodeHealth(c.isEmpty()
                        ? dev.dovs.engine.NodeHealth.State.MISSING : "paused".equals(c.get().state())
                        ? dev.dovs.engine.NodeHealth.State.PAUSED : dev.dovs.engine.NodeHealth.State.EXITED,
                        c.map(ContainerInfo::state).orElse(null)).describe());
            }
            long pid = c.get().pid();
            return blocking(() -> {
                String down = ovs.unavailable(pid);
                return down == null ? "" : "running, but " + down;
            });
        });
    }

    @Override
    protected Future<StepResult> apply(Action action) {
        if (action instanceof Action.CreateBridge a) {
            return nodes.running(a.container()).compose(c -> blocking(() -> {
                ContainerInfo.Endpoint underlay = c.networks().get(new LabNaming(a.lab()).intNetwork());
                ovs.createBridge(c.pid(), a.bridge(), a.lab(), underlay == null ? null : underlay.ip());
                return new StepResult.Done();
            }));
        } else if (action instanceof Action.ConnectController a) {
            return connectController(a);
        } else if (action instanceof Action.PlugPort a) {
            return plug(a);
        } else if (action instanceof Action.PlugPorts a) {
            return nodes.running(a.container()).compose(c -> blocking(() -> {
                ovs.plugPorts(c.pid(), a.bridge(), a.ports().stream().map(p -> new OvsDriver.PortSpec(p.port(),
                        p.ifaceId(), p.mac(), p.guest(), p.lab(), p.info(), p.tag())).toList());
                return new StepResult.Done();
            }));
        } else if (action instanceof Action.DetachPort a) {
            return unplug(a.plugged().container(), a.plugged().bridge(), a.plugged().port());
        } else if (action instanceof Action.SetupUnderlay a) {
            return nodes.running(a.container()).compose(c -> {
                ContainerInfo.Endpoint e = c.networks().get(a.network());
                if (e == null) {
                    return Future.failedFuture("node " + a.container() + " is not on network " + a.network());
                }
                return blocking(() -> {
                    ovs.setupUnderlay(c.pid(), e.cidr(), e.mac(), a.lab());
                    return new StepResult.Done();
                });
            });
        } else if (action instanceof Action.AddTunnels a) {
            return addTunnels(a);
        } else if (action instanceof Action.RemoveTunnels a) {
            return onLiveNode(a.container(), pid -> {
                ovs.removePorts(pid, LabNaming.BRIDGE, a.tunnels().stream().map(Action.Tunnel::port).toList());
                return new StepResult.Done();
            });
        } else if (action instanceof Action.RemovePorts a) {
            return onLiveNode(a.container(), pid -> {
                ovs.removePorts(pid, a.bridge(), a.ports());
                return new StepResult.Done();
            });
        } else if (action instanceof Action.UnplugPort a) {
            return unplug(a.container(), a.bridge(), a.port());
        } else if (action instanceof Action.Sweep a && a.target() == Action.Subsystem.OVS) {
            return sweep(a.lab());
        }
        return Future.failedFuture(unsupported(action));
    }

    private Future<StepResult> connectController(Action.ConnectController a) {
        return nodes.running(a.container()).compose(c -> southboundHost(a).compose(host -> blocking(() -> {
            ContainerInfo.Endpoint underlay = c.networks().get(a.underlay());
            String tenant = OdlLab.of(new LabNaming(a.lab())).tenant();
            boolean byOdl = ovs.connectController(c.pid(), a.bridge(), a.lab(), host,
                    Duration.ofSeconds(a.bridgeWaitSeconds()), a.datapathId(), underlay == null ? null : underlay.ip(),
                    OdlLab.ovsdbNodeId(tenant, a.datapathId()));
            return new StepResult.ControllerConnected(host, byOdl ? "odl" : "dovs", byOdl ? null : a.bridge()
                    + " on " + a.container() + " was not taken by ODL within " + a.bridgeWaitSeconds()
                    + " s: dovs set ODL as its controller");
        })));
    }

    /**
     * Where the node reaches ODL. The node sits on an internal docker network whose only way to the host is the
     * network's gateway address, so an ODL on this host (loopback or one of its addresses) is reached there.
     */
    private Future<String> southboundHost(Action.ConnectController a) {
        return blocking(() -> HostAddresses.isLocal(a.odlHost())).compose(local -> !local
                ? Future.succeededFuture(a.odlHost())
                : docker.networkGateway(a.mgmtNetwork()).compose(gw -> gw.<Future<String>>map(Future::succeededFuture)
                        .orElseGet(() -> Future.failedFuture("ODL at " + a.odlHost() + " runs on this host, but "
                                + "network " + a.mgmtNetwork() + " has no gateway address to reach it from nodes"))));
    }

    private Future<StepResult> plug(Action.PlugPort a) {
        return nodes.running(a.container()).compose(c -> blocking(() -> {
            ovs.plugPort(c.pid(), a.bridge(), a.port(), a.ifaceId(), a.mac(), a.guest(), a.lab(), a.info(), a.tag());
            return new StepResult.Done();
        }));
    }

    private Future<StepResult> unplug(String container, String bridge, String port) {
        return onLiveNode(container, pid -> ovs.unplugPort(pid, bridge, port) ? new StepResult.Removed(true)
                : new StepResult.NothingToDo("port " + port + " is already gone"));
    }

    /**
     * For removals: runs {@code work} with the node's pid on a worker thread. A node that is gone or stopped took
     * its OVS with it, so there is nothing left to remove and that is a success; a paused node or one whose OVS is
     * dead cannot answer (each call would wait for its timeout), and its ports go when the node is removed: also
     * done, with the reason in the {@code skipped} fact.
     */
    private Future<StepResult> onLiveNode(String container, java.util.function.LongFunction<StepResult> work) {
        return docker.inspect(container).compose(opt -> {
            if (opt.isEmpty()) {
                return Future.succeededFuture(gone("node " + container + " is gone, and its ports with it"));
            }
            if ("paused".equals(opt.get().state())) {
                return Future.succeededFuture(gone("node " + container + " is paused: its ports go with the node"));
            }
            if (!opt.get().running()) {
                return Future.succeededFuture(gone("node " + container + " is not running (" + opt.get().state()
                        + "): its ports go with the node"));
            }
            long pid = opt.get().pid();
            return blocking(() -> {
                String down = ovs.unavailable(pid);
                return down != null ? gone("node " + container + ": " + down + ": its ports go with the node")
                        : work.apply(pid);
            });
        });
    }

    private static StepResult gone(String why) {
        return new StepResult.NothingToDo(why);
    }

    /** Remote underlay addresses are looked up now: docker assigns them when each node is created. */
    private Future<StepResult> addTunnels(Action.AddTunnels a) {
        List<Future<ContainerInfo>> remotes = new ArrayList<>();
        List<String> names = a.tunnels().stream().map(Action.Tunnel::remote).distinct().toList();
        names.forEach(r -> remotes.add(nodes.running(r)));
        return Future.all(remotes).compose(all -> nodes.running(a.container()).compose(self -> blocking(() -> {
            Map<String, String> ips = new java.util.HashMap<>();
            for (int i = 0; i < names.size(); i++) {
                ContainerInfo.Endpoint e = all.<ContainerInfo>resultAt(i).networks().get(a.network());
                if (e == null) {
                    throw new IllegalStateException("node " + names.get(i) + " is not on " + a.network());
                }
                ips.put(names.get(i), e.ip());
            }
            ovs.addTunnels(self.pid(), LabNaming.BRIDGE, a.lab(), a.tunnels().stream()
                    .map(t -> new OvsDriver.TunnelSpec(t.port(), ips.get(t.remote()), t.vni(), t.vlan())).toList());
            return new StepResult.Done();
        })));
    }

    private Future<StepResult> sweep(String lab) {
        return docker.containersOfLab(lab).compose(list -> {
            List<Future<Integer>> perNode = new ArrayList<>();
            for (ContainerInfo c : list) {
                if (c.running()) {
                    perNode.add(nodes.running(c.name()).compose(live -> blocking(() -> {
                        if (ovs.unavailable(live.pid()) != null) {
                            return 0; // its ports go with the container, which the docker sweep removes
                        }
                        int n = 0;
                        for (OvsDriver.PortInfo p : ovs.labPorts(live.pid(), lab)) {
                            if (ovs.unplugPort(live.pid(), LabNaming.BRIDGE, p.name())) {
                                n++;
                            }
                        }
                        return n;
                    })).otherwise(0)); // a node paused or stopped meanwhile: its ports go with its container
                }
            }
            return Future.all(perNode).map(all -> {
                int total = 0;
                for (int i = 0; i < all.size(); i++) {
                    total += all.<Integer>resultAt(i);
                }
                return new StepResult.Swept(total);
            });
        });
    }
}
