package dev.dovs.engine.core;

import dev.dovs.engine.controller.Controllers;
import dev.dovs.engine.controller.OverlayController;
import dev.dovs.engine.controller.RemoteState;
import dev.dovs.events.Action;
import dev.dovs.events.EngineEvent;
import dev.dovs.events.Event;
import dev.dovs.events.EventEnvelope;
import dev.dovs.events.Intent;
import dev.dovs.events.Outcome;
import dev.dovs.events.Outcome.Failure;
import dev.dovs.events.StepEvent;
import dev.dovs.events.StepResult;
import dev.dovs.events.log.EventLog;
import dev.dovs.events.log.LogWriteException;
import dev.dovs.events.model.LabNaming;
import dev.dovs.events.projection.IntentView;
import dev.dovs.events.projection.LabProjection;
import dev.dovs.events.projection.LedgerEntry;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.Message;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Predicate;

/**
 * Applies a lab's intents in log order. It is the engine's only log writer: it tails the log (intents from any
 * CLI), folds every entry into the projection, plans each pending intent with the {@link Decider}, and runs the
 * steps on the subsystem verticles, appending each step before it starts (write-ahead) and after it ends. A failed
 * step rolls the intent back by compensating its steps in reverse order. Runs on one event-loop context, so its
 * state needs no locks; all blocking work happens in the verticles' worker threads.
 */
public final class Orchestrator extends VerticleBase {
    private static final long TICK_MS = 20;
    /**
     * Event-bus address where subsystems publish what a step exchanged with a controller (a {@link StepEvent} such
     * as {@link StepEvent.OdlExchanged}) for the log.
     */
    public static final String EXCHANGES = "dovs.exchanges";
    /**
     * Where the node health probe answers: body a container name, reply {@code ""} when the node can be worked on,
     * else its state ({@code paused}, {@code exited}, {@code running, but ovs-vswitchd does not answer}, ...).
     */
    public static final String NODE_HEALTH = "dovs.node-health";

    private final EventLog log;
    private final LabNaming naming;
    private final String actor;
    private final long pid;
    private final String mode;
    private final String version;
    private final Duration stepTimeout;
    private final Predicate<LabProjection> stopWhen;
    private final Promise<Void> finished = Promise.promise();

    private LabProjection state;
    private EventLog.Cursor cursor;
    private boolean busy;
    private boolean stopped;
    private Future<Void> current = Future.succeededFuture();
    private long timer = -1;

    public Orchestrator(EventLog log, LabNaming naming, String mode, String version, Duration stepTimeout,
                        Predicate<LabProjection> stopWhen) {
        this.log = log;
        this.naming = naming;
        this.pid = ProcessHandle.current().pid();
        this.actor = "engine pid " + pid;
        this.mode = mode;
        this.version = version;
        this.stepTimeout = stepTimeout;
        this.stopWhen = stopWhen;
    }

    /** Completes once {@code stopWhen} holds after an intent (never for a long-lived engine). */
    public Future<Void> finished() {
        return finished.future();
    }

    @Override
    public Future<?> start() {
        // Subsystems report their REST conversations here; the log has one writer, so they are appended here too.
        vertx.eventBus().<StepEvent>consumer(EXCHANGES, m -> {
            StepEvent x = m.body();
            append(state.intentOfStep(x.step()).orElse(null), null, x);
        });
        state = new LabProjection(naming);
        cursor = log.cursor(EventEnvelope.UNINDEXED);
        drain();
        append(null, null, new EngineEvent.EngineStarted(pid, mode, version));
        timer = vertx.setPeriodic(TICK_MS, t -> tick());
        tick();
        return Future.succeededFuture();
    }

    /** Starts no new intent, lets the current one finish (so it is not left half-done), then logs the stop. */
    @Override
    public Future<?> stop() {
        stopped = true;
        if (timer >= 0) {
            vertx.cancelTimer(timer);
        }
        return current.otherwiseEmpty().map(v -> {
            append(null, null, new EngineEvent.EngineStopped(pid, finished.future().isComplete() ? "done"
                    : "shutdown"));
            cursor.close();
            return null;
        });
    }

