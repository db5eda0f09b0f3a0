package dev.dovs.events.codec;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.dovs.events.Action;
import dev.dovs.events.EngineEvent;
import dev.dovs.events.Event;
import dev.dovs.events.EventEnvelope;
import dev.dovs.events.Intent;
import dev.dovs.events.Outcome;
import dev.dovs.events.Outcome.Failure;
import dev.dovs.events.StepEvent;
import dev.dovs.events.UnknownEvent;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Pins the on-disk wire form of every event and every action against approved files under
 * {@code src/test/resources/wire/<wire-name>.json}. The log outlives the code: a change that makes one of these tests
 * fail breaks every existing lab log, so approve a new file only for a deliberate, versioned format change.
 * <p>
 * To (re)generate the approved files after such a change: {@code mvn test -pl dovs-events
 * -Dtest=WireFormatTest -Ddovs.wire.approve=true}, then review the diff by eye.
 */
class WireFormatTest {
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    private static final boolean APPROVE = Boolean.getBoolean("dovs.wire.approve");
    private static final Path APPROVED_DIR = Path.of("src", "test", "resources", "wire");

    private static final Instant TIME = Instant.parse("2026-03-01T10:15:30.123Z");
    private static final String LAB = "default";
    private static final String INTENT = "0b7c1a2e-5d4f-4e3a-9b8c-7d6e5f4a3b2c";
    private static final String STEP = "5f0e9c8b-7a6d-4c5b-8e4f-3a2b1c0d9e8f";
    private static final String FWD_STEP = "9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d";
    private static final String PORT = "3d2c1b0a-9f8e-4d7c-8b6a-5f4e3d2c1b0a";
    private static final String ACTOR = "alice@host pid 42";
    private static final String TENANT = "5d806f0e-e197-4a72-88e6-72b024fa5c97";
    private static final Intent.ControllerTarget ODL = new Intent.ControllerTarget(Intent.ControllerKind.ODL,
            "192.0.2.10:8181", Map.of("bridgeWaitSeconds", "5", "bindingTimeoutSeconds", "30"));

    /** Intents as written with a controller (--odl): pinned in their own files, next to the plain forms above. */
    static Map<String, EventEnvelope> controllerIntentSamples() {
        Map<String, EventEnvelope> m = new LinkedHashMap<>();
        m.put("intent.add-node.controller", env(INTENT, null, ACTOR, new Intent.AddNode("n1", "dovs/node:latest",
                ODL)));
        m.put("intent.add-guest.controller", env(INTENT, null, ACTOR, new Intent.AddGuest("g1", "n1", "10.0.0.1/24",
                "fa:16:3e:01:02:03", PORT, "net1", "r1", 1450, ODL)));
        m.put("intent.clean.controller", env(INTENT, null, ACTOR, new Intent.Clean(
                new Intent.ControllerTarget(Intent.ControllerKind.ODL, "192.0.2.10:8181"))));
        m.put("intent.clean.keep-controller", env(INTENT, null, ACTOR, new Intent.Clean(null, true)));
        m.put("intent.add-node.controller-ovn", env(INTENT, null, ACTOR, new Intent.AddNode("n1",
                "dovs/node:latest", new Intent.ControllerTarget(Intent.ControllerKind.OVN, "192.0.2.11:6641"))));
        return m;
    }

    /**
     * Intents as logs written before the generic controller target hold them ({@code "odl":{..}} and
     * {@code "odl":"HOST:PORT"}, {@code keepOdl}), each with the intent it must still decode to: the same meaning
     * as the controller form. Decode-only: nothing writes this form any more.
     */
    static Map<String, EventEnvelope> legacyOdlIntentSamples() {
        Map<String, EventEnvelope> m = new LinkedHashMap<>();
        m.put("intent.add-node.odl", env(INTENT, null, ACTOR, new Intent.AddNode("n1", "dovs/node:latest", ODL)));
        m.put("intent.add-guest.odl", env(INTENT, null, ACTOR, new Intent.AddGuest("g1", "n1", "10.0.0.1/24",
                "fa:16:3e:01:02:03", PORT, "net1", "r1", 1450, ODL)));
        m.put("intent.clean.odl", env(INTENT, null, ACTOR, new Intent.Clean(
                new Intent.ControllerTarget(Intent.ControllerKind.ODL, "192.0.2.10:8181"))));
        m.put("intent.clean.keep-odl", env(INTENT, null, ACTOR, new Intent.Clean(null, true)));
        // the first ODL logs wrote no waits: they meant the defaults of that time, 20 s and 60 s
        m.put("intent.add-node.odl-no-waits", env(INTENT, null, ACTOR, new Intent.AddNode("n1", "dovs/node:latest",
                new Intent.ControllerTarget(Intent.ControllerKind.ODL, "192.0.2.10:8181",
                        Map.of("bridgeWaitSeconds", "20", "bindingTimeoutSeconds", "60")))));
        return m;
    }

