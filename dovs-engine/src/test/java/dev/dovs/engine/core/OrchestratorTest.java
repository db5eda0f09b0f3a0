package dev.dovs.engine.core;

import dev.dovs.events.Action;
import dev.dovs.events.StepResult;
import dev.dovs.events.EngineEvent;
import dev.dovs.events.Event;
import dev.dovs.events.EventEnvelope;
import dev.dovs.events.Intent;
import dev.dovs.events.Outcome;
import dev.dovs.events.Outcome.Failure;
import dev.dovs.events.StepEvent;
import dev.dovs.events.StepEvent.StepFailed;
import dev.dovs.events.StepEvent.StepStarted;
import dev.dovs.events.StepEvent.StepSucceeded;
import dev.dovs.events.model.LabNaming;
import dev.dovs.events.projection.IntentView;
import dev.dovs.events.projection.LabProjection;
import io.vertx.junit5.VertxTestContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.Predicate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The orchestrator on a real Vert.x and a real Chronicle log, with fake subsystem verticles: consumers on the
 * subsystem addresses that record each action and reply with scripted facts or failures.
 */
@Timeout(value = 20, unit = TimeUnit.SECONDS)
class OrchestratorTest extends OrchestratorHarness {
    private static final String LAB = "default";
    private static final String PORT = "3d2c1b0a-9f8e-4d7c-8b6a-5f4e3d2c1b0a";
    private static final String TAP = "tap3d2c1b0a-9f";
    private static final String MAC = "fa:16:3e:00:00:01";

    /** What the fakes answer; tests override entries for the actions they want to fail. */
    private volatile Function<Action, Reply> script = OrchestratorTest::happy;

    private static Reply happy(Action a) {
        if (a instanceof Action.CreateContainer c) {
            return Reply.ok(new StepResult.ContainerCreated("cid-" + c.container(), 4242, "172.18.0.2",
                    "172.19.0.2"));
        }
        if (a instanceof Action.Sweep s) {
            return Reply.ok(new StepResult.Swept(switch (s.target()) {
                case NETNS -> 1;
                case OVS -> 2;
                case DOCKER, ODL, OVN -> 0;
            }));
        }
        return Reply.ok(new StepResult.Created(true));
    }

    @Override
    Reply answer(ActionRequest request) {
        return script.apply(request.action());
    }

    // ---- helpers -------------------------------------------------------------------------------------------

    private static long indexOf(List<EventEnvelope> entries, Predicate<Event> p) {
        return entries.stream().filter(e -> p.test(e.event())).findFirst().orElseThrow(
                () -> new AssertionError("no such entry")).index();
    }

    /** Every step has StepStarted strictly before its one result, and every started step has a result. */
    private static void assertWriteAhead(List<EventEnvelope> entries) {
        Map<String, Long> started = new HashMap<>();
        Map<String, Long> ended = new HashMap<>();
        for (EventEnvelope e : entries) {
            if (e.event() instanceof StepStarted s) {
                assertNull(started.put(s.step(), e.index()), "step started twice: " + s.step());
            } else if (e.event() instanceof StepEvent s) {
                Long start = started.get(s.step());
                assertNotNull(start, "result before start for step " + s.step());
                assertTrue(start < e.index());
                assertNull(ended.put(s.step(), e.index()), "two results for step " + s.step());
            }
        }
        assertEquals(started.keySet(), ended.keySet(), "every started step ended");
    }

    private static Map<String, StepStarted> stepsById(List<EventEnvelope> entries) {
        Map<String, StepStarted> m = new HashMap<>();
        events(entries, StepStarted.class).forEach(s -> m.put(s.step(), s));
        return m;
    }

    private static List<StepStarted> forward(List<EventEnvelope> entries) {
        return events(entries, StepStarted.class).stream().filter(s -> s.undoes() == null).toList();
    }

    private static List<StepStarted> compensations(List<EventEnvelope> entries) {
        return events(entries, StepStarted.class).stream().filter(s -> s.undoes() != null).toList();
    }

    private static final Action MGMT = new Action.EnsureNetwork("dovs-mgmt", LAB);
    private static final Action INT = new Action.EnsureNetwork("dovs-int", LAB);
    private static final Action CONTAINER = new Action.CreateContainer("n1", "n1", "img",
            List.of("dovs-mgmt", "dovs-int"), LAB);
    private static final Action BRIDGE = new Action.CreateBridge("n1", "br-int", LAB);

