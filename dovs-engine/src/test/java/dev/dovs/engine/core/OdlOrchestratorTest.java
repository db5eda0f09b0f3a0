package dev.dovs.engine.core;

import dev.dovs.engine.odl.OdlSnapshot;
import dev.dovs.events.Action;
import dev.dovs.events.StepResult;
import dev.dovs.events.EventEnvelope;
import dev.dovs.events.Intent;
import dev.dovs.events.Outcome;
import dev.dovs.events.Outcome.Failure;
import dev.dovs.events.StepEvent;
import dev.dovs.events.StepEvent.StepStarted;
import dev.dovs.events.StepEvent.StepSucceeded;
import dev.dovs.events.model.LabNaming;
import dev.dovs.events.projection.LabProjection;
import io.vertx.junit5.VertxTestContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

import static dev.dovs.engine.core.OdlLabFixture.ODL;
import static dev.dovs.engine.core.OdlLabFixture.TARGET;
import static dev.dovs.engine.core.OdlLabFixture.odlGuest;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The orchestrator applying ODL intents, with the {@link OrchestratorTest} harness: a real Vert.x and Chronicle
 * log, and fake subsystem consumers that record each request and answer with scripted facts or failures.
 */
@Timeout(value = 20, unit = TimeUnit.SECONDS)
class OdlOrchestratorTest extends OrchestratorHarness {
    private static final String TENANT = "5d806f0e-e197-4a72-88e6-72b024fa5c97";
    private static final String PORT = "3d2c1b0a-9f8e-4d7c-8b6a-5f4e3d2c1b0a";
    private static final String TAP = "tap3d2c1b0a-9f";
    private static final String MAC = "fa:16:3e:00:00:01";
    private static final Intent.AddGuest GUEST = odlGuest("g1", "n1", "10.0.0.1/24", MAC, PORT, "S", "R");

    private volatile Function<ActionRequest, Reply> script = OdlOrchestratorTest::happy;

    @Override
    Reply answer(ActionRequest request) {
        return script.apply(request);
    }

    /** A failure after which the resource may exist (the default for a failed step). */
    private static Reply failed(String error) {
        return Reply.fail(ActionFailures.MAY_HAVE_CREATED, error);
    }

    private static Reply happy(ActionRequest r) {
        Action a = r.action();
        if (a instanceof Action.OdlInspect) {
            return Reply.ok(OdlSnapshot.EMPTY);
        }
        if (a instanceof Action.CreateContainer c) {
            return Reply.ok(new StepResult.ContainerCreated("cid-" + c.container(), 4242, "172.18.0.2",
                    "172.20.0.2"));
        }
        if (a instanceof Action.Sweep) {
            return Reply.ok(new StepResult.Swept(0));
        }
        if (a instanceof Action.OdlSweep) {
            return Reply.ok(new StepResult.Swept(2));
        }
        return Reply.ok(new StepResult.Created(true));
    }

    private static List<Action> forward(List<EventEnvelope> entries) {
        return events(entries, StepStarted.class).stream().filter(s -> s.undoes() == null).map(StepStarted::action)
                .toList();
    }

    private static List<Action> compensations(List<EventEnvelope> entries) {
        return events(entries, StepStarted.class).stream().filter(s -> s.undoes() != null).map(StepStarted::action)
                .toList();
    }

    /** Short labels, so that a sequence of steps reads at a glance: "put subnet S", "plug", ... */
    private static String label(Action a) {
        if (a instanceof Action.OdlPut p) {
            return "put " + p.resource() + " " + p.name();
        } else if (a instanceof Action.OdlDelete d) {
            return "delete " + d.resource() + " " + d.name();
        }
        return a.getClass().getSimpleName();
    }

    private static List<String> labels(List<Action> actions) {
        return actions.stream().map(OdlOrchestratorTest::label).toList();
    }

    /** Log index where the step running {@code action} started, or ended when {@code end}. */
    private static long at(List<EventEnvelope> entries, Action action, boolean end) {
        String step = events(entries, StepStarted.class).stream().filter(s -> s.action().equals(action))
                .findFirst().orElseThrow(() -> new AssertionError("no step " + action)).step();
        return entries.stream().filter(e -> e.event() instanceof StepEvent s && s.step().equals(step)
                && (end ? !(s instanceof StepStarted) : s instanceof StepStarted))
                .findFirst().orElseThrow().index();
    }

    private static final List<String> GUEST_STEPS = List.of("OdlInspect", "put network dovs-net-S", "put subnet S",
            "put router R", "put port R-S", "put port g1", "CreateGuests", "PlugPort", "OdlAwaitBinding",
            "OdlReconcileSwitch");