    /** One sample per event wire name, as a whole log entry. */
    static Map<String, EventEnvelope> eventSamples() {
        Map<String, EventEnvelope> m = new LinkedHashMap<>();
        m.put("intent.add-node", env(INTENT, null, ACTOR, new Intent.AddNode("n1", "dovs/node:latest")));
        m.put("intent.add-guest", env(INTENT, "1c2d3e4f-0000-4000-8000-000000000001", ACTOR,
                new Intent.AddGuest("g1", "n1", "10.0.0.1/24", "fa:16:3e:01:02:03", PORT, "net1", "r1", 1450)));
        m.put("intent.clean", env(INTENT, null, ACTOR, new Intent.Clean()));
        m.put("intent.move-guest", env(INTENT, null, ACTOR, new Intent.MoveGuest("g1", "n2")));
        m.put("intent.spawn", env(INTENT, null, ACTOR, new Intent.Spawn(
                List.of(new Intent.AddNode("dovs-node-1", "dovs/node:latest")),
                List.of(new Intent.AddGuest("node-1-guest-1", "dovs-node-1", "10.0.0.1/24", "fa:16:3e:01:02:03", PORT,
                        "dovs-net-1", null, 1450)))));
        m.put("step.started", env(INTENT, FWD_STEP, "engine pid 7",
                new StepEvent.StepStarted(STEP, new Action.RemoveContainer("n1", LAB), FWD_STEP)));
        m.put("step.succeeded", env(INTENT, null, "engine pid 7",
                new StepEvent.StepSucceeded(STEP, Map.of("containerId", "c0ffee", "created", "true"))));
        m.put("step.failed", env(INTENT, null, "engine pid 7",
                new StepEvent.StepFailed(STEP, "image not found", Map.of("created", "false"))));
        m.put("outcome.node-added", env(INTENT, null, "engine pid 7",
                new Outcome.NodeAdded("n1", "n1", "c0ffee", "172.18.0.2", "172.19.0.2")));
        m.put("outcome.node-add-failed", env(INTENT, null, "engine pid 7",
                new Outcome.NodeAddFailed("n1", new Failure(Failure.Kind.FAILED, "image not found", true))));
        m.put("outcome.guest-added", env(INTENT, null, "engine pid 7",
                new Outcome.GuestAdded("g1", "n1", "dovs-g1", "tap3d2c1b0a-9f")));
        m.put("outcome.guest-add-failed", env(INTENT, null, "engine pid 7",
                new Outcome.GuestAddFailed("g1", new Failure(Failure.Kind.REJECTED, "node n1 does not exist", true))));
        m.put("outcome.guest-moved", env(INTENT, null, "engine pid 7", new Outcome.GuestMoved("g1", "n1", "n2")));
        m.put("outcome.guest-move-failed", env(INTENT, null, "engine pid 7",
                new Outcome.GuestMoveFailed("g1", new Failure(Failure.Kind.FAILED, "node n2 is not running", true))));
        m.put("outcome.lab-spawned", env(INTENT, null, "engine pid 7", new Outcome.LabSpawned(10, 100)));
        m.put("outcome.lab-spawn-failed", env(INTENT, null, "engine pid 7",
                new Outcome.LabSpawnFailed(new Failure(Failure.Kind.FAILED, "image not found", true))));
        m.put("outcome.lab-cleaned", env(INTENT, null, "engine pid 7", new Outcome.LabCleaned(5, 2)));
        m.put("outcome.lab-clean-failed", env(INTENT, null, "engine pid 7",
                new Outcome.LabCleanFailed(new Failure(Failure.Kind.INTERRUPTED, "engine stopped", false))));
        m.put("step.odl-exchanged", env(INTENT, null, "engine pid 7", new StepEvent.OdlExchanged(STEP, "PUT",
                "/restconf/config/neutron:neutron/routers/router/" + PORT, "{\"router\":[{\"uuid\":\"" + PORT + "\"}]}",
                201, "", 12)));
        m.put("step.ovn-exchanged", env(INTENT, null, "engine pid 7", new StepEvent.OvnExchanged(STEP,
                List.of("ovn-nbctl", "--db=unix:/proc/4242/root/run/ovn/ovnnb_db.sock", "--timeout=10",
                        "--may-exist", "ls-add", "dovs-net1"), 0, "", 21)));
        // issue 12: removal and link impairment
        m.put("intent.del-guest", env(INTENT, null, ACTOR, new Intent.DelGuest("g1")));
        m.put("intent.del-node", env(INTENT, null, ACTOR, new Intent.DelNode("n1", true)));
        m.put("intent.netem", env(INTENT, null, ACTOR, new Intent.Netem("g1",
                new dev.dovs.events.model.Impairment(50, 5, 0.5, "10mbit"))));
        m.put("outcome.guest-removed", env(INTENT, null, "engine pid 7", new Outcome.GuestRemoved("g1", "n1")));
        m.put("outcome.guest-remove-failed", env(INTENT, null, "engine pid 7", new Outcome.GuestRemoveFailed("g1",
                new Failure(Failure.Kind.REJECTED, "guest g1 does not exist", true))));
        m.put("outcome.node-removed", env(INTENT, null, "engine pid 7",
                new Outcome.NodeRemoved("n1", List.of("g1", "g2"))));
        m.put("outcome.node-remove-failed", env(INTENT, null, "engine pid 7", new Outcome.NodeRemoveFailed("n1",
                new Failure(Failure.Kind.REJECTED, "node n1 has guests g1: del-node --force removes them", true))));
        m.put("outcome.netem-set", env(INTENT, null, "engine pid 7", new Outcome.NetemSet("g1",
                new dev.dovs.events.model.Impairment(50, 0, 0, null))));
        m.put("outcome.netem-set-failed", env(INTENT, null, "engine pid 7", new Outcome.NetemSetFailed("g1",
                new Failure(Failure.Kind.FAILED, "tc: RTNETLINK answers: No such file or directory", true))));
        m.put("engine.started", env(null, null, "engine pid 7", new EngineEvent.EngineStarted(7, "daemon", "0.1.0")));
        m.put("engine.stopped", env(null, null, "engine pid 7", new EngineEvent.EngineStopped(7, "done")));
        return m;
    }

