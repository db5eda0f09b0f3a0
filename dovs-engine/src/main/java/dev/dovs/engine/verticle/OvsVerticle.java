package dev.dovs.engine.verticle;

import dev.dovs.engine.core.Facts;
import dev.dovs.engine.core.NodeLocator;
import dev.dovs.engine.docker.ContainerInfo;
import dev.dovs.engine.docker.DockerDriver;
import dev.dovs.engine.ovs.OvsDriver;
import dev.dovs.events.Action;
import dev.dovs.events.model.LabNaming;
import io.vertx.core.Future;

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
    Action.Subsystem subsystem() {
        return Action.Subsystem.OVS;
    }

    @Override
    Future<Facts> apply(Action action) {
        if (action instanceof Action.CreateBridge a) {
            return nodes.running(a.container()).compose(c -> blocking(() -> {
                ContainerInfo.Endpoint underlay = c.networks().get(new LabNaming(a.lab()).intNetwork());
                ovs.createBridge(c.pid(), a.bridge(), a.lab(), underlay == null ? null : underlay.ip());
                return Facts.of(Map.of());
            }));
        } else if (action instanceof Action.PlugPort a) {
            return nodes.running(a.container()).compose(c -> blocking(() -> {
                ovs.plugPort(c.pid(), a.bridge(), a.port(), a.ifaceId(), a.mac(), a.guest(), a.lab(), a.info());
                return Facts.of(Map.of());
            }));
        } else if (action instanceof Action.UnplugPort a) {
            return docker.inspect(a.container()).compose(opt -> {
                if (opt.isEmpty() || !opt.get().running()) {
                    // The node is gone, and its OVS with it: nothing left to unplug.
                    return Future.succeededFuture(Facts.of(Map.of("removed", "false")));
                }
                return blocking(() -> Facts.of(Map.of("removed",
                        String.valueOf(ovs.unplugPort(opt.get().pid(), a.bridge(), a.port())))));
            });
        } else if (action instanceof Action.Sweep a && a.target() == Action.Subsystem.OVS) {
            return sweep(a.lab());
        }
        return Future.failedFuture(unsupported(action));
    }

    private Future<Facts> sweep(String lab) {
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
                return Facts.of(Map.of("swept", String.valueOf(total)));
            });
        });
    }
}