    // ---- add-guest -----------------------------------------------------------------------------------------

    @Test
    void an_odl_guest_reads_odl_in_a_logged_step_then_runs_its_plan(VertxTestContext ctx) {
        // Given an ODL node; When add-guest --net S --router R --odl is applied against an empty ODL
        String node = submit(new Intent.AddNode("n1", "img", TARGET));
        String guest = submit(GUEST);

        runUntil(ctx, finishedAll(node, guest), all -> {
            // Then the node was handed to ODL and registered as a VTEP
            assertEquals(List.of("OdlInspect", "EnsureNetwork", "EnsureNetwork", "CreateContainer",
                    "ConnectController", "SetupUnderlay", "OdlRegisterVtep", "OdlReconcileSwitch"),
                    labels(forward(of(all, node))));
            // and the guest's first step read the lab's tenant, its answer logged as the step's facts
            List<EventEnvelope> mine = of(all, guest);
            assertEquals(GUEST_STEPS, labels(forward(mine)));
            assertEquals(new Action.OdlInspect(ODL, TENANT), forward(mine).get(0));
            assertEquals(OdlSnapshot.EMPTY.toJson(), events(mine, StepSucceeded.class).get(0).facts().get("snapshot"));
            assertTrue(compensations(mine).isEmpty());
            assertEquals(new Outcome.GuestAdded("g1", "n1", "dovs-g1", TAP), outcome(mine));
        });
    }

    @Test
    void a_failing_compute_port_deletes_every_odl_object_created_before_in_reverse_order(VertxTestContext ctx) {
        // Given ODL answers 500 to the guest's port
        script = r -> r.action() instanceof Action.OdlPut p && p.name().equals("g1")
                ? failed("PUT /restconf/config/neutron:neutron/ports/port/" + PORT + " -> 500 operation-failed: x")
                : happy(r);
        String node = submit(new Intent.AddNode("n1", "img", TARGET));
        String guest = submit(GUEST);

        runUntil(ctx, finishedAll(node, guest), all -> {
            List<EventEnvelope> mine = of(all, guest);
            // Then no host step ran, and what was put is deleted newest first (the port too: it may exist)
            assertEquals(GUEST_STEPS.subList(0, 6), labels(forward(mine)));
            assertEquals(List.of("delete port g1", "delete port R-S", "delete router R", "delete subnet S",
                    "delete network dovs-net-S"), labels(compensations(mine)));
            for (Action undo : compensations(mine)) {
                assertEquals(ODL, ((Action.OdlDelete) undo).odl());
            }
            assertEquals(new Outcome.GuestAddFailed("g1", new Failure(Failure.Kind.FAILED,
                    "PUT /restconf/config/neutron:neutron/ports/port/" + PORT + " -> 500 operation-failed: x", true)),
                    outcome(mine));
            assertTrue(LabProjection.fold(LabNaming.defaultLab(), all).ledgerOf(guest).isEmpty());
        });
    }

    @Test
    void a_failing_inspect_fails_the_intent_with_nothing_run_afterwards(VertxTestContext ctx) {
        // Given ODL cannot be reached
        String refused = "GET /restconf/config/neutron:neutron/networks -> connection refused by 127.0.0.1:8181 "
                + "(is ODL running?)";
        // (after the node's own check that ODL answers, which passed)
        java.util.concurrent.atomic.AtomicInteger inspects = new java.util.concurrent.atomic.AtomicInteger();
        script = r -> r.action() instanceof Action.OdlInspect && inspects.incrementAndGet() > 1 ? failed(refused)
                : happy(r);
        String node = submit(new Intent.AddNode("n1", "img", TARGET));
        String guest = submit(GUEST);

        runUntil(ctx, finishedAll(node, guest), all -> {
            // Then the read is the guest's only step and the subsystems saw nothing after it
            List<EventEnvelope> mine = of(all, guest);
            assertEquals(List.of("OdlInspect"), labels(forward(mine)));
            assertTrue(compensations(mine).isEmpty());
            assertEquals(new Action.OdlInspect(ODL, TENANT), received.get(received.size() - 1));
            assertEquals(new Outcome.GuestAddFailed("g1", new Failure(Failure.Kind.FAILED, refused, true)),
                    outcome(mine));
        });
    }

