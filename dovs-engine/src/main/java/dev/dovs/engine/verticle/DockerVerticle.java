package dev.dovs.engine.verticle;

import dev.dovs.engine.core.NodeLocator;
import dev.dovs.engine.docker.ContainerInfo;
import dev.dovs.engine.docker.DockerDriver;
import dev.dovs.engine.docker.NodeSpec;
import dev.dovs.events.Action;
import dev.dovs.events.StepResult;
import dev.dovs.events.model.LabNaming;
import io.vertx.core.Future;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Containers and networks, through the Engine API (already asynchronous: nothing here blocks). */
public final class DockerVerticle extends SubsystemVerticle {
    private final DockerDriver docker;
    private final NodeLocator nodes;

    public DockerVerticle(DockerDriver docker) {
        this(docker, new NodeLocator(docker));
    }

    /** {@code nodes}: the engine's, which forgets a container this verticle creates or removes. */
    public DockerVerticle(DockerDriver docker, NodeLocator nodes) {
        this.docker = docker;
        this.nodes = nodes;
    }

    @Override
    protected Action.Subsystem subsystem() {
        return Action.Subsystem.DOCKER;
    }

    @Override
    protected Future<StepResult> apply(Action action) {
        if (action instanceof Action.EnsureNetwork a) {
            return docker.ensureNetwork(a.network(), a.lab()).<StepResult>map(StepResult.Created::new);
        } else if (action instanceof Action.RemoveNetwork a) {
            return docker.removeNetwork(a.network(), a.lab()).compose(r -> r
                    ? Future.succeededFuture((StepResult) new StepResult.Removed(true))
                    : docker.networkOwner(a.network()).otherwise(Optional.of("?")).map(owner ->
                    new StepResult.NothingToDo(owner.isEmpty() ? "docker network " + a.network() + " is already gone"
                            : owner.get().equals(a.lab()) ? "docker network " + a.network()
                            + " is still used by containers" : "docker network " + a.network() + " is not lab "
                            + a.lab() + "'s: left alone")));
        } else if (action instanceof Action.CreateContainer a) {
            nodes.forget(a.container());
            return createContainer(a).onComplete(ar -> nodes.forget(a.container()));
        } else if (action instanceof Action.RemoveContainer a) {
            nodes.forget(a.container());
            return docker.inspect(a.container()).compose(c -> {
                if (c.isEmpty()) {
                    return Future.succeededFuture(new StepResult.NothingToDo("container " + a.container()
                            + " is already gone"));
                }
                if (!a.lab().equals(c.get().labels().get(LabNaming.LABEL_LAB))) {
                    return Future.succeededFuture(new StepResult.NothingToDo("container " + a.container()
                            + " is not lab " + a.lab() + "'s: left alone"));
                }
                return docker.removeContainer(a.container(), a.lab())
                        .map(r -> r ? new StepResult.Removed(true)
                                : new StepResult.NothingToDo("container " + a.container() + " is already gone"));
            });
        } else if (action instanceof Action.Sweep a && a.target() == Action.Subsystem.DOCKER) {
            return sweep(a.lab());
        }
        return Future.failedFuture(unsupported(action));
    }

    private Future<StepResult> createContainer(Action.CreateContainer a) {
        return docker.imageExists(a.image()).compose(exists -> {
            if (!exists) {
                return Future.failedFuture(new CreatedNothingException(
                        dev.dovs.engine.NodeImages.missing(a.image())));
            }
            Map<String, String> labels = new LinkedHashMap<>();
            labels.put(LabNaming.LABEL_LAB, a.lab());
            labels.put(LabNaming.LABEL_NODE, a.node());
            NodeSpec spec = new NodeSpec(a.container(), a.image(), a.networks(), labels,
                    Map.of("OVS_SYSTEM_ID", a.container()));
            return docker.createNode(spec).map(c -> {
                ContainerInfo.Endpoint mgmt = c.networks().get(a.networks().get(0));
                ContainerInfo.Endpoint internal = a.networks().size() > 1 ? c.networks().get(a.networks().get(1))
                        : null;
                return new StepResult.ContainerCreated(c.id(), c.pid(), mgmt == null ? null : mgmt.cidr(),
                        internal == null ? null : internal.cidr());
            });
        });
    }

    private Future<StepResult> sweep(String lab) {
        return docker.containersOfLab(lab).compose(containers -> {
            List<Future<Boolean>> removals = new ArrayList<>();
            containers.forEach(c -> {
                nodes.forget(c.name());
                removals.add(docker.removeContainer(c.name(), lab));
            });
            return Future.all(removals).map(containers.size());
        }).compose(removed -> docker.networksOfLab(lab).compose(nets -> {
            Future<Integer> chain = Future.succeededFuture(0);
            for (String n : nets) {
                chain = chain.compose(count -> docker.removeNetwork(n, lab).map(r -> count + (r ? 1 : 0)));
            }
            return chain.map(netCount -> new StepResult.Swept(removed + netCount));
        }));
    }
}