    /** One sample per action wire name, as nested in step.started. */
    static Map<String, Action> actionSamples() {
        Map<String, Action> m = new LinkedHashMap<>();
        m.put("docker.ensure-network", new Action.EnsureNetwork("dovs-mgmt", LAB));
        m.put("docker.remove-network", new Action.RemoveNetwork("dovs-int", LAB));
        m.put("docker.create-container", new Action.CreateContainer("n1", "n1", "dovs/node:latest",
                List.of("dovs-mgmt", "dovs-int"), LAB));
        m.put("docker.remove-container", new Action.RemoveContainer("n1", LAB));
        m.put("ovs.create-bridge", new Action.CreateBridge("n1", "br-int", LAB));
        m.put("netns.create", new Action.CreateNamespace("dovs-g1"));
        m.put("netns.delete", new Action.DeleteNamespace("dovs-g1"));
        m.put("netns.create-veth", new Action.CreateVeth("dovs-g1", "eth0", "tap3d2c1b0a-9f", "n1",
                "fa:16:3e:01:02:03", 1450));
        m.put("netns.configure", new Action.ConfigureGuest("dovs-g1", "eth0", "10.0.0.1/24", "10.0.0.254"));
        m.put("netns.create-guests", new Action.CreateGuests("n1", List.of(
                new Action.GuestLink("dovs-g1", "eth0", "tap3d2c1b0a-9f", "fa:16:3e:01:02:03", 1450, "10.0.0.1/24",
                        "10.0.0.254"),
                new Action.GuestLink("dovs-g2", "eth0", "tap4e3d2c1b-0a", "fa:16:3e:01:02:04", 1500, "10.0.0.2/24",
                        null))));
        m.put("netns.delete-namespaces", new Action.DeleteNamespaces(List.of("dovs-g1", "dovs-g2")));
        m.put("ovs.plug-port", new Action.PlugPort("n1", "br-int", "tap3d2c1b0a-9f", PORT, "fa:16:3e:01:02:03",
                "g1", LAB, "{\"name\":\"g1\",\"ns\":\"dovs-g1\"}", 0));
        m.put("ovs.detach-port", new Action.DetachPort(new Action.PlugPort("n1", "br-int", "tap3d2c1b0a-9f", PORT,
                "fa:16:3e:01:02:03", "g1", LAB, "{\"name\":\"g1\"}", 101)));
        m.put("ovs.plug-ports", new Action.PlugPorts("n1", "br-int", List.of(new Action.PlugPort("n1", "br-int",
                "tap3d2c1b0a-9f", PORT, "fa:16:3e:01:02:03", "g1", LAB, "{\"name\":\"g1\"}", 101))));
        m.put("ovs.setup-underlay", new Action.SetupUnderlay("n1", "dovs-int", LAB));
        m.put("ovs.add-tunnels", new Action.AddTunnels("n1", "dovs-int", LAB,
                List.of(new Action.Tunnel("vx3e9a1b2c3d4", "n2", 1001, 101))));
        m.put("ovs.remove-tunnels", new Action.RemoveTunnels("n1", "dovs-int", LAB,
                List.of(new Action.Tunnel("vx3e9a1b2c3d4", "n2", 1001, 101))));
        m.put("ovs.remove-ports", new Action.RemovePorts("n1", "br-int", List.of("vx3e9a1b2c3d4")));
        m.put("netns.enable-forwarding", new Action.EnableForwarding("dovs-qr.r1"));
        m.put("netns.move-link", new Action.MoveLink("tap3d2c1b0a-9f", "n1", "n2"));
        m.put("netns.announce", new Action.Announce("dovs-g1", "eth0", "10.0.0.1"));
        m.put("netns.set-gateway", new Action.SetGateway("dovs-g1", "eth0", "10.0.0.254", null));
        m.put("ovs.unplug-port", new Action.UnplugPort("n1", "br-int", "tap3d2c1b0a-9f"));
        m.put("sweep", new Action.Sweep(Action.Subsystem.NETNS, LAB, "dovs-"));
        m.put("ovs.connect-controller", new Action.ConnectController("n1", "br-int", LAB, "192.0.2.10", "dovs-mgmt",
                "dovs-int", 20, "00000d0f5a1b2c3d"));
        m.put("odl.inspect", new Action.OdlInspect("192.0.2.10:8181", TENANT));
        m.put("odl.put", new Action.OdlPut("192.0.2.10:8181", "subnet", PORT, "net1",
                "{\"subnet\":[{\"uuid\":\"" + PORT + "\",\"cidr\":\"10.0.0.0/24\"}]}"));
        m.put("odl.update", new Action.OdlUpdate("192.0.2.10:8181", "port", PORT, "g1",
                "{\"port\":[{\"uuid\":\"" + PORT + "\",\"neutron-binding:host-id\":\"n2\"}]}",
                "{\"port\":[{\"uuid\":\"" + PORT + "\",\"neutron-binding:host-id\":\"n1\"}]}"));
        m.put("odl.delete", new Action.OdlDelete("192.0.2.10:8181", "port", PORT, "g1"));
        m.put("odl.register-vtep", new Action.OdlRegisterVtep("192.0.2.10:8181", "dovs-tz", "n1", "dovs-int",
                "14354223050028093", "vxlan-n1"));
        m.put("odl.remove-vtep", new Action.OdlRemoveVtep("192.0.2.10:8181", "dovs-tz", "14354223050028093",
                "vxlan-n1"));
        m.put("odl.await-binding", new Action.OdlAwaitBinding("192.0.2.10:8181", PORT, "tap3d2c1b0a-9f", 60));
        m.put("odl.await-unbinding", new Action.OdlAwaitUnbinding("192.0.2.10:8181", PORT, 60));
        m.put("odl.reconcile-switch", new Action.OdlReconcileSwitch("192.0.2.10:8181", "n1", "br-int", 30));
        m.put("odl.sweep", new Action.OdlSweep("192.0.2.10:8181", TENANT, "dovs-tz"));
        Action.OvnDb central = Action.OvnDb.central("dovs-ovn-central");
        m.put("ovn.nb-transact", new Action.OvnNbTransact(central, LAB, "logical switch dovs-net1 for net net1",
                List.of("--may-exist", "ls-add", "dovs-net1", "--", "set", "Logical_Switch", "dovs-net1",
                        "other_config:subnet=10.0.0.0/24", "external_ids:dovs-lab=default"),
                List.of("--if-exists", "ls-del", "dovs-net1")));
        m.put("ovn.start-controller", new Action.OvnStartController("n1", LAB, Action.OvnDb.remote(
                "tcp:192.0.2.11:6641", "tcp:192.0.2.11:6642"), "geneve", "dovs-int", 30));
        m.put("ovn.start-central", new Action.OvnStartCentral("dovs-ovn-central", "dovs/ovn-central:latest",
                "dovs-mgmt", LAB));
        m.put("ovn.remove-chassis", new Action.OvnRemoveChassis(central, "n1"));
        m.put("ovn.await-binding", new Action.OvnAwaitBinding(central, PORT, "n1", 30));
        m.put("ovn.sweep", new Action.OvnSweep(central, LAB));
        m.put("netns.set-netem", new Action.SetNetem("dovs-g1", "eth0",
                new dev.dovs.events.model.Impairment(50, 5, 0.5, "10mbit")));
        m.put("netns.clear-netem", new Action.ClearNetem("dovs-g1", "eth0"));

        return m;
    }

