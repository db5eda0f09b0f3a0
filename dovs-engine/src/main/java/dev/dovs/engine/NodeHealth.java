package dev.dovs.engine;

import dev.dovs.engine.docker.ContainerInfo;
import dev.dovs.engine.ovs.JsonRpc;
import io.vertx.core.json.JsonArray;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * Whether a node can be worked on: its container running (not paused, exited or removed) and both OVS daemons in
 * it answering. A paused container accepts connections to its OVSDB socket but never answers, and a dead
 * ovs-vswitchd makes every {@code ovs-vsctl} write wait for it: both would turn a command into minutes of
 * timeouts, so dovs asks each daemon's control socket what {@code ovs-appctl version} asks (in-process, bounded
 * by {@link #PROBE_TIMEOUT}) before it plans.
 */
public record NodeHealth(State state, String detail) {

    /** Bound of one daemon probe. */
    public static final Duration PROBE_TIMEOUT = Duration.ofSeconds(2);

    /** What a node's container and its OVS are doing. */
    public enum State {
        RUNNING, PAUSED, EXITED, MISSING, OVS_DOWN, UNKNOWN
    }

    /** True when dovs can change the node. */
    public boolean usable() {
        return state == State.RUNNING;
    }

    /** One phrase for messages and {@code info}: {@code running}, {@code paused}, {@code exited}, ... */
    public String describe() {
        return switch (state) {
            case RUNNING -> "running";
            case PAUSED -> "paused";
            case EXITED -> detail == null ? "exited" : detail;
            case MISSING -> "container removed";
            case OVS_DOWN -> "running, but " + detail;
            case UNKNOWN -> "unknown (" + detail + ")";
        };
    }

    /** From the container's inspect (empty: removed) and a probe of its OVS daemons. */
    public static NodeHealth of(Optional<ContainerInfo> container) {
        if (container.isEmpty()) {
            return new NodeHealth(State.MISSING, null);
        }
        ContainerInfo c = container.get();
        if ("paused".equals(c.state())) {
            return new NodeHealth(State.PAUSED, null);
        }
        if (!c.running() || c.pid() <= 0) {
            return new NodeHealth(State.EXITED, c.state() == null || c.state().isEmpty() ? "exited" : c.state());
        }
        for (String daemon : List.of("ovsdb-server", "ovs-vswitchd")) {
            String problem = probeDaemon(c.pid(), daemon);
            if (problem != null) {
                return new NodeHealth(State.OVS_DOWN, problem);
            }
        }
        return new NodeHealth(State.RUNNING, null);
    }

    /** Null when the daemon answers on its control socket within {@link #PROBE_TIMEOUT}, else what is wrong. */
    public static String probeDaemon(long pid, String daemon) {
        return probeDaemon(pid, daemon, PROBE_TIMEOUT);
    }

    /** Null when the daemon answers on its control socket within {@code timeout}, else what is wrong. */
    public static String probeDaemon(long pid, String daemon, Duration timeout) {
        Path run = Path.of("/proc", Long.toString(pid), "root", "run", "openvswitch");
        String daemonPid;
        try {
            daemonPid = Files.readString(run.resolve(daemon + ".pid")).strip();
        } catch (IOException e) {
            return daemon + " is not running (no pid file)";
        }
        Path ctl = run.resolve(daemon + "." + daemonPid + ".ctl");
        if (!Files.exists(ctl)) {
            return daemon + " is not running (no control socket)";
        }
        return answersVersion(ctl, timeout) ? null : daemon + " does not answer";
    }

    /**
     * What {@code ovs-appctl -t CTL version} checks, without a process: the daemon's unixctl server (JSON-RPC 1.0
     * over its control socket, ovs-appctl(8)) answers the {@code version} request with no error within the timeout.
     * A paused daemon accepts the connection but never answers: false after the timeout.
     */
    static boolean answersVersion(Path ctl, Duration timeout) {
        try (JsonRpc rpc = JsonRpc.connect(ctl, timeout)) {
            rpc.call("version", new JsonArray());
            return true;
        } catch (IOException | RuntimeException e) {
            return false; // refused, reset, an error reply, no answer in time, or not JSON-RPC
        }
    }
}