    /**
     * Looks for new intents now instead of at the next tick: called by a process that hosts this orchestrator right
     * after it appended an intent (the tick only bounds the delay for intents other processes append). Any thread.
     */
    public void wake() {
        io.vertx.core.Context c = context;
        if (c != null && !stopped) {
            c.runOnContext(v -> tick());
        }
    }

    private void tick() {
        // Once the embedded engine's own intent is done it takes no more work: its process is about to exit.
        if (busy || stopped || finished.future().isComplete()) {
            return;
        }
        drain();
        if (stopWhen.test(state)) {
            finished.tryComplete();
            return;
        }
        List<IntentView> unfinished = state.unfinished();
        if (unfinished.isEmpty()) {
            return;
        }
        busy = true;
        IntentView next = unfinished.get(0);
        Future<Void> work;
        try {
            // A half-done clean is simply run again (it is idempotent); anything else is rolled back.
            work = next.status() == IntentView.Status.RUNNING && !(next.intent() instanceof Intent.Clean)
                    ? recover(next) : apply(next);
        } catch (RuntimeException e) {
            work = Future.failedFuture(e);
        }
        current = work.recover(e -> {
            if (e instanceof LogWriteException) {
                return Future.failedFuture(e);
            }
            // A bug, not a step failure: still close the intent so that waiting CLIs are not stuck forever.
            finish(next, next.intent().failed(
                    new Failure(Failure.Kind.FAILED, "internal error: " + ActionFailures.message(e), false)));
            return Future.succeededFuture();
        }).recover(e -> {
            // The log cannot take even the outcome (the disk is full beyond the reserve, read-only, failing):
            // this engine stops, and whoever waits learns why. The intent stays open for the next engine, which
            // rolls back what it started and closes it as interrupted.
            stopped = true;
            finished.tryFail(e);
            return Future.succeededFuture();
        });
        current.onComplete(ar -> {
            busy = false;
            drain();
            if (stopWhen.test(state)) {
                finished.tryComplete();
            } else if (!stopped) {
                vertx.runOnContext(v -> tick());
            }
        });
    }

    private Future<Void> apply(IntentView iv) {
        if (iv.intent() instanceof Intent.MoveGuest m) {
            // a guest whose node stopped or was removed is evacuated: the plan depends on the node's state
            String source = state.resolveGuest(m.guest())
                    .flatMap(g -> state.node(g.node())).map(n -> n.container()).orElse(null);
            if (source != null) {
                return health(source).compose(h -> {
                    sourceGone.put(iv.id(), !h.isEmpty() && !h.equals("paused") && !h.startsWith("running")
                            && !h.startsWith("unknown"));
                    return decideAndRun(iv, null);
                });
            }
        }
        return decideAndRun(iv, null);
    }

    /** For a move: whether its guest's node was found stopped or removed (an evacuation), by intent id. */
    private final Map<String, Boolean> sourceGone = new java.util.HashMap<>();

    /** The node's state from the health probe: "" when it can be worked on. */
    private Future<String> health(String container) {
        return vertx.eventBus().<String>request(NODE_HEALTH, container, new DeliveryOptions().setSendTimeout(15_000))
                .map(m -> m.body() == null ? "" : m.body())
                .otherwise("");
    }

    private Future<Void> decideAndRun(IntentView iv, RemoteState remote) {
        Decision decision;
        try {
            decision = Decider.decide(state, iv.intent(), remote, sourceGone.getOrDefault(iv.id(), false));
        } catch (IllegalArgumentException e) {
            decision = new Decision.Rejected(iv.intent().failed(
                    new Failure(Failure.Kind.REJECTED, e.getMessage(), true)));
        }
        if (decision instanceof Decision.Rejected r) {
            finish(iv, r.outcome());
            return Future.succeededFuture();
        }
        if (decision instanceof Decision.Inspect in) {
            if (remote != null) {
                return Future.failedFuture(new IllegalStateException("the decider asked to read the controller twice"));
            }
            return inspectThenRun(iv, in);
        }
        Plan plan = ((Decision.Planned) decision).plan();
        if (plan.bestEffort()) {
            return run(iv, plan); // clean: runs whatever state the nodes are in
        }
        return unusableNode(iv, plan).compose(problem -> {
            if (problem != null) {
                finish(iv, iv.intent().failed(new Failure(Failure.Kind.REJECTED, problem, true)));
                return Future.succeededFuture();
            }
            return run(iv, plan);
        });
    }

