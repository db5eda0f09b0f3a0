package dev.dovs.engine.verticle;

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
        this.ovs = ovs;
        this.docker = docker;
        this.nodes = new NodeLocator(docker);
    }

    @Override
    protected Action.Subsystem subsystem() {
        return Action.Subsystem.OVS;
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
            boolean byOdl = ovs.connectController(c.pid(), a.bridge(), a.lab(), host,
                    Duration.ofSeconds(a.bridgeWaitSeconds()), a.datapathId(), underlay == null ? null : underlay.ip());
            return new StepResult.ControllerConnected(host, byOdl ? "odl" : "dovs", byOdl ? null : a.bridge()
                    + " on " + a.container() + " was not created by ODL within " + a.bridgeWaitSeconds()
                    + " s: dovs created it and set ODL as its controller");
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
        return onLiveNode(container, pid -> new StepResult.Removed(ovs.unplugPort(pid, bridge, port)));
    }

    /**
     * For removals: runs {@code work} with the node's pid on a worker thread; a node that is gone or stopped took
     * its OVS with it, so there is nothing left to remove and that is a success.
     */
    private Future<StepResult> onLiveNode(String container, java.util.function.LongFunction<StepResult> work) {
        return docker.inspect(container).compose(opt -> {
            if (opt.isEmpty() || !opt.get().running()) {
                return Future.<StepResult>succeededFuture(new StepResult.Removed(false));
            }
            long pid = opt.get().pid();
            return blocking(() -> work.apply(pid));
        });
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
                        int n = 0;
                        for (OvsDriver.PortInfo p : ovs.labPorts(live.pid(), lab)) {
                            if (ovs.unplugPort(live.pid(), LabNaming.BRIDGE, p.name())) {
                                n++;
                            }
                        }
                        return n;
                    })));
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