    @Test
    void an_odl_guest_on_a_plain_node_is_rejected_without_contacting_odl(VertxTestContext ctx) {
        // Given a plain node and an ODL that cannot be reached
        script = r -> r.action() instanceof Action.OdlInspect ? failed("connection refused") : happy(r);
        String node = submit(new Intent.AddNode("n1", "img"));
        String guest = submit(GUEST);

        runUntil(ctx, finishedAll(node, guest), all -> {
            // Then the guest is refused (exit 2), not failed on the unreachable ODL (exit 1), and ODL was not asked
            assertEquals(new Outcome.GuestAddFailed("g1", new Failure(Failure.Kind.REJECTED,
                    "node n1 was added without --odl: ODL cannot manage its guests", true)), outcome(of(all, guest)));
            assertTrue(events(of(all, guest), StepStarted.class).isEmpty());
            assertTrue(received.stream().noneMatch(a -> a.subsystem() == Action.Subsystem.ODL), received.toString());
        });
    }

    @Test
    void an_exchange_published_while_a_step_runs_is_logged_under_the_steps_intent(VertxTestContext ctx) {
        // Given an ODL verticle that reports its request on Orchestrator.EXCHANGES before answering
        List<StepEvent.OdlExchanged> sent = new CopyOnWriteArrayList<>();
        java.util.concurrent.atomic.AtomicInteger inspects = new java.util.concurrent.atomic.AtomicInteger();
        script = r -> {
            // the guest's read (the node's own check that ODL answers comes first and reports nothing here)
            if (r.action() instanceof Action.OdlInspect && inspects.incrementAndGet() > 1) {
                StepEvent.OdlExchanged x = new StepEvent.OdlExchanged(r.stepId(), "GET",
                        "/restconf/config/neutron:neutron/networks", null, 404, "{}", 3);
                sent.add(x);
                vertx.eventBus().send(Orchestrator.EXCHANGES, x);
            }
            return happy(r);
        };
        String node = submit(new Intent.AddNode("n1", "img", TARGET));
        String guest = submit(GUEST);

        runUntil(ctx, finishedAll(node, guest), all -> {
            // Then the exchange is in the log, with the intent id of the inspect step, after that step started
            assertEquals(1, sent.size());
            List<EventEnvelope> logged = all.stream().filter(e -> e.event() instanceof StepEvent.OdlExchanged)
                    .toList();
            assertEquals(1, logged.size(), logged.toString());
            assertEquals(sent.get(0), logged.get(0).event());
            assertEquals(guest, logged.get(0).intentId());
            assertTrue(logged.get(0).index() > at(of(all, guest), forward(of(all, guest)).get(0), false));
        });
    }

    // ---- del-guest (issue 12) ----------------------------------------------------------------------------------

    @Test
    void del_guest_deletes_the_neutron_port_as_a_compensation_so_clean_does_not_delete_it_again(VertxTestContext ctx) {
        // Given an ODL node and an ODL guest; When the guest is removed, then the lab cleaned
        String node = submit(new Intent.AddNode("n1", "img", TARGET));
        String guest = submit(GUEST);
        String del = submit(new Intent.DelGuest("g1"));
        String clean = submit(new Intent.Clean());

        runUntil(ctx, finishedAll(node, guest, del, clean), all -> {
            List<EventEnvelope> mine = of(all, del);
            // Then the guest's port left br-int, its namespace went, and last its neutron port, undoing the PUT
            assertEquals(List.of("UnplugPort", "DeleteNamespace"), labels(forward(mine)));
            assertEquals(List.of("delete port g1"), labels(compensations(mine)));
            String put = events(of(all, guest), StepStarted.class).stream()
                    .filter(s -> label(s.action()).equals("put port g1")).findFirst().orElseThrow().step();
            assertEquals(put, events(mine, StepStarted.class).get(2).undoes());
            assertEquals(new Outcome.GuestRemoved("g1", "n1"), outcome(mine));
            // and clean deletes the router's port, not g1's a second time
            List<String> cleaned = labels(compensations(of(all, clean)));
            assertTrue(cleaned.contains("delete port R-S"), cleaned.toString());
            assertTrue(!cleaned.contains("delete port g1"), cleaned.toString());
        });
    }

    // ---- clean ---------------------------------------------------------------------------------------------