    // ---- add-node ------------------------------------------------------------------------------------------

    @Test
    void successful_add_node_logs_each_step_before_its_result_and_a_node_added_outcome(VertxTestContext ctx) {
        String id = submit(new Intent.AddNode("n1", "img"));

        runUntil(ctx, finishedAll(id), all -> {
            List<EventEnvelope> mine = of(all, id);
            assertWriteAhead(mine);
            assertEquals(List.of(MGMT, INT, CONTAINER, BRIDGE),
                    forward(mine).stream().map(StepStarted::action).toList());
            assertTrue(compensations(mine).isEmpty());
            assertTrue(events(mine, StepFailed.class).isEmpty());
            assertEquals(4, events(mine, StepSucceeded.class).size());

            // Stages run one after the other: the container starts after both networks are done
            long containerStart = indexOf(mine, e -> e instanceof StepStarted s && s.action().equals(CONTAINER));
            for (StepStarted net : forward(mine).subList(0, 2)) {
                long netDone = indexOf(mine, e -> e instanceof StepSucceeded s && s.step().equals(net.step()));
                assertTrue(netDone < containerStart, "stage 2 started before stage 1 finished");
            }

            assertEquals(new Outcome.NodeAdded("n1", "n1", "cid-n1", "172.18.0.2", "172.19.0.2"), outcome(mine));
            assertEquals(List.of(MGMT, INT, CONTAINER, BRIDGE).stream().sorted(java.util.Comparator
                    .comparing(Object::toString)).toList(), received.stream().sorted(java.util.Comparator
                    .comparing(Object::toString)).toList());

            // The engine announced itself before doing anything
            assertInstanceOf(EngineEvent.EngineStarted.class, all.stream().filter(e -> e.intentId() == null)
                    .findFirst().orElseThrow().event());

            LabProjection state = LabProjection.fold(LabNaming.defaultLab(), all);
            assertEquals("cid-n1", state.node("n1").orElseThrow().containerId());
            assertEquals(IntentView.Status.SUCCEEDED, state.intent(id).orElseThrow().status());
        });
    }

    /** The log of the test, refusing the forward steps that {@code refuse} names, as a full disk's guard does. */
    private dev.dovs.events.log.EventLog refusing(Predicate<Action> refuse) {
        dev.dovs.events.log.EventLog real = log;
        return new dev.dovs.events.log.EventLog() {
            @Override
            public EventEnvelope append(EventEnvelope e) {
                if (e.event() instanceof StepStarted s && s.undoes() == null && refuse.test(s.action())) {
                    throw new dev.dovs.events.log.LogWriteException(dev.dovs.events.log.LogWriteException.Kind.NO_SPACE,
                            "no space left on device in the lab's state dir /s/default", null);
                }
                return real.append(e);
            }

            @Override
            public Cursor cursor(long afterIndex) {
                return real.cursor(afterIndex);
            }

            @Override
            public void close() {
            }
        };
    }

    @Test
    void a_step_the_log_cannot_take_is_never_run_and_the_intent_is_rolled_back_and_closed(VertxTestContext ctx) {
        script = OrchestratorTest::happy;
        String id = submit(new Intent.AddNode("n1", "img"));
        Orchestrator o = new Orchestrator(refusing(a -> a instanceof Action.CreateContainer), LabNaming.defaultLab(),
                "test", "t", Duration.ofSeconds(5), finishedAll(id));
        vertx.deployVerticle(o).compose(x -> o.finished()).onComplete(ctx.succeeding(v -> ctx.verify(() -> {
            List<EventEnvelope> mine = of(log.readAll(), id);
            assertWriteAhead(mine);
            assertFalse(received.stream().anyMatch(a -> a instanceof Action.CreateContainer),
                    "a step that is not in the log never reaches a subsystem");
            assertEquals(List.of(new Action.RemoveNetwork("dovs-int", LAB), new Action.RemoveNetwork("dovs-mgmt", LAB)),
                    compensations(mine).stream().map(StepStarted::action).toList());
            assertEquals(new Outcome.NodeAddFailed("n1", new Failure(Failure.Kind.FAILED,
                    "no space left on device in the lab's state dir /s/default", true)), outcome(mine));
            ctx.completeNow();
        })));
    }