    private static EventEnvelope env(String intent, String cause, String actor, Event event) {
        return new EventEnvelope(1234, TIME, LAB, intent, cause, actor, event);
    }

    @TestFactory
    Stream<DynamicTest> every_event_type_encodes_to_its_approved_json_and_decodes_back() {
        return eventSamples().entrySet().stream().map(e -> DynamicTest.dynamicTest(e.getKey(), () -> {
            // Given a sample entry and its approved wire form
            EventEnvelope sample = e.getValue();
            assertEquals(e.getKey(), EventCodec.wireName(sample.event()), "sample registered under the wrong name");
            String encoded = EventCodec.encode(sample);
            String approved = approved(e.getKey(), JSON.readTree(encoded));

            // Then encoding gives the approved tree
            assertEquals(JSON.readTree(approved), JSON.readTree(encoded), "wire form of " + e.getKey() + " changed");
            // And decoding the approved text gives the sample back
            assertEquals(sample, EventCodec.decode(sample.index(), approved));
        }));
    }

    @TestFactory
    Stream<DynamicTest> every_action_type_encodes_to_its_approved_json_and_decodes_back() {
        return actionSamples().entrySet().stream().map(e -> DynamicTest.dynamicTest(e.getKey(), () -> {
            Action sample = e.getValue();
            assertEquals(e.getKey(), EventCodec.wireName(sample), "sample registered under the wrong name");
            JsonNode encoded = EventCodec.encodeAction(sample);
            String approved = approved(e.getKey(), encoded);

            assertEquals(JSON.readTree(approved), encoded, "wire form of " + e.getKey() + " changed");
            assertEquals(sample, EventCodec.decodeAction(new Fields(e.getKey(), JSON.readTree(approved))));
        }));
    }

