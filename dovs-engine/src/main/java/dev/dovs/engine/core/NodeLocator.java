package dev.dovs.engine.core;

import dev.dovs.engine.docker.ContainerInfo;
import dev.dovs.engine.docker.DockerDriver;
import io.vertx.core.Future;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * Finds a running node container (its pid changes on restart, so it is looked up, never logged).
 *
 * <p>One per engine, shared by its subsystems. The health probe that precedes every intent's first step
 * ({@link #probe}) asks docker; the steps that follow it within {@link #PROBED_FOR} use what it saw instead of
 * asking again (an Engine API round trip per step). Creating or removing a container forgets it ({@link #forget}),
 * and the next intent probes again, so a lookup never outlives the intent that made it by more than that bound.
 */
public final class NodeLocator {

    /** Raised before an action touched anything: the step created nothing and needs no compensation. */
    public static final class NodeUnavailableException extends RuntimeException {
        public NodeUnavailableException(String message) {
            super(message);
        }
    }

    /** How long a probe's answer stands for a running container. */
    public static final Duration PROBED_FOR = Duration.ofSeconds(2);

    private record Seen(ContainerInfo container, long atNanos) {
    }

    private final DockerDriver docker;
    private final LongSupplier nanoTime;
    private final Map<String, Seen> probed = new ConcurrentHashMap<>();

    public NodeLocator(DockerDriver docker) {
        this(docker, System::nanoTime);
    }

    /** With {@code nanoTime} as the clock of {@link #PROBED_FOR} (a virtual one in tests). */
    NodeLocator(DockerDriver docker, LongSupplier nanoTime) {
        this.docker = docker;
        this.nanoTime = nanoTime;
    }

    /**
     * Inspects the container now, for a health probe, and remembers it for the steps that follow when it runs (not
     * paused); anything else forgets it.
     */
    public Future<Optional<ContainerInfo>> probe(String container) {
        return docker.inspect(container).onComplete(ar -> {
            if (ar.succeeded() && unavailable(container, ar.result()) == null) {
                probed.put(container, new Seen(ar.result().get(), nanoTime.getAsLong()));
            } else {
                probed.remove(container);
            }
        });
    }

    /** Forgets what a probe saw of the container: it is being created, removed or restarted. */
    public void forget(String container) {
        probed.remove(container);
    }

    /** The running container a probe saw within {@link #PROBED_FOR}, if any. */
    public Optional<ContainerInfo> recent(String container) {
        Seen seen = probed.get(container);
        return seen != null && nanoTime.getAsLong() - seen.atNanos() < PROBED_FOR.toNanos()
                ? Optional.of(seen.container()) : Optional.empty();
    }

    /**
     * The running container: what a probe saw within {@link #PROBED_FOR}, else docker's answer now.
     *
     * @return fails with {@link NodeUnavailableException} when it does not exist, is paused or is not running
     */
    public Future<ContainerInfo> running(String container) {
        Optional<ContainerInfo> recent = recent(container);
        if (recent.isPresent()) {
            return Future.succeededFuture(recent.get());
        }
        return docker.inspect(container).compose(opt -> {
            String why = unavailable(container, opt);
            return why == null ? Future.succeededFuture(opt.get())
                    : Future.failedFuture(new NodeUnavailableException(why));
        });
    }

    /** Why dovs cannot work on the container as docker describes it (absent, paused, not running), else null. */
    private static String unavailable(String container, Optional<ContainerInfo> c) {
        if (c.isEmpty()) {
            return "node container " + container + " does not exist";
        }
        if ("paused".equals(c.get().state())) {
            return "node container " + container + " is paused (docker unpause " + container + ")";
        }
        if (!c.get().running() || c.get().pid() <= 0) {
            return "node container " + container + " is not running (" + c.get().state() + ")";
        }
        return null;
    }
}
