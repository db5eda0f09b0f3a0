package dev.dovs.engine.verticle;

import dev.dovs.engine.core.Facts;
import dev.dovs.engine.core.NodeLocator;
import dev.dovs.engine.docker.DockerDriver;
import dev.dovs.engine.netns.NetnsDriver;
import dev.dovs.events.Action;
import io.vertx.core.Future;

import java.util.Map;

/** Guest namespaces and veth pairs, through {@link NetnsDriver} on a worker thread. */
public final class NetnsVerticle extends SubsystemVerticle {
    private final NetnsDriver netns;
    private final NodeLocator nodes;

    public NetnsVerticle(NetnsDriver netns, DockerDriver docker) {
        this.netns = netns;
        this.nodes = new NodeLocator(docker);
    }

    @Override
    Action.Subsystem subsystem() {
        return Action.Subsystem.NETNS;
    }

    @Override
    Future<Facts> apply(Action action) {
        if (action instanceof Action.CreateNamespace a) {
            return blocking(() -> {
                netns.create(a.netns());
                return Facts.created(true);
            });
        } else if (action instanceof Action.DeleteNamespace a) {
            return blocking(() -> Facts.of(Map.of("removed", String.valueOf(netns.delete(a.netns())))));
        } else if (action instanceof Action.CreateVeth a) {
            return nodes.running(a.container()).compose(c -> blocking(() -> {
                netns.createVeth(a.netns(), a.ifname(), a.mac(), a.mtu(), a.peer(), c.pid());
                return Facts.of(Map.of());
            }));
        } else if (action instanceof Action.ConfigureGuest a) {
            return blocking(() -> {
                netns.configure(a.netns(), a.ifname(), a.cidr(), a.gateway());
                return Facts.of(Map.of());
            });
        } else if (action instanceof Action.EnableForwarding a) {
            return blocking(() -> {
                netns.enableForwarding(a.netns());
                return Facts.of(Map.of());
            });
        } else if (action instanceof Action.MoveLink a) {
            return nodes.running(a.from()).compose(from -> nodes.running(a.to()).compose(to -> blocking(() -> {
                netns.moveLink(a.link(), from.pid(), to.pid());
                return Facts.of(Map.of());
            })));
        } else if (action instanceof Action.Announce a) {
            return blocking(() -> {
                netns.announce(a.netns(), a.ifname(), a.ip());
                return Facts.of(Map.of());
            });
        } else if (action instanceof Action.SetNetem a) { // issue 12: link impairment
            return blocking(() -> {
                netns.setNetem(a.netns(), a.ifname(), a.impairment());
                return Facts.of(Map.of());
            });
        } else if (action instanceof Action.ClearNetem a) { // issue 12: link impairment
            return blocking(() -> {
                netns.clearNetem(a.netns(), a.ifname());
                return Facts.of(Map.of());
            });
        } else if (action instanceof Action.Sweep a && a.target() == Action.Subsystem.NETNS) {
            return blocking(() -> {
                int n = 0;
                for (String ns : netns.list(a.netnsPrefix())) {
                    if (netns.delete(ns)) {
                        n++;
                    }
                }
                return Facts.of(Map.of("swept", String.valueOf(n)));
            });
        }
        return Future.failedFuture(unsupported(action));
    }
}