    @Test
    void action_nested_in_a_step_started_entry_round_trips_for_every_action_type() {
        for (Action a : actionSamples().values()) {
            EventEnvelope env = env(INTENT, null, "engine", new StepEvent.StepStarted(STEP, a, null));
            assertEquals(env, EventCodec.decode(env.index(), EventCodec.encode(env)), a.toString());
        }
    }

    @TestFactory
    Stream<DynamicTest> legacy_odl_intents_still_decode_to_the_same_meaning() {
        return legacyOdlIntentSamples().entrySet().stream().map(e -> DynamicTest.dynamicTest(e.getKey(), () -> {
            // Given an intent as a log written before the controller target holds it
            String legacy = read(e.getKey());
            assertNotNull(legacy, "missing legacy wire file wire/" + e.getKey() + ".json");
            assertTrue(JSON.readTree(legacy).get("data").has("odl")
                    || JSON.readTree(legacy).get("data").has("keepOdl"), "not a legacy form: " + e.getKey());
            // Then it decodes to the intent a controller target now expresses
            assertEquals(e.getValue(), EventCodec.decode(e.getValue().index(), legacy));
        }));
    }

    @TestFactory
    Stream<DynamicTest> intents_with_a_controller_encode_to_their_approved_json_and_decode_back() {
        return controllerIntentSamples().entrySet().stream().map(e -> DynamicTest.dynamicTest(e.getKey(), () -> {
            EventEnvelope sample = e.getValue();
            String encoded = EventCodec.encode(sample);
            String approved = approved(e.getKey(), JSON.readTree(encoded));
            assertEquals(JSON.readTree(approved), JSON.readTree(encoded), "wire form of " + e.getKey() + " changed");
            assertEquals(sample, EventCodec.decode(sample.index(), approved));
        }));
    }