    @Test
    void a_failing_step_rolls_back_the_done_steps_in_reverse_order(VertxTestContext ctx) {
        script = a -> a instanceof Action.CreateBridge ? Reply.fail(ActionFailures.MAY_HAVE_CREATED,
                "ovs-vsctl: no datapath") : happy(a);
        String id = submit(new Intent.AddNode("n1", "img"));

        runUntil(ctx, finishedAll(id), all -> {
            List<EventEnvelope> mine = of(all, id);
            assertWriteAhead(mine);
            Map<String, StepStarted> steps = stepsById(mine);
            StepStarted bridge = forward(mine).get(3);
            assertEquals(BRIDGE, bridge.action());
            StepFailed failed = events(mine, StepFailed.class).get(0);
            assertEquals(bridge.step(), failed.step());
            assertEquals("ovs-vsctl: no datapath", failed.error());
            assertFalse(failed.createdNothing());

            // Compensations: newest first, each naming the forward step it undoes
            List<StepStarted> undo = compensations(mine);
            assertEquals(List.of(new Action.RemoveContainer("n1", LAB), new Action.RemoveNetwork("dovs-int", LAB),
                    new Action.RemoveNetwork("dovs-mgmt", LAB)), undo.stream().map(StepStarted::action).toList());
            assertEquals(List.of(CONTAINER, INT, MGMT),
                    undo.stream().map(u -> steps.get(u.undoes()).action()).toList());
            // the compensation entries carry the forward step as their causation
            for (EventEnvelope e : mine) {
                if (e.event() instanceof StepStarted s && s.undoes() != null) {
                    assertEquals(s.undoes(), e.causationId());
                }
            }
            // they run after the failure
            long failedAt = indexOf(mine, e -> e instanceof StepFailed);
            assertTrue(indexOf(mine, e -> e instanceof StepStarted s && s.undoes() != null) > failedAt);
            // and the subsystems saw them in that order
            assertEquals(List.of(new Action.RemoveContainer("n1", LAB), new Action.RemoveNetwork("dovs-int", LAB),
                    new Action.RemoveNetwork("dovs-mgmt", LAB)), received.subList(received.size() - 3, received.size()));

            assertEquals(new Outcome.NodeAddFailed("n1", new Failure(Failure.Kind.FAILED, "ovs-vsctl: no datapath",
                    true)), outcome(mine));
            LabProjection state = LabProjection.fold(LabNaming.defaultLab(), all);
            assertTrue(state.ledger().isEmpty(), "everything compensated: " + state.ledger());
            assertTrue(state.node("n1").isEmpty());
        });
    }

    @Test
    void a_step_that_failed_before_creating_anything_is_not_compensated(VertxTestContext ctx) {
        script = a -> a instanceof Action.CreateContainer ? Reply.fail(ActionFailures.CREATED_NOTHING,
                "no such image: img") : happy(a);
        String id = submit(new Intent.AddNode("n1", "img"));

        runUntil(ctx, finishedAll(id), all -> {
            List<EventEnvelope> mine = of(all, id);
            assertTrue(events(mine, StepFailed.class).get(0).createdNothing());
            assertEquals(List.of(new Action.RemoveNetwork("dovs-int", LAB), new Action.RemoveNetwork("dovs-mgmt", LAB)),
                    compensations(mine).stream().map(StepStarted::action).toList());
            assertFalse(received.contains(BRIDGE), "the next stage never ran");
            assertEquals(new Outcome.NodeAddFailed("n1", new Failure(Failure.Kind.FAILED, "no such image: img", true)),
                    outcome(mine));
        });
    }

    @Test
    void a_resource_that_already_existed_is_not_removed_on_rollback(VertxTestContext ctx) {
        // dovs-mgmt was there before (created=false): rolling back must not remove what the intent did not create
        script = a -> {
            if (a.equals(MGMT)) {
                return Reply.ok(new StepResult.Created(false));
            }
            return a instanceof Action.CreateBridge ? Reply.fail(ActionFailures.MAY_HAVE_CREATED, "boom") : happy(a);
        };
        String id = submit(new Intent.AddNode("n1", "img"));

        runUntil(ctx, finishedAll(id), all -> {
            assertEquals(List.of(new Action.RemoveContainer("n1", LAB), new Action.RemoveNetwork("dovs-int", LAB)),
                    compensations(of(all, id)).stream().map(StepStarted::action).toList());
            assertFalse(received.contains(new Action.RemoveNetwork("dovs-mgmt", LAB)));
        });
    }