    /**
     * Checks every existing node the plan touches (running, not paused, both OVS daemons answering) before the
     * first step, so that a command on a broken node is refused at once with the node's state instead of
     * failing after minutes of timeouts. A move may leave a node whose OVS is dead (its port there is skipped) or
     * that stopped or was removed (an evacuation plan, which does not touch it); not a paused one.
     */
    private Future<String> unusableNode(IntentView iv, Plan plan) {
        Map<String, String> nodeOf = new java.util.HashMap<>();
        state.nodes().forEach(n -> nodeOf.put(n.container(), n.name()));
        String source = null;
        if (iv.intent() instanceof Intent.MoveGuest m) {
            source = state.resolveGuest(m.guest())
                    .flatMap(g -> state.node(g.node())).map(n -> n.container()).orElse(null);
        }
        List<Future<String>> probes = new ArrayList<>();
        for (String container : PlanNodes.touched(plan.actions())) {
            String node = nodeOf.get(container);
            if (node == null) {
                continue;
            }
            boolean isSource = container.equals(source);
            probes.add(vertx.eventBus().<String>request(NODE_HEALTH, container,
                            new DeliveryOptions().setSendTimeout(15_000))
                    .map(m -> m.body() == null || m.body().isEmpty() ? null
                            : isSource && m.body().startsWith("running, but ") ? null
                            : "node " + node + " is " + m.body() + (isSource
                            ? ": its guests cannot leave it while it is paused (unpause it; a guest can leave a node "
                            + "that stopped, was removed or whose OVS is dead)"
                            : ": nothing was done (make it run again, or move its guests away)"))
                    .otherwise(e -> null)); // no answer from the probe: let the steps find out
        }
        return Future.join(probes).otherwiseEmpty().map(x -> probes.stream().map(f -> f.result())
                .filter(java.util.Objects::nonNull).findFirst().orElse(null));
    }

    /**
     * Runs a plan: the one place that interprets a {@link Plan}. Stages one after the other, the steps of a stage
     * concurrently; a failed step of a {@link Plan.OnFailure#ROLL_BACK} stage stops the plan and rolls the intent
     * back, one of a {@link Plan.OnFailure#CONTINUE} stage is only logged, one of a {@link Plan.OnFailure#REPORT}
     * stage fails the intent once every stage ran. A success is completed by {@link PlanOutcomes}, a failure is the
     * planned outcome's failed twin.
     */
    private Future<Void> run(IntentView iv, Plan plan) {
        Progress progress = new Progress();
        return runStages(iv, plan.stages(), 0, progress).transform(ar -> {
            if (ar.succeeded()) {
                finish(iv, progress.reported.isEmpty()
                        ? PlanOutcomes.success(plan, new StepResults(progress.results, progress.compensated))
                        : plan.outcome().failed(new Failure(Failure.Kind.FAILED,
                        String.join("; ", progress.reported), false)));
                return Future.<Void>succeededFuture();
            }
            return rollback(iv).map(clean -> {
                finish(iv, plan.outcome().failed(new Failure(Failure.Kind.FAILED,
                        ActionFailures.message(ar.cause()), clean)));
                return (Void) null;
            });
        });
    }

    /** What a run of a plan has got so far. */
    private static final class Progress {
        final List<StepResult> results = new ArrayList<>();
        int compensated;
        final List<String> reported = new ArrayList<>();
    }

    /**
     * Reads the controller as a logged step (its answer is the remote state the decision rests on), then decides
     * with it.
     */
    private Future<Void> inspectThenRun(IntentView iv, Decision.Inspect in) {
        return runStep(iv.id(), in.read(), null).transform(ar -> {
            if (ar.failed()) {
                // nothing was created yet: a failed read fails the intent with nothing to roll back
                finish(iv, iv.intent().failed(new Failure(Failure.Kind.FAILED,
                        ActionFailures.message(ar.cause()), true)));
                return Future.succeededFuture();
            }
            if (!(ar.result() instanceof RemoteState remote)) {
                return Future.failedFuture(new IllegalStateException(in.read().describe()
                        + " answered no controller state"));
            }
            return decideAndRun(iv, remote);
        });
    }