    @Test
    void samples_cover_every_registered_event_wire_name() {
        assertEquals(new TreeSet<>(EventCodec.eventWireNames()), new TreeSet<>(eventSamples().keySet()));
    }

    @Test
    void samples_cover_every_concrete_event_and_action_record() {
        Set<Class<?>> sampled = new java.util.HashSet<>();
        eventSamples().values().forEach(e -> sampled.add(e.event().getClass()));
        actionSamples().values().forEach(a -> sampled.add(a.getClass()));
        List<Class<?>> missing = new ArrayList<>();
        for (Class<?> c : concreteTypes(Event.class)) {
            if (c != UnknownEvent.class && !sampled.contains(c)) {
                missing.add(c);
            }
        }
        for (Class<?> c : concreteTypes(Action.class)) {
            if (!sampled.contains(c)) {
                missing.add(c);
            }
        }
        assertTrue(missing.isEmpty(), "no wire sample for " + missing);
    }

    @Test
    void every_concrete_event_and_action_record_has_a_codec() {
        // Given every concrete type reachable from the sealed roots
        List<Class<?>> types = new ArrayList<>(concreteTypes(Event.class));
        types.addAll(concreteTypes(Action.class));
        // Sanity: the walk really descends into the sealed sub-interfaces
        assertTrue(types.contains(Intent.AddGuest.class) && types.contains(Outcome.LabCleaned.class)
                && types.contains(Action.Sweep.class), "walk did not reach nested records: " + types);

        // Then each one but UnknownEvent has a codec
        List<String> missing = types.stream()
                .filter(c -> c != UnknownEvent.class && !EventCodec.hasCodec(c))
                .map(Class::getName).toList();
        assertTrue(missing.isEmpty(), "records without a codec (they could not be logged): " + missing);
        assertFalse(EventCodec.hasCodec(UnknownEvent.class), "UnknownEvent is never written");
    }

    @Test
    void approved_wire_files_carry_no_java_class_names() throws IOException {
        List<String> simpleNames = new ArrayList<>();
        concreteTypes(Event.class).forEach(c -> simpleNames.add(c.getSimpleName()));
        concreteTypes(Action.class).forEach(c -> simpleNames.add(c.getSimpleName()));
        Map<String, Object> all = new LinkedHashMap<>(eventSamples());
        all.putAll(actionSamples());
        for (String name : all.keySet()) {
            String text = read(name);
            assertNotNull(text, "missing approved file for " + name);
            assertFalse(text.contains("dev.dovs"), name + " mentions a package");
            for (String simple : simpleNames) {
                assertFalse(text.contains("\"" + simple + "\""), name + " contains the class name " + simple);
            }
        }
    }