    @Test
    void a_failing_compensation_is_reported_as_an_incomplete_rollback(VertxTestContext ctx) {
        script = a -> {
            if (a instanceof Action.CreateBridge) {
                return Reply.fail(ActionFailures.MAY_HAVE_CREATED, "bridge failed");
            }
            if (a instanceof Action.RemoveContainer) {
                return Reply.fail(ActionFailures.MAY_HAVE_CREATED, "docker is down");
            }
            return happy(a);
        };
        String id = submit(new Intent.AddNode("n1", "img"));

        runUntil(ctx, finishedAll(id), all -> {
            List<EventEnvelope> mine = of(all, id);
            // the remaining compensations are still attempted
            assertEquals(3, compensations(mine).size());
            Outcome.NodeAddFailed failed = assertInstanceOf(Outcome.NodeAddFailed.class, outcome(mine));
            assertEquals(Failure.Kind.FAILED, failed.failure().kind());
            assertEquals("bridge failed", failed.failure().message());
            assertFalse(failed.failure().rolledBack());
            // the container is still owed, so a later clean will try again
            LabProjection state = LabProjection.fold(LabNaming.defaultLab(), all);
            assertEquals(List.of(CONTAINER), state.ledger().stream().map(l -> l.action()).toList());
        });
    }

    @Test
    void a_step_without_reply_times_out_and_is_rolled_back(VertxTestContext ctx) {
        script = a -> a instanceof Action.CreateBridge ? Reply.none() : happy(a);
        String id = submit(new Intent.AddNode("n1", "img"));
        Orchestrator o = new Orchestrator(log, LabNaming.defaultLab(), "test", "t", Duration.ofMillis(1000),
                finishedAll(id));

        vertx.deployVerticle(o).compose(x -> o.finished()).onComplete(ctx.succeeding(v -> ctx.verify(() -> {
            List<EventEnvelope> mine = of(log.readAll(), id);
            assertWriteAhead(mine);
            assertEquals(3, compensations(mine).size());
            Outcome.NodeAddFailed failed = assertInstanceOf(Outcome.NodeAddFailed.class, outcome(mine));
            assertEquals(Failure.Kind.FAILED, failed.failure().kind());
            assertTrue(failed.failure().rolledBack());
            ctx.completeNow();
        })));
    }

    // ---- rejection -----------------------------------------------------------------------------------------

    @Test
    void a_rejected_intent_has_no_steps_and_touches_nothing(VertxTestContext ctx) {
        String id = submit(new Intent.AddGuest("g1", "nowhere", "10.0.0.1/24", MAC, PORT, null, null, 1500));

        runUntil(ctx, finishedAll(id), all -> {
            List<EventEnvelope> mine = of(all, id);
            assertTrue(events(mine, StepEvent.class).isEmpty(), "steps of a rejected intent: " + mine);
            assertEquals(new Outcome.GuestAddFailed("g1", new Failure(Failure.Kind.REJECTED,
                    "node nowhere does not exist", true)), outcome(mine));
            assertTrue(received.isEmpty());
        });
    }

    @Test
    void an_intent_the_decider_cannot_parse_is_rejected_instead_of_stopping_the_engine(VertxTestContext ctx) {
        String node = submit(new Intent.AddNode("n1", "img"));
        String bad = submit(new Intent.AddGuest("g1", "n1", "10.0.0.0/24", MAC, PORT, null, null, 1500));
        String next = submit(new Intent.AddNode("n2", "img"));

        runUntil(ctx, finishedAll(node, bad, next), all -> {
            Outcome.GuestAddFailed failed = assertInstanceOf(Outcome.GuestAddFailed.class, outcome(of(all, bad)));
            assertEquals(Failure.Kind.REJECTED, failed.failure().kind());
            assertTrue(failed.failure().message().contains("network address"), failed.failure().message());
            assertTrue(events(of(all, bad), StepEvent.class).isEmpty());
            assertInstanceOf(Outcome.NodeAdded.class, outcome(of(all, next)));
        });
    }

