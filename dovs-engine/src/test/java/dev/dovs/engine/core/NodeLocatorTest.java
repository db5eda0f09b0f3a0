package dev.dovs.engine.core;

import dev.dovs.engine.docker.ContainerInfo;
import dev.dovs.engine.docker.DockerDriver;
import io.vertx.core.Future;
import org.junit.jupiter.api.Test;

import java.lang.reflect.Proxy;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Which lookups reach docker: a step right after its intent's health probe uses the probe's answer; one after
 * {@link NodeLocator#PROBED_FOR}, after the container was created or removed, or after a probe that found it paused or
 * stopped asks docker again. The docker here answers inspect only (any other call fails the test) and counts.
 */
class NodeLocatorTest {
    private final AtomicReference<Optional<ContainerInfo>> container = new AtomicReference<>(running(100));
    private final AtomicInteger inspects = new AtomicInteger();
    private final AtomicLong now = new AtomicLong(1_000_000_000L);
    private final NodeLocator nodes = new NodeLocator(docker(), now::get);

    private static Optional<ContainerInfo> running(long pid) {
        return Optional.of(new ContainerInfo("id", "lab1.n1", "running", true, pid, Map.of(), Map.of()));
    }

    private DockerDriver docker() {
        return (DockerDriver) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[]{DockerDriver.class},
                (proxy, method, args) -> {
                    if (!method.getName().equals("inspect")) {
                        throw new AssertionError("only inspect is expected, not " + method.getName());
                    }
                    inspects.incrementAndGet();
                    return Future.succeededFuture(container.get());
                });
    }

    private long pid() {
        return nodes.running("lab1.n1").toCompletionStage().toCompletableFuture().join().pid();
    }

    @Test
    void the_steps_after_a_probe_use_its_answer_within_the_bound_only() {
        nodes.probe("lab1.n1");
        container.set(running(200)); // restarted behind dovs' back

        assertEquals(100, pid(), "the probe's answer");
        assertEquals(1, inspects.get());
        now.addAndGet(NodeLocator.PROBED_FOR.toNanos());
        assertEquals(200, pid(), "past the bound: docker again");
        assertEquals(2, inspects.get());
    }

    @Test
    void creating_or_removing_the_container_forgets_the_probe() {
        nodes.probe("lab1.n1");
        container.set(running(300));
        nodes.forget("lab1.n1");

        assertEquals(300, pid());
        assertEquals(2, inspects.get());
    }

    @Test
    void a_probe_that_finds_it_paused_or_gone_leaves_nothing_to_reuse() {
        nodes.probe("lab1.n1");
        container.set(Optional.of(new ContainerInfo("id", "lab1.n1", "paused", true, 100, Map.of(), Map.of())));
        nodes.probe("lab1.n1");

        Throwable paused = nodes.running("lab1.n1").cause();
        assertInstanceOf(NodeLocator.NodeUnavailableException.class, paused);
        assertTrue(paused.getMessage().contains("is paused"), paused.getMessage());
        container.set(Optional.empty());
        nodes.probe("lab1.n1");
        assertTrue(nodes.running("lab1.n1").cause().getMessage().endsWith("does not exist"));
        assertEquals(5, inspects.get(), "two probes, then each lookup asked docker");
    }
}