    @Test
    void unknown_types_and_garbage_decode_to_unknown_event_without_throwing() {
        // An entry type written by a newer version
        String newer = "{\"v\":2,\"type\":\"intent.add-router\",\"time\":\"2026-03-01T10:15:30Z\",\"lab\":\"x1\","
                + "\"intent\":\"i-1\",\"data\":{\"router\":\"r1\"}}";
        EventEnvelope e = EventCodec.decode(7, newer);
        assertEquals(new UnknownEvent("intent.add-router", newer), e.event());
        assertEquals(7, e.index());
        assertEquals("x1", e.lab());
        assertEquals("i-1", e.intentId());
        assertEquals(Instant.parse("2026-03-01T10:15:30Z"), e.time());
        // It is never re-encoded: what we could not read is kept verbatim
        assertEquals(newer, EventCodec.encode(e));
        assertEquals("intent.add-router", EventCodec.wireName(e.event()));

        List<String> garbage = List.of("", "   ", "not json", "{\"type\":", "[1,2,3]", "42", "null",
                "{\"type\":\"intent.add-node\",\"data\":{\"image\":\"x\"}}",          // known type, missing field
                "{\"type\":\"intent.add-node\"}",                                    // known type, no data
                "{\"type\":\"outcome.node-add-failed\",\"data\":{\"node\":\"n\",\"failure\":{\"kind\":\"weird\","
                        + "\"message\":\"m\"}}}",                                    // unknown enum value
                "{\"type\":\"step.started\",\"data\":{\"step\":\"s\",\"action\":{\"type\":\"k8s.pod\"}}}",
                "{\"type\":\"step.started\",\"data\":{\"step\":\"s\"}}",             // no action
                "{\"type\":\"engine.started\",\"data\":{\"pid\":\"abc\",\"mode\":\"m\",\"version\":\"v\"}}",
                "{\"data\":{}}");
        for (String g : garbage) {
            EventEnvelope d = EventCodec.decode(3, g);
            UnknownEvent u = assertInstanceOf(UnknownEvent.class, d.event(), "for input: " + g);
            assertEquals(g, u.raw(), "raw text kept for: " + g);
            assertEquals(3, d.index());
        }
        assertEquals("<unparsable>", ((UnknownEvent) EventCodec.decode(0, "not json").event()).type());
        assertEquals("intent.add-node",
                ((UnknownEvent) EventCodec.decode(0, "{\"type\":\"intent.add-node\"}").event()).type());
    }

    @Test
    void entries_without_optional_fields_still_decode() {
        // add-guest as an older writer may have left it: no net, no router, no mtu
        String guest = "{\"v\":1,\"type\":\"intent.add-guest\",\"time\":\"2026-03-01T10:15:30Z\",\"lab\":\"default\","
                + "\"intent\":\"i-1\",\"data\":{\"guest\":\"g1\",\"node\":\"n1\",\"cidr\":\"10.0.0.1/24\","
                + "\"mac\":\"fa:16:3e:01:02:03\",\"port\":\"" + PORT + "\"}}";
        EventEnvelope e = EventCodec.decode(1, guest);
        assertEquals(new Intent.AddGuest("g1", "n1", "10.0.0.1/24", "fa:16:3e:01:02:03", PORT, null, null, 1500),
                e.event());
        assertNull(e.causationId());
        assertNull(e.actor());

        // step.started without undoes is a forward step
        String started = "{\"type\":\"step.started\",\"time\":\"2026-03-01T10:15:30Z\",\"lab\":\"default\","
                + "\"data\":{\"step\":\"s1\",\"action\":{\"type\":\"netns.configure\",\"netns\":\"dovs-g1\","
                + "\"ifname\":\"eth0\",\"cidr\":\"10.0.0.1/24\"}}}";
        assertEquals(new StepEvent.StepStarted("s1", new Action.ConfigureGuest("dovs-g1", "eth0", "10.0.0.1/24", null),
                null), EventCodec.decode(1, started).event());

        // step.failed and step.succeeded without facts
        assertEquals(new StepEvent.StepFailed("s1", "boom", Map.of()), EventCodec.decode(1,
                "{\"type\":\"step.failed\",\"data\":{\"step\":\"s1\",\"error\":\"boom\"}}").event());
        assertEquals(new StepEvent.StepSucceeded("s1", Map.of()), EventCodec.decode(1,
                "{\"type\":\"step.succeeded\",\"data\":{\"step\":\"s1\"}}").event());

        // node-added without what the container reported
        assertEquals(new Outcome.NodeAdded("n1", "n1", null, null, null), EventCodec.decode(1,
                "{\"type\":\"outcome.node-added\",\"data\":{\"node\":\"n1\",\"container\":\"n1\"}}").event());

        // a damaged time does not lose the entry
        EventEnvelope noTime = EventCodec.decode(1, "{\"type\":\"intent.clean\",\"time\":\"yesterday\",\"data\":{}}");
        assertEquals(new Intent.Clean(), noTime.event());
        assertEquals(Instant.EPOCH, noTime.time());
    }

