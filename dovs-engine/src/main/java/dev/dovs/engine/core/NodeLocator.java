package dev.dovs.engine.core;

import dev.dovs.engine.docker.ContainerInfo;
import dev.dovs.engine.docker.DockerDriver;
import io.vertx.core.Future;

/** Finds a running node container (its pid changes on restart, so it is looked up, never logged). */
public final class NodeLocator {

    /** Raised before an action touched anything: the step created nothing and needs no compensation. */
    public static final class NodeUnavailableException extends RuntimeException {
        public NodeUnavailableException(String message) {
            super(message);
        }
    }

    private final DockerDriver docker;

    public NodeLocator(DockerDriver docker) {
        this.docker = docker;
    }

    public Future<ContainerInfo> running(String container) {
        return docker.inspect(container).compose(opt -> {
            if (opt.isEmpty()) {
                return Future.failedFuture(new NodeUnavailableException("node container " + container
                        + " does not exist"));
            }
            if ("paused".equals(opt.get().state())) {
                return Future.failedFuture(new NodeUnavailableException("node container " + container
                        + " is paused (docker unpause " + container + ")"));
            }
            if (!opt.get().running() || opt.get().pid() <= 0) {
                return Future.failedFuture(new NodeUnavailableException("node container " + container
                        + " is not running (" + opt.get().state() + ")"));
            }
            return Future.succeededFuture(opt.get());
        });
    }
}