    /** An intent a dead engine left half-done: compensate what it started, then close it as interrupted. */
    private Future<Void> recover(IntentView iv) {
        return rollback(iv).map(clean -> {
            finish(iv, iv.intent().failed(new Failure(Failure.Kind.INTERRUPTED,
                    "the engine applying it stopped" + (clean ? "; what it started was rolled back" : ""), clean)));
            return null;
        });
    }

    private Future<Void> runStages(IntentView iv, List<Plan.Stage> stages, int i, Progress progress) {
        if (i == stages.size()) {
            return Future.succeededFuture();
        }
        Plan.Stage stage = stages.get(i);
        List<Future<StepResult>> running = new ArrayList<>();
        for (Plan.Step step : stage.steps()) {
            running.add(runStep(iv.id(), step.action(), step.undoes()));
        }
        return Future.join(running).transform(ar -> {
            if (ar.failed() && stage.onFailure() == Plan.OnFailure.ROLL_BACK) {
                for (Future<StepResult> f : running) {
                    if (f.failed()) {
                        return Future.failedFuture(f.cause());
                    }
                }
                return Future.failedFuture(ar.cause());
            }
            for (int k = 0; k < running.size(); k++) {
                Future<StepResult> f = running.get(k);
                if (f.succeeded()) {
                    progress.results.add(f.result());
                    progress.compensated += stage.steps().get(k).undoes() != null ? 1 : 0;
                } else if (stage.onFailure() == Plan.OnFailure.REPORT) {
                    progress.reported.add(ActionFailures.message(f.cause()));
                }
            }
            return runStages(iv, stages, i + 1, progress);
        });
    }

    /** Write-ahead: the step is in the log before the subsystem touches the host. */
    private Future<StepResult> runStep(String intentId, Action action, String undoes) {
        String step = UUID.randomUUID().toString();
        try {
            append(intentId, undoes, new StepEvent.StepStarted(step, action, undoes));
        } catch (LogWriteException e) {
            // Write-ahead: a step the log does not hold is never run. The intent fails (and rolls back what it
            // did, the log's reserve lets the compensations and the outcome in) instead of going on unlogged.
            return Future.failedFuture(e);
        }
        // actions that wait by design (for a controller) get that wait on top of the usual step timeout
        DeliveryOptions opts = new DeliveryOptions().setSendTimeout(stepTimeout.toMillis()
                + action.waitSeconds() * 1000L);
        return vertx.eventBus().<StepReply>request(action.subsystem().address(), new ActionRequest(step, action),
                        opts)
                .map(m -> m.body().result())
                .map(result -> {
                    append(intentId, undoes, new StepEvent.StepSucceeded(step, result.facts()));
                    return result;
                })
                .recover(err -> {
                    String msg = ActionFailures.message(err);
                    Map<String, String> facts = ActionFailures.createdNothing(err)
                            ? Map.of(Action.CREATED, "false") : Map.of();
                    append(intentId, undoes, new StepEvent.StepFailed(step, msg, facts));
                    return Future.failedFuture(new IllegalStateException(msg));
                });
    }

    /** Compensates the intent's uncompensated steps, newest first; true when every compensation succeeded. */
    private Future<Boolean> rollback(IntentView iv) {
        List<LedgerEntry> entries = new ArrayList<>(state.ledgerOf(iv.id()));
        Collections.reverse(entries);
        Future<Boolean> chain = Future.succeededFuture(true);
        for (LedgerEntry e : entries) {
            chain = chain.compose(ok -> runStep(iv.id(), e.action().undo(), e.step()).map(f -> ok).otherwise(false));
        }
        return chain;
    }

    private void finish(IntentView iv, Outcome outcome) {
        append(iv.id(), iv.causationId(), outcome);
    }

    private void append(String intentId, String causation, Event event) {
        log.append(EventEnvelope.of(naming.lab(), intentId, causation, actor, event));
        drain();
    }

    /** Folds everything appended since the last look, by this engine or by any CLI. */
    private void drain() {
        for (var e = cursor.next(); e.isPresent(); e = cursor.next()) {
            state.apply(e.get());
        }
    }
}