    @Test
    void optional_fields_that_are_null_are_left_out_rather_than_written_as_null() throws IOException {
        EventEnvelope e = new EventEnvelope(1, TIME, LAB, null, null, null,
                new Intent.AddGuest("g1", "n1", "10.0.0.1/24", "fa:16:3e:01:02:03", PORT, null, null, 1500));
        JsonNode tree = JSON.readTree(EventCodec.encode(e));
        assertFalse(tree.has("intent") || tree.has("cause") || tree.has("actor"), tree.toString());
        assertFalse(tree.path("data").has("net") || tree.path("data").has("router"), tree.toString());
        assertEquals(e, EventCodec.decode(1, EventCodec.encode(e)));
    }

    @Test
    void json_tree_for_log_export_is_the_wire_form_plus_the_index() throws IOException {
        EventEnvelope sample = eventSamples().get("intent.add-node").withIndex(99);
        JsonNode tree = EventCodec.toJsonTree(sample);
        assertEquals(99, tree.path("index").asLong());
        ((com.fasterxml.jackson.databind.node.ObjectNode) tree).remove("index");
        assertEquals(JSON.readTree(EventCodec.encode(sample)), tree);
    }

    @Test
    void json_export_of_a_damaged_entry_keeps_it_instead_of_throwing() {
        // 'dovs log --json' must keep working past an entry it cannot read, like the text form does
        for (String raw : List.of("not json", "42", "", "[1]")) {
            EventEnvelope damaged = EventCodec.decode(5, raw);
            JsonNode tree = EventCodec.toJsonTree(damaged);
            assertEquals(5, tree.path("index").asLong(), raw);
            assertEquals(raw, tree.path("raw").asText(), raw);
            // and reading the export back still gives an unknown entry, not an exception
            assertInstanceOf(UnknownEvent.class, EventCodec.decode(0, tree.toString()).event());
        }
    }

    // ---------------------------------------------------------------------------------------------------------

    /** Every concrete (non-interface) class reachable from a sealed root through getPermittedSubclasses. */
    static List<Class<?>> concreteTypes(Class<?> root) {
        List<Class<?>> out = new ArrayList<>();
        walk(root, out);
        return out;
    }

    private static void walk(Class<?> c, List<Class<?>> out) {
        if (c.isSealed()) {
            for (Class<?> sub : c.getPermittedSubclasses()) {
                walk(sub, out);
            }
        } else if (c.isInterface()) {
            fail(c.getName() + " is a non-sealed interface under a sealed root: its implementations cannot be "
                    + "enumerated, so their codecs cannot be checked");
        } else {
            out.add(c);
        }
    }

    /** The approved text for a wire name; in approve mode, (re)writes it from {@code actual} first. */
    private static String approved(String wireName, JsonNode actual) throws IOException {
        if (APPROVE) {
            Files.createDirectories(APPROVED_DIR);
            Files.writeString(APPROVED_DIR.resolve(wireName + ".json"), JSON.writeValueAsString(actual) + "\n");
            return JSON.writeValueAsString(actual);
        }
        String text = read(wireName);
        if (text == null) {
            fail("no approved wire file wire/" + wireName + ".json; actual encoding:\n"
                    + JSON.writeValueAsString(actual));
        }
        return text;
    }

    private static String read(String wireName) throws IOException {
        try (InputStream in = WireFormatTest.class.getResourceAsStream("/wire/" + wireName + ".json")) {
            return in == null ? null : new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
