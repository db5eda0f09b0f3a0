package dev.dovs.engine.core;

import dev.dovs.engine.Engine;
import dev.dovs.events.Action;
import dev.dovs.events.StepResult;
import dev.dovs.events.Event;
import dev.dovs.events.EventEnvelope;
import dev.dovs.events.Intent;
import dev.dovs.events.Outcome;
import dev.dovs.events.log.ChronicleEventLog;
import dev.dovs.events.model.LabNaming;
import dev.dovs.events.projection.IntentView;
import dev.dovs.events.projection.LabProjection;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

/**
 * The orchestrator on a real Vert.x and a real Chronicle log, with fake subsystem verticles: consumers on the
 * subsystem addresses that record each action and answer as the test's {@link #answer} says.
 */
@ExtendWith(VertxExtension.class)
abstract class OrchestratorHarness {
    static final String LAB = "default";

    @TempDir
    Path dir;

    Vertx vertx;
    ChronicleEventLog log;
    /** Every action the fake subsystems received, in arrival order. */
    final List<Action> received = new CopyOnWriteArrayList<>();

    /** A scripted answer: facts, a failure with an {@link ActionFailures} code, or no answer at all. */
    record Reply(StepResult facts, int code, String error, boolean silent) {
        static Reply ok(StepResult facts) {
            return new Reply(facts, 0, null, false);
        }

        static Reply fail(int code, String error) {
            return new Reply(null, code, error, false);
        }

        static Reply none() {
            return new Reply(null, 0, null, true);
        }
    }

    /** What the fake subsystem answers to one request. */
    abstract Reply answer(ActionRequest request);

    @BeforeEach
    void startFakeSubsystems(Vertx vertx) {
        this.vertx = vertx;
        Engine.registerCodecs(vertx); // as Engine.start does: records travel by reference on the local bus
        for (Action.Subsystem s : Action.Subsystem.values()) {
            vertx.eventBus().<ActionRequest>consumer(s.address(), msg -> {
                Action a = msg.body().action();
                assertEquals(s, a.subsystem(), "action sent to the wrong subsystem");
                received.add(a);
                Reply r = answer(msg.body());
                if (r.silent()) {
                    return;
                }
                if (r.error() != null) {
                    msg.fail(r.code(), r.error());
                } else {
                    msg.reply(new StepReply(r.facts()));
                }
            });
        }
        log = ChronicleEventLog.open(dir);
    }

    @AfterEach
    void closeVertxThenLog() throws Exception {
        // Vert.x first: stopping the orchestrator appends engine.stopped to the log
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        log.close();
    }

    /** Appends an intent as a CLI would; returns its id. */
    String submit(Intent intent) {
        return log.append(EventEnvelope.of(LAB, UUID.randomUUID().toString(), null, "test-cli", intent)).intentId();
    }

    static Predicate<LabProjection> finishedAll(String... ids) {
        return s -> List.of(ids).stream().allMatch(id -> s.intent(id).map(IntentView::finished).orElse(false));
    }

    Orchestrator orchestrator(Predicate<LabProjection> stopWhen) {
        return new Orchestrator(log, LabNaming.defaultLab(), "test", "t", Duration.ofSeconds(5), stopWhen);
    }

    interface Check {
        void check(List<EventEnvelope> all) throws Throwable;
    }

    /** Deploys an orchestrator, waits until {@code stopWhen} held, then checks the log. */
    void runUntil(VertxTestContext ctx, Predicate<LabProjection> stopWhen, Check check) {
        Orchestrator o = orchestrator(stopWhen);
        vertx.deployVerticle(o)
                .compose(id -> o.finished())
                .onComplete(ctx.succeeding(v -> ctx.verify(() -> {
                    check.check(log.readAll());
                    ctx.completeNow();
                })));
    }

    static List<EventEnvelope> of(List<EventEnvelope> all, String intentId) {
        return all.stream().filter(e -> intentId.equals(e.intentId())).toList();
    }

    static <T extends Event> List<T> events(List<EventEnvelope> entries, Class<T> type) {
        return entries.stream().map(EventEnvelope::event).filter(type::isInstance).map(type::cast).toList();
    }

    static Outcome outcome(List<EventEnvelope> entries) {
        List<Outcome> outcomes = events(entries, Outcome.class);
        assertEquals(1, outcomes.size(), "exactly one outcome: " + outcomes);
        assertInstanceOf(Outcome.class, entries.get(entries.size() - 1).event(), "the outcome comes last");
        return outcomes.get(0);
    }
}
