package dev.dovs.engine.verticle;

import dev.dovs.engine.core.NodeLocator;
import dev.dovs.engine.docker.DockerDriver;
import dev.dovs.engine.netns.NetnsDriver;
import dev.dovs.events.Action;
import dev.dovs.events.StepResult;
import io.vertx.core.Future;

import java.util.List;
import java.util.Map;

/** Guest namespaces and veth pairs, through {@link NetnsDriver} on a worker thread. */
public final class NetnsVerticle extends SubsystemVerticle {
    private final NetnsDriver netns;
    private final NodeLocator nodes;

    public NetnsVerticle(NetnsDriver netns, DockerDriver docker) {
        this(netns, new NodeLocator(docker));
    }

    /** {@code nodes}: the engine's, shared with the other subsystems (see {@link NodeLocator}). */
    public NetnsVerticle(NetnsDriver netns, NodeLocator nodes) {
        this.netns = netns;
        this.nodes = nodes;
    }

    @Override
    protected Action.Subsystem subsystem() {
        return Action.Subsystem.NETNS;
    }

    @Override
    protected Future<StepResult> apply(Action action) {
        if (action instanceof Action.CreateNamespace a) {
            return blocking(() -> {
                netns.create(a.netns());
                return new StepResult.Created(true);
            });
        } else if (action instanceof Action.DeleteNamespace a) {
            return blocking(() -> netns.delete(a.netns()) ? new StepResult.Removed(true)
                    : new StepResult.NothingToDo("namespace " + a.netns() + " is already gone"));
        } else if (action instanceof Action.CreateVeth a) {
            return nodes.running(a.container()).compose(c -> blocking(() -> {
                netns.createVeth(a.netns(), a.ifname(), a.mac(), a.mtu(), a.peer(), c.pid());
                return new StepResult.Done();
            }));
        } else if (action instanceof Action.CreateGuests a) {
            return nodes.running(a.container()).compose(c -> blocking(() -> {
                netns.createGuests(c.pid(), a.guests().stream().map(g -> new NetnsDriver.GuestSpec(g.netns(),
                        g.ifname(), g.peer(), g.mac(), g.mtu(), g.cidr(), g.gateway())).toList());
                return new StepResult.Created(true);
            }));
        } else if (action instanceof Action.DeleteNamespaces a) {
            return blocking(() -> {
                int n = 0;
                for (String ns : a.netns()) {
                    n += netns.delete(ns) ? 1 : 0;
                }
                return n > 0 ? new StepResult.Removed(true)
                        : new StepResult.NothingToDo(a.netns().size() == 1 ? "the namespace is "
                                + "already gone" : "the " + a.netns().size() + " namespaces are already gone");
            });
        } else if (action instanceof Action.ConfigureGuest a) {
            return blocking(() -> {
                netns.configure(a.netns(), a.ifname(), a.cidr(), a.gateway());
                return new StepResult.Done();
            });
        } else if (action instanceof Action.EnableForwarding a) {
            return blocking(() -> {
                netns.enableForwarding(a.netns());
                return new StepResult.Done();
            });
        } else if (action instanceof Action.MoveLink a) {
            return nodes.running(a.from()).compose(from -> nodes.running(a.to()).compose(to -> blocking(() -> {
                netns.moveLink(a.link(), from.pid(), to.pid());
                return new StepResult.Done();
            })));
        } else if (action instanceof Action.SetGateway a) {
            return blocking(() -> {
                if (!netns.exists(a.netns())) {
                    return new StepResult.NothingToDo("namespace " + a.netns() + " is gone");
                }
                netns.setGateway(a.netns(), a.ifname(), a.gateway());
                return new StepResult.Done();
            });
        } else if (action instanceof Action.Announce a) {
            return blocking(() -> {
                netns.announce(a.netns(), a.ifname(), a.ip());
                return new StepResult.Done();
            });
        } else if (action instanceof Action.SetNetem a) { // issue 12: link impairment
            return blocking(() -> {
                netns.setNetem(a.netns(), a.ifname(), a.impairment());
                return new StepResult.Done();
            });
        } else if (action instanceof Action.ClearNetem a) { // issue 12: link impairment
            return blocking(() -> {
                netns.clearNetem(a.netns(), a.ifname());
                return new StepResult.Done();
            });
        } else if (action instanceof Action.Sweep a && a.target() == Action.Subsystem.NETNS) {
            return blocking(() -> {
                int n = 0;
                List<String> foreign = new java.util.ArrayList<>();
                for (String ns : netns.list(a.netnsPrefix())) {
                    if (!netns.marked(ns)) {
                        foreign.add(ns); // the lab's prefix but not dovs' mark: made by hand, never removed
                    } else if (netns.delete(ns)) {
                        n++;
                    }
                }
                return new StepResult.Swept(n, foreign.isEmpty() ? null : "namespace(s) " + String.join(", ", foreign)
                        + " have the lab's prefix but not dovs' mark (made by hand?): left alone");
            });
        }
        return Future.failedFuture(unsupported(action));
    }
}