    @Test
    void intents_are_applied_in_log_order_and_a_later_one_sees_the_earlier_ones_effects(VertxTestContext ctx) {
        String node = submit(new Intent.AddNode("n1", "img"));
        String guest = submit(new Intent.AddGuest("g1", "n1", "10.0.0.1/24", MAC, PORT, null, null, 1500));
        String dup = submit(new Intent.AddNode("n1", "img"));

        runUntil(ctx, finishedAll(node, guest, dup), all -> {
            assertInstanceOf(Outcome.NodeAdded.class, outcome(of(all, node)));
            assertEquals(new Outcome.GuestAdded("g1", "n1", "dovs-g1", TAP), outcome(of(all, guest)));
            assertEquals("node n1 already exists",
                    ((Outcome.NodeAddFailed) outcome(of(all, dup))).failure().message());
            long nodeDone = indexOf(all, e -> e instanceof Outcome.NodeAdded);
            long guestFirstStep = of(all, guest).stream().filter(e -> e.event() instanceof StepStarted)
                    .findFirst().orElseThrow().index();
            assertTrue(nodeDone < guestFirstStep, "one intent at a time");
        });
    }

    // ---- recovery ------------------------------------------------------------------------------------------

    @Test
    void an_intent_left_running_by_a_dead_engine_is_compensated_and_closed_as_interrupted(VertxTestContext ctx) {
        // Given a log where a previous engine started add-node and died mid-stage
        String id = submit(new Intent.AddNode("n1", "img"));
        log.append(EventEnvelope.of(LAB, null, null, "engine pid 1", new EngineEvent.EngineStarted(1, "daemon", "t")));
        log.append(EventEnvelope.of(LAB, id, null, "engine pid 1", new StepStarted("s-mgmt", MGMT, null)));
        log.append(EventEnvelope.of(LAB, id, null, "engine pid 1",
                new StepSucceeded("s-mgmt", Map.of(Action.CREATED, "true"))));
        log.append(EventEnvelope.of(LAB, id, null, "engine pid 1", new StepStarted("s-int", INT, null)));
        // ... and an intent queued behind it
        String queued = submit(new Intent.AddNode("n2", "img"));

        runUntil(ctx, finishedAll(id, queued), all -> {
            List<EventEnvelope> mine = of(all, id);
            // Then both steps are compensated, the unfinished one too (write-ahead), newest first
            List<StepStarted> undo = compensations(mine);
            assertEquals(List.of(new Action.RemoveNetwork("dovs-int", LAB), new Action.RemoveNetwork("dovs-mgmt", LAB)),
                    undo.stream().map(StepStarted::action).toList());
            assertEquals(List.of("s-int", "s-mgmt"), undo.stream().map(StepStarted::undoes).toList());
            // and nothing of it is re-applied
            assertEquals(List.of("s-mgmt", "s-int"), forward(mine).stream().map(StepStarted::step).toList());
            assertFalse(received.stream().anyMatch(a -> a.equals(CONTAINER)));

            Outcome.NodeAddFailed failed = assertInstanceOf(Outcome.NodeAddFailed.class, outcome(mine));
            assertEquals(Failure.Kind.INTERRUPTED, failed.failure().kind());
            assertTrue(failed.failure().rolledBack());
            assertEquals("the engine applying it stopped; what it started was rolled back", failed.failure().message(),
                    "the kind says interrupted: the message does not repeat it");

            // The queued intent runs afterwards, normally
            assertEquals(new Outcome.NodeAdded("n2", "n2", "cid-n2", "172.18.0.2", "172.19.0.2"),
                    outcome(of(all, queued)));
            assertTrue(indexOf(all, e -> e instanceof Outcome.NodeAddFailed)
                    < of(all, queued).stream().filter(e -> e.event() instanceof StepStarted).findFirst()
                    .orElseThrow().index());
        });
    }

    // ---- clean ---------------------------------------------------------------------------------------------