    @Test
    void clean_deletes_ports_before_subnets_before_routers_before_networks_then_sweeps_the_odl(VertxTestContext ctx) {
        // Given a lab built with an ODL node and an ODL guest
        String node = submit(new Intent.AddNode("n1", "img", TARGET));
        String guest = submit(GUEST);
        // When it is cleaned naming the same ODL the log already names
        String clean = submit(new Intent.Clean(new Intent.ControllerTarget(Intent.ControllerKind.ODL, ODL)));

        runUntil(ctx, finishedAll(node, guest, clean), all -> {
            assertInstanceOf(Outcome.GuestAdded.class, outcome(of(all, guest)));
            List<EventEnvelope> mine = of(all, clean);
            List<Action> undo = compensations(mine);
            // (the VTEP of the switch the add-node made: its logged registration names the datapath id)
            Action.OdlRegisterVtep registered = of(all, node).stream().map(EventEnvelope::event)
                    .filter(StepEvent.StepStarted.class::isInstance).map(e -> ((StepEvent.StepStarted) e).action())
                    .filter(Action.OdlRegisterVtep.class::isInstance).map(Action.OdlRegisterVtep.class::cast)
                    .findFirst().orElseThrow();
            assertTrue(undo.contains(new Action.OdlRemoveVtep(ODL, "dovs-tz", registered.dpnId(), "vxlan-n1")),
                    undo.toString());
            // Then neutron's dependencies are respected: each layer ends before the next starts
            List<List<String>> layers = List.of(List.of("delete port g1", "delete port R-S"),
                    List.of("delete subnet S"), List.of("delete router R"), List.of("delete network dovs-net-S"));
            for (int i = 0; i + 1 < layers.size(); i++) {
                for (String before : layers.get(i)) {
                    for (String after : layers.get(i + 1)) {
                        Action b = undo.stream().filter(a -> label(a).equals(before)).findFirst().orElseThrow();
                        Action a = undo.stream().filter(x -> label(x).equals(after)).findFirst().orElseThrow();
                        assertTrue(at(mine, b, true) < at(mine, a, false), before + " ends before " + after);
                    }
                }
            }
            assertEquals(5, undo.stream().filter(Action.OdlDelete.class::isInstance).count());
            // and the ODL is swept once (the log and the clean name the same one), after the host sweeps
            assertEquals(List.of(new Action.Sweep(Action.Subsystem.NETNS, LAB, "dovs-"),
                    new Action.Sweep(Action.Subsystem.OVS, LAB, null),
                    new Action.Sweep(Action.Subsystem.DOCKER, LAB, null),
                    new Action.OdlSweep(ODL, TENANT, "dovs-tz")), forward(mine));
            // 4 compensations of the node (2 networks, container, VTEP), 7 of the guest (5 objects, netns, port)
            assertEquals(new Outcome.LabCleaned(11, 2), outcome(mine));
        });
    }

    @Test
    void clean_with_an_odl_the_log_never_used_sweeps_that_odl_too(VertxTestContext ctx) {
        // Given an empty lab; When it is cleaned with --odl
        String clean = submit(new Intent.Clean(new Intent.ControllerTarget(Intent.ControllerKind.ODL,
                "10.9.9.9:8181")));

        runUntil(ctx, finishedAll(clean), all -> {
            // Then that ODL is swept for the lab's tenant and zone, found without a log
            assertEquals(List.of(new Action.Sweep(Action.Subsystem.NETNS, LAB, "dovs-"),
                    new Action.Sweep(Action.Subsystem.OVS, LAB, null),
                    new Action.Sweep(Action.Subsystem.DOCKER, LAB, null),
                    new Action.OdlSweep("10.9.9.9:8181", TENANT, "dovs-tz")), forward(of(all, clean)));
            assertEquals(new Outcome.LabCleaned(0, 2), outcome(of(all, clean)));
        });
    }

    @Test
    void clean_keeping_odl_cleans_the_host_only_and_forgets_the_odl_objects(VertxTestContext ctx) {
        // Given a lab built with an ODL node and an ODL guest, whose ODL is gone for good
        String node = submit(new Intent.AddNode("n1", "img", TARGET));
        String guest = submit(GUEST);
        // When it is cleaned keeping the ODL objects
        String clean = submit(new Intent.Clean(null, true));

        runUntil(ctx, finishedAll(node, guest, clean), all -> {
            List<EventEnvelope> mine = of(all, clean);
            // Then no step of the clean talks to ODL, the host is reversed and swept, and the lab is empty
            assertTrue(compensations(mine).stream().noneMatch(a -> a.subsystem() == Action.Subsystem.ODL),
                    compensations(mine).toString());
            assertEquals(List.of(new Action.Sweep(Action.Subsystem.NETNS, LAB, "dovs-"),
                    new Action.Sweep(Action.Subsystem.OVS, LAB, null),
                    new Action.Sweep(Action.Subsystem.DOCKER, LAB, null)), forward(mine));
            // 3 host compensations of the node (2 networks, container), 2 of the guest (netns, port)
            assertEquals(new Outcome.LabCleaned(5, 0), outcome(mine)); // the scripted host sweeps find nothing
        });
    }
}
