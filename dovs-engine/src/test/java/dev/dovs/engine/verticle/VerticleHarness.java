package dev.dovs.engine.verticle;

import dev.dovs.engine.Engine;
import dev.dovs.engine.core.ActionFailures;
import dev.dovs.engine.core.ActionRequest;
import dev.dovs.engine.core.StepReply;
import dev.dovs.engine.fake.FakeHost;
import dev.dovs.events.Action;
import dev.dovs.events.StepResult;
import io.vertx.core.Deployable;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.ReplyException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Runs a subsystem verticle over the fake drivers of one {@link FakeHost}, on a real Vert.x event bus, and sends it
 * actions the way the orchestrator does (an {@link ActionRequest} on the subsystem's address), so that a test sees
 * the verticle's typed reply or its failure code exactly as the engine would. No root, no host.
 */
abstract class VerticleHarness {
    static final String LAB = "t1";
    static final String IMAGE = "dovs/node:latest";
    /** The lab's docker networks, as {@code LabNaming} names them for lab t1. */
    static final String MGMT = "dovst1-mgmt";
    static final String INT = "dovst1-int";

    Vertx vertx;
    FakeHost host;

    abstract List<Deployable> verticles(FakeHost host);

    @BeforeEach
    void deploy() {
        host = new FakeHost();
        host.docker().withImage(IMAGE, Map.of());
        vertx = Vertx.vertx();
        Engine.registerCodecs(vertx);
        for (Deployable v : verticles(host)) {
            get(vertx.deployVerticle(v));
        }
    }

    @AfterEach
    void close() {
        get(vertx.close());
    }

    /** Applies one action; fails the test when the verticle fails. */
    StepResult apply(Action action) {
        try {
            return get(vertx.eventBus().<StepReply>request(action.subsystem().address(),
                    new ActionRequest(UUID.randomUUID().toString(), action),
                    new DeliveryOptions().setSendTimeout(10_000))).body().result();
        } catch (ReplyException e) {
            throw new AssertionError(action.describe() + " failed: " + e.getMessage(), e);
        }
    }

    /** Applies an action that must fail; returns the failure (its code says whether it created nothing). */
    ReplyException failure(Action action) {
        return failureAt(action.subsystem(), action);
    }

    /** Sends an action to a subsystem's address (not necessarily its own) and expects a failure. */
    ReplyException failureAt(Action.Subsystem subsystem, Action action) {
        try {
            get(vertx.eventBus().<StepReply>request(subsystem.address(),
                    new ActionRequest(UUID.randomUUID().toString(), action),
                    new DeliveryOptions().setSendTimeout(10_000)));
        } catch (ReplyException e) {
            return e;
        }
        return fail(action.describe() + " succeeded, a failure was expected");
    }

    static void assertCreatedNothing(ReplyException e) {
        assertEquals(ActionFailures.CREATED_NOTHING, e.failureCode(), "created nothing: " + e.getMessage());
    }

    static void assertMayHaveCreated(ReplyException e) {
        assertEquals(ActionFailures.MAY_HAVE_CREATED, e.failureCode(), "may have created: " + e.getMessage());
    }

    /** A running node container of the lab, created through the fake docker: its pid. */
    long node(String container) {
        get(host.docker().ensureNetwork(MGMT, LAB));
        get(host.docker().ensureNetwork(INT, LAB));
        return get(host.docker().createNode(new dev.dovs.engine.docker.NodeSpec(container, IMAGE,
                List.of(MGMT, INT), Map.of("dovs.lab", LAB, "dovs.node", container), Map.of()))).pid();
    }

    /** Waits (bounded) for a future; its failure is rethrown as is when unchecked. */
    static <T> T get(io.vertx.core.Future<T> f) {
        try {
            return f.toCompletionStage().toCompletableFuture().get(15, TimeUnit.SECONDS);
        } catch (java.util.concurrent.ExecutionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            throw new AssertionError(e.getCause());
        } catch (InterruptedException | java.util.concurrent.TimeoutException e) {
            throw new AssertionError("no answer within 15 s", e);
        }
    }

    static <T> T as(Class<T> type, StepResult r) {
        return assertInstanceOf(type, r);
    }
}