    @Test
    void clean_compensates_every_ledger_entry_by_layer_then_sweeps_and_logs_lab_cleaned(VertxTestContext ctx) {
        String node = submit(new Intent.AddNode("n1", "img"));
        String guest = submit(new Intent.AddGuest("g1", "n1", "10.0.0.1/24", MAC, PORT, null, null, 1500));
        String clean = submit(new Intent.Clean());

        runUntil(ctx, finishedAll(node, guest, clean), all -> {
            assertInstanceOf(Outcome.GuestAdded.class, outcome(of(all, guest)));
            Map<String, StepStarted> allSteps = stepsById(all);
            List<EventEnvelope> mine = of(all, clean);
            assertWriteAhead(mine);

            // Compensations: ports, then namespaces, then containers, then networks
            List<StepStarted> undo = compensations(mine);
            List<Action> undone = undo.stream().map(StepStarted::action).toList();
            assertEquals(List.of(new Action.UnplugPort("n1", "br-int", TAP), new Action.DeleteNamespaces(List.of("dovs-g1")),
                    new Action.RemoveContainer("n1", LAB)), undone.subList(0, 3));
            assertEquals(Set.of(new Action.RemoveNetwork("dovs-mgmt", LAB), new Action.RemoveNetwork("dovs-int", LAB)),
                    Set.copyOf(undone.subList(3, 5)));
            assertEquals(5, undo.size());
            // each undoes the forward step whose undo it is, from the intents that built the lab
            for (StepStarted u : undo) {
                StepStarted fwd = allSteps.get(u.undoes());
                assertNotNull(fwd, "undoes an unknown step");
                assertEquals(u.action(), fwd.action().undo());
                assertTrue(Set.of(node, guest).contains(
                        all.stream().filter(e -> e.event() == fwd).findFirst().orElseThrow().intentId()));
            }
            // a layer starts only when the previous one is done
            long unplugDone = indexOf(mine, e -> e instanceof StepSucceeded s && s.step().equals(undo.get(0).step()));
            long nsStart = indexOf(mine, e -> e instanceof StepStarted s && s.step().equals(undo.get(1).step()));
            assertTrue(unplugDone < nsStart);

            // Then the three sweeps, netns first, after every compensation
            List<StepStarted> sweeps = forward(mine);
            assertEquals(List.of(new Action.Sweep(Action.Subsystem.NETNS, LAB, "dovs-"),
                    new Action.Sweep(Action.Subsystem.OVS, LAB, null),
                    new Action.Sweep(Action.Subsystem.DOCKER, LAB, null)),
                    sweeps.stream().map(StepStarted::action).toList());
            long lastUndoDone = mine.stream().filter(e -> e.event() instanceof StepSucceeded s
                    && undo.stream().anyMatch(u -> u.step().equals(s.step()))).mapToLong(EventEnvelope::index).max()
                    .orElseThrow();
            assertTrue(indexOf(mine, e -> e instanceof StepStarted s && s.action() instanceof Action.Sweep)
                    > lastUndoDone);

            // swept = sum of what the sweeps reported (1 + 2 + 0)
            assertEquals(new Outcome.LabCleaned(5, 3), outcome(mine));

            LabProjection state = LabProjection.fold(LabNaming.defaultLab(), all);
            assertFalse(state.hasResources());
            assertEquals(List.of(node, guest), state.buildIntents().stream().map(IntentView::id).toList());
        });
    }

    @Test
    void clean_of_an_empty_lab_only_sweeps(VertxTestContext ctx) {
        String clean = submit(new Intent.Clean());
        runUntil(ctx, finishedAll(clean), all -> {
            List<EventEnvelope> mine = of(all, clean);
            assertTrue(compensations(mine).isEmpty());
            assertEquals(3, forward(mine).size());
            assertEquals(new Outcome.LabCleaned(0, 3), outcome(mine));
        });
    }

    @Test
    void clean_with_a_failing_sweep_runs_the_other_sweeps_and_logs_lab_clean_failed(VertxTestContext ctx) {
        script = a -> a instanceof Action.Sweep s && s.target() == Action.Subsystem.OVS
                ? Reply.fail(ActionFailures.MAY_HAVE_CREATED, "ovs-vsctl: database is locked") : happy(a);
        String clean = submit(new Intent.Clean());
        runUntil(ctx, finishedAll(clean), all -> {
            List<EventEnvelope> mine = of(all, clean);
            assertEquals(3, forward(mine).size(), "the docker sweep still ran");
            assertEquals(new Outcome.LabCleanFailed(new Failure(Failure.Kind.FAILED, "ovs-vsctl: database is locked",
                    false)), outcome(mine));
        });
    }

    // ---- lifecycle -----------------------------------------------------------------------------------------

    @Test
    void stop_when_completes_finished_once_it_holds(VertxTestContext ctx) {
        String id = submit(new Intent.AddNode("n1", "img"));
        List<Boolean> seenFinished = new CopyOnWriteArrayList<>();
        Predicate<LabProjection> stop = s -> {
            boolean done = s.intent(id).map(IntentView::finished).orElse(false);
            seenFinished.add(done);
            return done;
        };
        runUntil(ctx, stop, all -> {
            assertInstanceOf(Outcome.NodeAdded.class, outcome(of(all, id)));
            assertTrue(seenFinished.contains(Boolean.TRUE));
        });
    }

    @Test
    void finished_stays_pending_while_stop_when_does_not_hold(VertxTestContext ctx) {
        String id = submit(new Intent.AddNode("n1", "img"));
        Orchestrator o = orchestrator(s -> false);
        vertx.deployVerticle(o).onComplete(ctx.succeeding(dep -> {
            // poll the log until the intent has its outcome, then give the engine a few more ticks
            long timer = vertx.setPeriodic(20, t -> {
                if (LabProjection.fold(LabNaming.defaultLab(), log.readAll()).intent(id).orElseThrow().finished()) {
                    vertx.cancelTimer(t);
                    vertx.setTimer(200, x -> ctx.verify(() -> {
                        assertFalse(o.finished().isComplete(), "finished although stopWhen never held");
                        ctx.completeNow();
                    }));
                }
            });
            assertTrue(timer >= 0);
        }));
    }

    @Test
    void an_intent_appended_while_the_engine_runs_is_picked_up_from_the_log_tail(VertxTestContext ctx) {
        String id = UUID.randomUUID().toString();
        Orchestrator o = orchestrator(s -> s.intent(id).map(IntentView::finished).orElse(false));
        vertx.deployVerticle(o)
                .compose(dep -> {
                    // like a CLI process appending to the shared log
                    log.append(EventEnvelope.of(LAB, id, null, "cli", new Intent.AddNode("late", "img")));
                    return o.finished();
                })
                .onComplete(ctx.succeeding(v -> ctx.verify(() -> {
                    assertInstanceOf(Outcome.NodeAdded.class, outcome(of(log.readAll(), id)));
                    ctx.completeNow();
                })));
    }

    @Test
    void undeploying_logs_engine_stopped_with_done_once_finished(VertxTestContext ctx) {
        String id = submit(new Intent.AddNode("n1", "img"));
        Orchestrator o = orchestrator(finishedAll(id));
        vertx.deployVerticle(o)
                .compose(dep -> o.finished().compose(v -> vertx.undeploy(dep)))
                .onComplete(ctx.succeeding(v -> ctx.verify(() -> {
                    List<EventEnvelope> all = log.readAll();
                    List<EngineEvent> engine = events(all, EngineEvent.class);
                    assertEquals(2, engine.size(), engine.toString());
                    EngineEvent.EngineStarted started = assertInstanceOf(EngineEvent.EngineStarted.class, engine.get(0));
                    assertEquals("test", started.mode());
                    assertEquals(ProcessHandle.current().pid(), started.pid());
                    assertEquals(new EngineEvent.EngineStopped(ProcessHandle.current().pid(), "done"), engine.get(1));
                    assertInstanceOf(EngineEvent.EngineStopped.class, all.get(all.size() - 1).event());
                    ctx.completeNow();
                })));
    }

    @Test
    void stop_when_holding_on_an_empty_lab_finishes_at_once(VertxTestContext ctx) {
        List<LabProjection> checked = new ArrayList<>();
        Orchestrator o = orchestrator(s -> {
            checked.add(s);
            return true;
        });
        vertx.deployVerticle(o).compose(d -> o.finished()).onComplete(ctx.succeeding(v -> ctx.verify(() -> {
            assertFalse(checked.isEmpty());
            assertTrue(received.isEmpty());
            ctx.completeNow();
        })));
    }
}
