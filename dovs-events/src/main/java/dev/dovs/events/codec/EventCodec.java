package dev.dovs.events.codec;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.dovs.events.Action;
import dev.dovs.events.EngineEvent.EngineStarted;
import dev.dovs.events.EngineEvent.EngineStopped;
import dev.dovs.events.Event;
import dev.dovs.events.EventEnvelope;
import dev.dovs.events.Intent;
import dev.dovs.events.Intent.AddGuest;
import dev.dovs.events.Intent.AddNode;
import dev.dovs.events.Intent.Clean;
import dev.dovs.events.Intent.MoveGuest;
import dev.dovs.events.Intent.Spawn;
import dev.dovs.events.Outcome.Failure;
import dev.dovs.events.Outcome.GuestAddFailed;
import dev.dovs.events.Outcome.GuestAdded;
import dev.dovs.events.Outcome.GuestMoveFailed;
import dev.dovs.events.Outcome.GuestMoved;
import dev.dovs.events.Outcome.LabSpawnFailed;
import dev.dovs.events.Outcome.LabSpawned;
import dev.dovs.events.Outcome.LabCleanFailed;
import dev.dovs.events.Outcome.LabCleaned;
import dev.dovs.events.Outcome.NodeAddFailed;
import dev.dovs.events.Outcome.NodeAdded;
import dev.dovs.events.Intent.ControllerTarget;
import dev.dovs.events.StepEvent.OdlExchanged;
import dev.dovs.events.StepEvent.OvnExchanged;
import dev.dovs.events.StepEvent.StepFailed;
import dev.dovs.events.StepEvent.StepStarted;
import dev.dovs.events.StepEvent.StepSucceeded;
import dev.dovs.events.UnknownEvent;

import java.time.Instant;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The log's wire format: one JSON object per entry,
 * {@code {"v":1,"type":<wire name>,"time":..,"lab":..,"intent":..,"cause":..,"actor":..,"data":{..}}}.
 * Wire names and field names are part of the on-disk contract and are pinned by tests.
 */
public final class EventCodec {
    public static final int VERSION = 1;
    private static final ObjectMapper JSON = new ObjectMapper();
    /** The option names (and defaults) of the legacy {@code odl} intent field, kept as written then. */
    private static final String LEGACY_ODL_BRIDGE_WAIT = "bridgeWaitSeconds";
    private static final String LEGACY_ODL_BINDING_TIMEOUT = "bindingTimeoutSeconds";
    private static final int LEGACY_ODL_BRIDGE_WAIT_DEFAULT = 20;
    private static final int LEGACY_ODL_BINDING_TIMEOUT_DEFAULT = 60;

    private static final Map<String, Codec<?>> EVENTS_BY_NAME = new LinkedHashMap<>();
    private static final Map<Class<?>, Codec<?>> EVENTS_BY_TYPE = new LinkedHashMap<>();
    private static final Map<String, Codec<?>> ACTIONS_BY_NAME = new LinkedHashMap<>();
    private static final Map<Class<?>, Codec<?>> ACTIONS_BY_TYPE = new LinkedHashMap<>();

    static {
        // Intents
        event(new Codec<>("intent.add-node", AddNode.class, EventCodec::writeAddNode, EventCodec::readAddNode));
        event(new Codec<>("intent.add-guest", AddGuest.class, EventCodec::writeAddGuest, EventCodec::readAddGuest));
        event(new Codec<>("intent.move-guest", MoveGuest.class,
                (e, w) -> w.put("guest", e.guest()).put("node", e.node()),
                r -> new MoveGuest(r.str("guest"), r.str("node"))));
        event(new Codec<>("intent.spawn", Spawn.class,
                (e, w) -> {
                    var nodes = w.putArray("nodes");
                    e.nodes().forEach(n -> writeAddNode(n, nodes.addObject()));
                    var guests = w.putArray("guests");
                    e.guests().forEach(g -> writeAddGuest(g, guests.addObject()));
                },
                r -> new Spawn(r.objects("nodes").stream().map(EventCodec::readAddNode).toList(),
                        r.objects("guests").stream().map(EventCodec::readAddGuest).toList())));
        event(new Codec<>("intent.clean", Clean.class,
                (e, w) -> {
                    writeController(e.controller(), w);
                    if (e.keepController()) {
                        w.put("keepController", true);
                    }
                },
                EventCodec::readClean));

        // Steps
        event(new Codec<>("step.started", StepStarted.class,
                (e, w) -> {
                    w.put("step", e.step());
                    putOpt(w, "undoes", e.undoes());
                    w.set("action", encodeAction(e.action()));
                },
                r -> new StepStarted(r.str("step"), decodeAction(r.obj("action")), r.optStr("undoes"))));
        event(new Codec<>("step.succeeded", StepSucceeded.class,
                (e, w) -> {
                    w.put("step", e.step());
                    ObjectNode facts = w.putObject("facts");
                    new java.util.TreeMap<>(e.facts()).forEach(facts::put);
                },
                r -> new StepSucceeded(r.str("step"), r.map("facts"))));
        event(new Codec<>("step.failed", StepFailed.class,
                (e, w) -> {
                    w.put("step", e.step()).put("error", e.error());
                    if (!e.facts().isEmpty()) {
                        ObjectNode facts = w.putObject("facts");
                        new java.util.TreeMap<>(e.facts()).forEach(facts::put);
                    }
                },
                r -> new StepFailed(r.str("step"), r.str("error"), r.map("facts"))));
        event(new Codec<>("step.odl-exchanged", OdlExchanged.class,
                (e, w) -> {
                    w.put("step", e.step()).put("method", e.method()).put("path", e.path());
                    putOpt(w, "request", e.requestBody());
                    w.put("status", e.status());
                    putOpt(w, "response", e.responseBody());
                    w.put("ms", e.durationMs());
                },
                r -> new OdlExchanged(r.str("step"), r.str("method"), r.str("path"), r.optStr("request"),
                        r.integer("status", 0), r.optStr("response"), r.lng("ms"))));
        event(new Codec<>("step.ovn-exchanged", OvnExchanged.class,
                (e, w) -> {
                    w.put("step", e.step());
                    e.command().forEach(w.putArray("command")::add);
                    w.put("exit", e.exitCode());
                    putOpt(w, "output", e.output());
                    w.put("ms", e.durationMs());
                },
                r -> new OvnExchanged(r.str("step"), r.strings("command"), r.integer("exit", 0), r.optStr("output"),
                        r.lng("ms"))));

        // Outcomes
        event(new Codec<>("outcome.node-added", NodeAdded.class,
                (e, w) -> {
                    w.put("node", e.node()).put("container", e.container());
                    putOpt(w, "containerId", e.containerId());
                    putOpt(w, "mgmtIp", e.mgmtIp());
                    putOpt(w, "intIp", e.intIp());
                },
                r -> new NodeAdded(r.str("node"), r.str("container"), r.optStr("containerId"), r.optStr("mgmtIp"),
                        r.optStr("intIp"))));
        event(new Codec<>("outcome.node-add-failed", NodeAddFailed.class,
                (e, w) -> putFailure(w.put("node", e.node()), e.failure()),
                r -> new NodeAddFailed(r.str("node"), failure(r))));
        event(new Codec<>("outcome.guest-added", GuestAdded.class,
                (e, w) -> w.put("guest", e.guest()).put("node", e.node()).put("netns", e.netns()).put("tap", e.tap()),
                r -> new GuestAdded(r.str("guest"), r.str("node"), r.str("netns"), r.str("tap"))));
        event(new Codec<>("outcome.guest-add-failed", GuestAddFailed.class,
                (e, w) -> putFailure(w.put("guest", e.guest()), e.failure()),
                r -> new GuestAddFailed(r.str("guest"), failure(r))));
        event(new Codec<>("outcome.guest-moved", GuestMoved.class,
                (e, w) -> w.put("guest", e.guest()).put("from", e.from()).put("to", e.to()),
                r -> new GuestMoved(r.str("guest"), r.str("from"), r.str("to"))));
        event(new Codec<>("outcome.guest-move-failed", GuestMoveFailed.class,
                (e, w) -> putFailure(w.put("guest", e.guest()), e.failure()),
                r -> new GuestMoveFailed(r.str("guest"), failure(r))));
        event(new Codec<>("outcome.lab-spawned", LabSpawned.class,
                (e, w) -> w.put("nodes", e.nodes()).put("guests", e.guests()),
                r -> new LabSpawned(r.integer("nodes", 0), r.integer("guests", 0))));
        event(new Codec<>("outcome.lab-spawn-failed", LabSpawnFailed.class,
                (e, w) -> putFailure(w, e.failure()),
                r -> new LabSpawnFailed(failure(r))));
        event(new Codec<>("outcome.lab-cleaned", LabCleaned.class,
                (e, w) -> w.put("compensated", e.compensated()).put("swept", e.swept()),
                r -> new LabCleaned(r.integer("compensated", 0), r.integer("swept", 0))));
        event(new Codec<>("outcome.lab-clean-failed", LabCleanFailed.class,
                (e, w) -> putFailure(w, e.failure()),
                r -> new LabCleanFailed(failure(r))));

        // Engine lifecycle
        event(new Codec<>("engine.started", EngineStarted.class,
                (e, w) -> w.put("pid", e.pid()).put("mode", e.mode()).put("version", e.version()),
                r -> new EngineStarted(r.lng("pid"), r.str("mode"), r.str("version"))));
        event(new Codec<>("engine.stopped", EngineStopped.class,
                (e, w) -> w.put("pid", e.pid()).put("reason", e.reason()),
                r -> new EngineStopped(r.lng("pid"), r.str("reason"))));

        // Actions (nested in step.started)
        action(new Codec<>("docker.ensure-network", Action.EnsureNetwork.class,
                (a, w) -> w.put("network", a.network()).put("lab", a.lab()),
                r -> new Action.EnsureNetwork(r.str("network"), r.str("lab"))));
        action(new Codec<>("docker.remove-network", Action.RemoveNetwork.class,
                (a, w) -> w.put("network", a.network()).put("lab", a.lab()),
                r -> new Action.RemoveNetwork(r.str("network"), r.str("lab"))));
        action(new Codec<>("docker.create-container", Action.CreateContainer.class,
                (a, w) -> {
                    w.put("container", a.container()).put("node", a.node()).put("image", a.image())
                            .put("lab", a.lab());
                    a.networks().forEach(w.putArray("networks")::add);
                },
                r -> new Action.CreateContainer(r.str("container"), r.str("node"), r.str("image"),
                        r.strings("networks"), r.str("lab"))));
        action(new Codec<>("docker.remove-container", Action.RemoveContainer.class,
                (a, w) -> w.put("container", a.container()).put("lab", a.lab()),
                r -> new Action.RemoveContainer(r.str("container"), r.str("lab"))));
        action(new Codec<>("ovs.create-bridge", Action.CreateBridge.class,
                (a, w) -> w.put("container", a.container()).put("bridge", a.bridge()).put("lab", a.lab()),
                r -> new Action.CreateBridge(r.str("container"), r.str("bridge"), r.str("lab"))));
        action(new Codec<>("netns.create", Action.CreateNamespace.class,
                (a, w) -> w.put("netns", a.netns()),
                r -> new Action.CreateNamespace(r.str("netns"))));
        action(new Codec<>("netns.delete", Action.DeleteNamespace.class,
                (a, w) -> w.put("netns", a.netns()),
                r -> new Action.DeleteNamespace(r.str("netns"))));
        action(new Codec<>("netns.create-veth", Action.CreateVeth.class,
                (a, w) -> w.put("netns", a.netns()).put("ifname", a.ifname()).put("peer", a.peer())
                        .put("container", a.container()).put("mac", a.mac()).put("mtu", a.mtu()),
                r -> new Action.CreateVeth(r.str("netns"), r.str("ifname"), r.str("peer"), r.str("container"),
                        r.str("mac"), r.integer("mtu", 1500))));
        action(new Codec<>("netns.configure", Action.ConfigureGuest.class,
                (a, w) -> {
                    w.put("netns", a.netns()).put("ifname", a.ifname()).put("cidr", a.cidr());
                    putOpt(w, "gateway", a.gateway());
                },
                r -> new Action.ConfigureGuest(r.str("netns"), r.str("ifname"), r.str("cidr"), r.optStr("gateway"))));
        action(new Codec<>("netns.create-guests", Action.CreateGuests.class,
                (a, w) -> {
                    w.put("container", a.container());
                    var list = w.putArray("guests");
                    a.guests().forEach(g -> {
                        var o = list.addObject();
                        o.put("netns", g.netns()).put("ifname", g.ifname()).put("peer", g.peer()).put("mac", g.mac())
                                .put("mtu", g.mtu()).put("cidr", g.cidr());
                        putOpt(o, "gateway", g.gateway());
                    });
                },
                r -> new Action.CreateGuests(r.str("container"), r.objects("guests").stream()
                        .map(g -> new Action.GuestLink(g.str("netns"), g.str("ifname"), g.str("peer"), g.str("mac"),
                                g.integer("mtu", 1500), g.str("cidr"), g.optStr("gateway"))).toList())));
        action(new Codec<>("netns.delete-namespaces", Action.DeleteNamespaces.class,
                (a, w) -> {
                    var list = w.putArray("netns");
                    a.netns().forEach(list::add);
                },
                r -> new Action.DeleteNamespaces(r.strings("netns"))));
        action(new Codec<>("ovs.plug-port", Action.PlugPort.class, EventCodec::writePlugPort,
                EventCodec::readPlugPort));
        action(new Codec<>("ovs.plug-ports", Action.PlugPorts.class,
                (a, w) -> {
                    w.put("container", a.container()).put("bridge", a.bridge());
                    var list = w.putArray("ports");
                    a.ports().forEach(p -> writePlugPort(p, list.addObject()));
                },
                r -> new Action.PlugPorts(r.str("container"), r.str("bridge"),
                        r.objects("ports").stream().map(EventCodec::readPlugPort).toList())));
        action(new Codec<>("ovs.detach-port", Action.DetachPort.class,
                (a, w) -> writePlugPort(a.plugged(), w.putObject("plugged")),
                r -> new Action.DetachPort(readPlugPort(r.obj("plugged")))));
        action(new Codec<>("ovs.setup-underlay", Action.SetupUnderlay.class,
                (a, w) -> w.put("container", a.container()).put("network", a.network()).put("lab", a.lab()),
                r -> new Action.SetupUnderlay(r.str("container"), r.str("network"), r.str("lab"))));
        action(new Codec<>("ovs.add-tunnels", Action.AddTunnels.class,
                (a, w) -> {
                    w.put("container", a.container()).put("network", a.network()).put("lab", a.lab());
                    var list = w.putArray("tunnels");
                    a.tunnels().forEach(t -> list.addObject().put("port", t.port()).put("remote", t.remote())
                            .put("vni", t.vni()).put("vlan", t.vlan()));
                },
                r -> new Action.AddTunnels(r.str("container"), r.str("network"), r.str("lab"),
                        r.objects("tunnels").stream().map(t -> new Action.Tunnel(t.str("port"), t.str("remote"),
                                t.integer("vni", 0), t.integer("vlan", 0))).toList())));
        action(new Codec<>("ovs.remove-tunnels", Action.RemoveTunnels.class,
                (a, w) -> {
                    w.put("container", a.container()).put("network", a.network()).put("lab", a.lab());
                    var list = w.putArray("tunnels");
                    a.tunnels().forEach(t -> list.addObject().put("port", t.port()).put("remote", t.remote())
                            .put("vni", t.vni()).put("vlan", t.vlan()));
                },
                r -> new Action.RemoveTunnels(r.str("container"), r.str("network"), r.str("lab"),
                        r.objects("tunnels").stream().map(t -> new Action.Tunnel(t.str("port"), t.str("remote"),
                                t.integer("vni", 0), t.integer("vlan", 0))).toList())));
        action(new Codec<>("ovs.remove-ports", Action.RemovePorts.class,
                (a, w) -> {
                    w.put("container", a.container()).put("bridge", a.bridge());
                    a.ports().forEach(w.putArray("ports")::add);
                },
                r -> new Action.RemovePorts(r.str("container"), r.str("bridge"), r.strings("ports"))));
        action(new Codec<>("netns.enable-forwarding", Action.EnableForwarding.class,
                (a, w) -> w.put("netns", a.netns()),
                r -> new Action.EnableForwarding(r.str("netns"))));
        action(new Codec<>("netns.move-link", Action.MoveLink.class,
                (a, w) -> w.put("link", a.link()).put("from", a.from()).put("to", a.to()),
                r -> new Action.MoveLink(r.str("link"), r.str("from"), r.str("to"))));
        action(new Codec<>("netns.announce", Action.Announce.class,
                (a, w) -> w.put("netns", a.netns()).put("ifname", a.ifname()).put("ip", a.ip()),
                r -> new Action.Announce(r.str("netns"), r.str("ifname"), r.str("ip"))));
        action(new Codec<>("netns.set-gateway", Action.SetGateway.class,
                (a, w) -> {
                    w.put("netns", a.netns()).put("ifname", a.ifname());
                    putOpt(w, "gateway", a.gateway());
                    putOpt(w, "previous", a.previous());
                },
                r -> new Action.SetGateway(r.str("netns"), r.str("ifname"), r.optStr("gateway"),
                        r.optStr("previous"))));
        action(new Codec<>("ovs.unplug-port", Action.UnplugPort.class,
                (a, w) -> w.put("container", a.container()).put("bridge", a.bridge()).put("port", a.port()),
                r -> new Action.UnplugPort(r.str("container"), r.str("bridge"), r.str("port"))));
        action(new Codec<>("ovs.connect-controller", Action.ConnectController.class,
                (a, w) -> w.put("container", a.container()).put("bridge", a.bridge()).put("lab", a.lab())
                        .put("odlHost", a.odlHost()).put("mgmtNetwork", a.mgmtNetwork())
                        .put("underlay", a.underlay()).put("bridgeWaitSeconds", a.bridgeWaitSeconds())
                        .put("datapathId", a.datapathId()),
                r -> new Action.ConnectController(r.str("container"), r.str("bridge"), r.str("lab"),
                        r.str("odlHost"), r.str("mgmtNetwork"), r.str("underlay"),
                        r.integer("bridgeWaitSeconds", LEGACY_ODL_BRIDGE_WAIT_DEFAULT), r.str("datapathId"))));
        action(new Codec<>("odl.inspect", Action.OdlInspect.class,
                (a, w) -> w.put("odl", a.odl()).put("tenant", a.tenant()),
                r -> new Action.OdlInspect(r.str("odl"), r.str("tenant"))));
        action(new Codec<>("odl.put", Action.OdlPut.class,
                (a, w) -> w.put("odl", a.odl()).put("resource", a.resource()).put("uuid", a.uuid())
                        .put("name", a.name()).put("body", a.body()),
                r -> new Action.OdlPut(r.str("odl"), r.str("resource"), r.str("uuid"), r.str("name"),
                        r.str("body"))));
        action(new Codec<>("odl.update", Action.OdlUpdate.class,
                (a, w) -> w.put("odl", a.odl()).put("resource", a.resource()).put("uuid", a.uuid())
                        .put("name", a.name()).put("body", a.body()).put("previousBody", a.previousBody()),
                r -> new Action.OdlUpdate(r.str("odl"), r.str("resource"), r.str("uuid"), r.str("name"),
                        r.str("body"), r.str("previousBody"))));
        action(new Codec<>("odl.delete", Action.OdlDelete.class,
                (a, w) -> w.put("odl", a.odl()).put("resource", a.resource()).put("uuid", a.uuid())
                        .put("name", a.name()),
                r -> new Action.OdlDelete(r.str("odl"), r.str("resource"), r.str("uuid"), r.str("name"))));
        action(new Codec<>("odl.register-vtep", Action.OdlRegisterVtep.class,
                (a, w) -> w.put("odl", a.odl()).put("zone", a.zone()).put("container", a.container())
                        .put("underlay", a.underlay()).put("dpnId", a.dpnId()).put("portname", a.portname()),
                r -> new Action.OdlRegisterVtep(r.str("odl"), r.str("zone"), r.str("container"), r.str("underlay"),
                        r.str("dpnId"), r.str("portname"))));
        action(new Codec<>("odl.remove-vtep", Action.OdlRemoveVtep.class,
                (a, w) -> w.put("odl", a.odl()).put("zone", a.zone()).put("dpnId", a.dpnId())
                        .put("portname", a.portname()),
                r -> new Action.OdlRemoveVtep(r.str("odl"), r.str("zone"), r.str("dpnId"), r.str("portname"))));
        action(new Codec<>("odl.await-binding", Action.OdlAwaitBinding.class,
                (a, w) -> w.put("odl", a.odl()).put("port", a.portUuid()).put("tap", a.tap())
                        .put("timeoutSeconds", a.timeoutSeconds()),
                r -> new Action.OdlAwaitBinding(r.str("odl"), r.str("port"), r.str("tap"),
                        r.integer("timeoutSeconds", LEGACY_ODL_BINDING_TIMEOUT_DEFAULT))));
        action(new Codec<>("odl.await-unbinding", Action.OdlAwaitUnbinding.class,
                (a, w) -> w.put("odl", a.odl()).put("port", a.portUuid()).put("timeoutSeconds", a.timeoutSeconds()),
                r -> new Action.OdlAwaitUnbinding(r.str("odl"), r.str("port"),
                        r.integer("timeoutSeconds", LEGACY_ODL_BINDING_TIMEOUT_DEFAULT))));
        action(new Codec<>("odl.reconcile-switch", Action.OdlReconcileSwitch.class,
                (a, w) -> w.put("odl", a.odl()).put("container", a.container()).put("bridge", a.bridge())
                        .put("timeoutSeconds", a.timeoutSeconds()),
                r -> new Action.OdlReconcileSwitch(r.str("odl"), r.str("container"), r.str("bridge"),
                        r.integer("timeoutSeconds", Action.OdlReconcileSwitch.DEFAULT_TIMEOUT_SECONDS))));
        action(new Codec<>("odl.sweep", Action.OdlSweep.class,
                (a, w) -> w.put("odl", a.odl()).put("tenant", a.tenant()).put("zone", a.zone()),
                r -> new Action.OdlSweep(r.str("odl"), r.str("tenant"), r.str("zone"))));
        action(new Codec<>("ovn.start-central", Action.OvnStartCentral.class,
                (a, w) -> w.put("container", a.container()).put("image", a.image()).put("network", a.network())
                        .put("lab", a.lab()),
                r -> new Action.OvnStartCentral(r.str("container"), r.str("image"), r.str("network"), r.str("lab"))));
        action(new Codec<>("ovn.nb-transact", Action.OvnNbTransact.class,
                (a, w) -> {
                    writeOvnDb(a.db(), w.putObject("db"));
                    w.put("lab", a.lab()).put("summary", a.summary());
                    a.commands().forEach(w.putArray("commands")::add);
                    var undo = w.putArray("undo");
                    a.undoCommands().forEach(undo::add);
                },
                r -> new Action.OvnNbTransact(readOvnDb(r.obj("db")), r.str("lab"), r.str("summary"),
                        r.strings("commands"), r.strings("undo"))));
        action(new Codec<>("ovn.start-controller", Action.OvnStartController.class,
                (a, w) -> {
                    w.put("container", a.container()).put("lab", a.lab());
                    writeOvnDb(a.db(), w.putObject("db"));
                    w.put("encapType", a.encapType()).put("tunnelNetwork", a.tunnelNetwork())
                            .put("timeoutSeconds", a.timeoutSeconds());
                },
                r -> new Action.OvnStartController(r.str("container"), r.str("lab"), readOvnDb(r.obj("db")),
                        r.str("encapType"), r.str("tunnelNetwork"), r.integer("timeoutSeconds", 30))));
        action(new Codec<>("ovn.remove-chassis", Action.OvnRemoveChassis.class,
                (a, w) -> {
                    writeOvnDb(a.db(), w.putObject("db"));
                    w.put("chassis", a.chassis());
                },
                r -> new Action.OvnRemoveChassis(readOvnDb(r.obj("db")), r.str("chassis"))));
        action(new Codec<>("ovn.await-binding", Action.OvnAwaitBinding.class,
                (a, w) -> {
                    writeOvnDb(a.db(), w.putObject("db"));
                    w.put("port", a.port()).put("chassis", a.chassis()).put("timeoutSeconds", a.timeoutSeconds());
                },
                r -> new Action.OvnAwaitBinding(readOvnDb(r.obj("db")), r.str("port"), r.str("chassis"),
                        r.integer("timeoutSeconds", 30))));
        action(new Codec<>("ovn.sweep", Action.OvnSweep.class,
                (a, w) -> {
                    writeOvnDb(a.db(), w.putObject("db"));
                    w.put("lab", a.lab());
                },
                r -> new Action.OvnSweep(readOvnDb(r.obj("db")), r.str("lab"))));
        action(new Codec<>("sweep", Action.Sweep.class,
                (a, w) -> {
                    w.put("target", a.target().name().toLowerCase(java.util.Locale.ROOT)).put("lab", a.lab());
                    putOpt(w, "netnsPrefix", a.netnsPrefix());
                },
                r -> new Action.Sweep(Action.Subsystem.valueOf(r.str("target").toUpperCase(java.util.Locale.ROOT)),
                        r.str("lab"), r.optStr("netnsPrefix"))));
    }

    // ---- issue 12: removal and link impairment (del-guest, del-node, netem) -------------------------------------
    static {
        event(new Codec<>("intent.del-guest", dev.dovs.events.Intent.DelGuest.class,
                (e, w) -> w.put("guest", e.guest()),
                r -> new dev.dovs.events.Intent.DelGuest(r.str("guest"))));
        event(new Codec<>("intent.del-node", dev.dovs.events.Intent.DelNode.class,
                (e, w) -> {
                    w.put("node", e.node());
                    if (e.force()) {
                        w.put("force", true);
                    }
                },
                r -> new dev.dovs.events.Intent.DelNode(r.str("node"), r.bool("force"))));
        event(new Codec<>("intent.netem", dev.dovs.events.Intent.Netem.class,
                (e, w) -> {
                    w.put("guest", e.guest());
                    putImpairment(w, e.impairment());
                },
                r -> new dev.dovs.events.Intent.Netem(r.str("guest"), impairment(r))));
        event(new Codec<>("outcome.guest-removed", dev.dovs.events.Outcome.GuestRemoved.class,
                (e, w) -> w.put("guest", e.guest()).put("node", e.node()),
                r -> new dev.dovs.events.Outcome.GuestRemoved(r.str("guest"), r.str("node"))));
        event(new Codec<>("outcome.guest-remove-failed", dev.dovs.events.Outcome.GuestRemoveFailed.class,
                (e, w) -> putFailure(w.put("guest", e.guest()), e.failure()),
                r -> new dev.dovs.events.Outcome.GuestRemoveFailed(r.str("guest"), failure(r))));
        event(new Codec<>("outcome.node-removed", dev.dovs.events.Outcome.NodeRemoved.class,
                (e, w) -> {
                    w.put("node", e.node());
                    e.guests().forEach(w.putArray("guests")::add);
                },
                r -> new dev.dovs.events.Outcome.NodeRemoved(r.str("node"), r.strings("guests"))));
        event(new Codec<>("outcome.node-remove-failed", dev.dovs.events.Outcome.NodeRemoveFailed.class,
                (e, w) -> putFailure(w.put("node", e.node()), e.failure()),
                r -> new dev.dovs.events.Outcome.NodeRemoveFailed(r.str("node"), failure(r))));
        event(new Codec<>("outcome.netem-set", dev.dovs.events.Outcome.NetemSet.class,
                (e, w) -> {
                    w.put("guest", e.guest());
                    putImpairment(w, e.impairment());
                },
                r -> new dev.dovs.events.Outcome.NetemSet(r.str("guest"), impairment(r))));
        event(new Codec<>("outcome.netem-set-failed", dev.dovs.events.Outcome.NetemSetFailed.class,
                (e, w) -> putFailure(w.put("guest", e.guest()), e.failure()),
                r -> new dev.dovs.events.Outcome.NetemSetFailed(r.str("guest"), failure(r))));
        action(new Codec<>("netns.set-netem", Action.SetNetem.class,
                (a, w) -> {
                    w.put("netns", a.netns()).put("ifname", a.ifname());
                    putImpairment(w, a.impairment());
                },
                r -> new Action.SetNetem(r.str("netns"), r.str("ifname"), impairment(r))));
        action(new Codec<>("netns.clear-netem", Action.ClearNetem.class,
                (a, w) -> w.put("netns", a.netns()).put("ifname", a.ifname()),
                r -> new Action.ClearNetem(r.str("netns"), r.str("ifname"))));
    }

    /** {@code "netem":{"delayMs":..,"jitterMs":..,"lossPercent":..,"rate":..}}, zero and null parts left out. */
    private static void putImpairment(ObjectNode w, dev.dovs.events.model.Impairment i) {
        if (i == null) {
            return;
        }
        ObjectNode n = w.putObject("netem");
        if (i.delayMs() > 0) {
            n.put("delayMs", i.delayMs());
        }
        if (i.jitterMs() > 0) {
            n.put("jitterMs", i.jitterMs());
        }
        if (i.lossPercent() > 0) {
            n.put("lossPercent", i.lossPercent());
        }
        putOpt(n, "rate", i.rate());
    }

    private static dev.dovs.events.model.Impairment impairment(Fields r) {
        Fields n = r.optObj("netem");
        if (n == null) {
            return null;
        }
        try {
            return new dev.dovs.events.model.Impairment(n.integer("delayMs", 0), n.integer("jitterMs", 0),
                    n.dbl("lossPercent", 0), n.optStr("rate"));
        } catch (IllegalArgumentException e) {
            throw new WireFormatException("netem: " + e.getMessage());
        }
    }
    // ---- end issue 12 -------------------------------------------------------------------------------------------

    private EventCodec() {
    }

    private static void event(Codec<?> codec) {
        register(codec, EVENTS_BY_NAME, EVENTS_BY_TYPE);
    }

    private static void action(Codec<?> codec) {
        register(codec, ACTIONS_BY_NAME, ACTIONS_BY_TYPE);
    }

    private static void register(Codec<?> codec, Map<String, Codec<?>> byName, Map<Class<?>, Codec<?>> byType) {
        if (byName.put(codec.wireName(), codec) != null || byType.put(codec.type(), codec) != null) {
            throw new IllegalStateException("duplicate codec " + codec.wireName());
        }
    }

    /** The wire name of an event type, e.g. {@code intent.add-node}. */
    public static String wireName(Event event) {
        if (event instanceof UnknownEvent u) {
            return u.type();
        }
        return codecFor(EVENTS_BY_TYPE, event.getClass()).wireName();
    }

    public static String wireName(Action action) {
        return codecFor(ACTIONS_BY_TYPE, action.getClass()).wireName();
    }

    public static Collection<String> eventWireNames() {
        return List.copyOf(EVENTS_BY_NAME.keySet());
    }

    public static boolean hasCodec(Class<?> type) {
        return EVENTS_BY_TYPE.containsKey(type) || ACTIONS_BY_TYPE.containsKey(type);
    }

    public static String encode(EventEnvelope env) {
        if (env.event() instanceof UnknownEvent u) {
            return u.raw(); // never re-encode what we could not read
        }
        ObjectNode root = JSON.createObjectNode();
        root.put("v", VERSION);
        root.put("type", wireName(env.event()));
        root.put("time", env.time().toString());
        root.put("lab", env.lab());
        putOpt(root, "intent", env.intentId());
        putOpt(root, "cause", env.causationId());
        putOpt(root, "actor", env.actor());
        ObjectNode data = root.putObject("data");
        codecFor(EVENTS_BY_TYPE, env.event().getClass()).write(env.event(), data);
        return root.toString();
    }

    /** Decodes one entry; an unknown type or a damaged body becomes an {@link UnknownEvent}, never an exception. */
    public static EventEnvelope decode(long index, String text) {
        JsonNode root;
        try {
            root = JSON.readTree(text);
        } catch (JsonProcessingException e) {
            return unknown(index, "<unparsable>", text);
        }
        if (root == null || !root.isObject()) {
            return unknown(index, "<unparsable>", text);
        }
        String type = root.path("type").asText("<untyped>");
        Instant time;
        try {
            time = Instant.parse(root.path("time").asText());
        } catch (RuntimeException e) {
            time = Instant.EPOCH;
        }
        String lab = root.path("lab").asText("");
        Codec<?> codec = EVENTS_BY_NAME.get(type);
        Event event;
        if (codec == null) {
            event = new UnknownEvent(type, text);
        } else {
            try {
                event = (Event) codec.reader().apply(new Fields(type, root.path("data")));
            } catch (RuntimeException e) {
                event = new UnknownEvent(type, text);
            }
        }
        return new EventEnvelope(index, time, lab, text(root, "intent"), text(root, "cause"), text(root, "actor"),
                event);
    }

    /** The event's data object alone, for {@code log --json} consumers. */
    public static JsonNode toJsonTree(EventEnvelope env) {
        String text = encode(env);
        JsonNode parsed;
        try {
            parsed = JSON.readTree(text);
        } catch (JsonProcessingException e) {
            parsed = null;
        }
        ObjectNode node;
        if (parsed instanceof ObjectNode o) {
            node = o;
        } else {
            // a damaged entry (UnknownEvent whose raw text is not a JSON object): keep it, verbatim, instead of failing
            node = JSON.createObjectNode();
            node.put("type", wireName(env.event()));
            node.put("raw", text);
        }
        node.put("index", env.index());
        return node;
    }

    /**
     * An event alone, as the envelope's {@code type} and {@code data} without its header: {@code {"type":
     * "outcome.node-added","data":{...}}}. For values that hold an event (a plan's outcome), not for the log.
     */
    public static ObjectNode encodeEvent(Event event) {
        if (event instanceof UnknownEvent) {
            throw new IllegalArgumentException("an unknown event has no encoding of its own");
        }
        ObjectNode node = JSON.createObjectNode();
        node.put("type", wireName(event));
        codecFor(EVENTS_BY_TYPE, event.getClass()).write(event, node.putObject("data"));
        return node;
    }

    /**
     * The inverse of {@link #encodeEvent}.
     *
     * @throws WireFormatException for an unknown type or a missing field
     */
    public static Event decodeEvent(JsonNode node) {
        String type = node.path("type").asText("<untyped>");
        Codec<?> codec = EVENTS_BY_NAME.get(type);
        if (codec == null) {
            throw new WireFormatException("unknown event type '" + type + "'");
        }
        return (Event) codec.reader().apply(new Fields(type, node.path("data")));
    }

    /**
     * An action from its {@link #encodeAction} form.
     *
     * @throws WireFormatException for an unknown type or a missing field
     */
    public static Action decodeAction(JsonNode node) {
        return decodeAction(new Fields(node.path("type").asText("<untyped>"), node));
    }

    public static ObjectNode encodeAction(Action action) {
        ObjectNode node = JSON.createObjectNode();
        Codec<?> codec = codecFor(ACTIONS_BY_TYPE, action.getClass());
        node.put("type", codec.wireName());
        codec.write(action, node);
        return node;
    }

    public static Action decodeAction(Fields fields) {
        String type = fields.str("type");
        Codec<?> codec = ACTIONS_BY_NAME.get(type);
        if (codec == null) {
            throw new WireFormatException("unknown action type '" + type + "'");
        }
        return (Action) codec.reader().apply(fields);
    }

    private static void writeAddNode(AddNode e, ObjectNode w) {
        w.put("node", e.node()).put("image", e.image());
        writeController(e.controller(), w);
    }

    private static AddNode readAddNode(Fields r) {
        return new AddNode(r.str("node"), r.str("image"), readController(r));
    }

    private static void writeAddGuest(AddGuest e, ObjectNode w) {
        w.put("guest", e.guest()).put("node", e.node()).put("cidr", e.cidr()).put("mac", e.mac())
                .put("port", e.portId()).put("mtu", e.mtu());
        putOpt(w, "net", e.net());
        putOpt(w, "router", e.router());
        writeController(e.controller(), w);
    }

    private static AddGuest readAddGuest(Fields r) {
        return new AddGuest(r.str("guest"), r.str("node"), r.str("cidr"), r.str("mac"), r.str("port"),
                r.optStr("net"), r.optStr("router"), r.integer("mtu", 1500), readController(r));
    }

    /**
     * {@code "controller":{"kind":"odl","endpoint":"HOST:PORT","options":{..}}}; absent without a controller (and
     * in logs written before controllers existed).
     */
    private static void writeController(ControllerTarget c, ObjectNode w) {
        if (c != null) {
            ObjectNode o = w.putObject("controller").put("kind", c.kind().wireName()).put("endpoint", c.endpoint());
            if (!c.options().isEmpty()) {
                ObjectNode options = o.putObject("options");
                new java.util.TreeMap<>(c.options()).forEach(options::put);
            }
        }
    }

    /** The controller of an add-node or add-guest: the generic form, else the legacy {@code odl} one, else none. */
    private static ControllerTarget readController(Fields r) {
        Fields c = r.optObj("controller");
        if (c != null) {
            return new ControllerTarget(kind(c.str("kind")), c.str("endpoint"),
                    c.optObj("options") == null ? Map.of() : c.map("options"));
        }
        return readLegacyOdl(r);
    }

    private static Intent.ControllerKind kind(String wireName) {
        try {
            return Intent.ControllerKind.fromWireName(wireName);
        } catch (IllegalArgumentException e) {
            throw new WireFormatException(e.getMessage());
        }
    }

    /**
     * Logs written before the generic controller target carry {@code "odl":{"endpoint":..,"bridgeWaitSeconds":..,
     * "bindingTimeoutSeconds":..}}: the same meaning as an ODL controller target with those options, the
     * defaults of that time (20 s, 60 s) filled in when absent.
     */
    private static ControllerTarget readLegacyOdl(Fields r) {
        Fields o = r.optObj("odl");
        if (o == null) {
            return null;
        }
        return new ControllerTarget(Intent.ControllerKind.ODL, o.str("endpoint"), Map.of(
                LEGACY_ODL_BRIDGE_WAIT, String.valueOf(o.integer(LEGACY_ODL_BRIDGE_WAIT, LEGACY_ODL_BRIDGE_WAIT_DEFAULT)),
                LEGACY_ODL_BINDING_TIMEOUT, String.valueOf(o.integer(LEGACY_ODL_BINDING_TIMEOUT,
                        LEGACY_ODL_BINDING_TIMEOUT_DEFAULT))));
    }

    /**
     * A clean's controller: {@code "controller":{"kind":..,"endpoint":..}}, or the legacy {@code "odl":"HOST:PORT"};
     * {@code keepController}, or the legacy {@code keepOdl}.
     */
    private static Clean readClean(Fields r) {
        ControllerTarget target;
        Fields c = r.optObj("controller");
        if (c != null) {
            target = new ControllerTarget(kind(c.str("kind")), c.str("endpoint"),
                    c.optObj("options") == null ? Map.of() : c.map("options"));
        } else {
            String odl = r.optStr("odl");
            target = odl == null ? null : new ControllerTarget(Intent.ControllerKind.ODL, odl);
        }
        return new Clean(target, r.bool("keepController") || r.bool("keepOdl"));
    }

    private static void writePlugPort(Action.PlugPort a, ObjectNode w) {
        w.put("container", a.container()).put("bridge", a.bridge()).put("port", a.port())
                .put("ifaceId", a.ifaceId()).put("mac", a.mac()).put("guest", a.guest()).put("lab", a.lab())
                .put("info", a.info());
        if (a.tag() != 0) {
            w.put("tag", a.tag());
        }
    }

    private static Action.PlugPort readPlugPort(Fields r) {
        return new Action.PlugPort(r.str("container"), r.str("bridge"), r.str("port"), r.str("ifaceId"),
                r.str("mac"), r.str("guest"), r.str("lab"), r.str("info"), r.integer("tag", 0));
    }

    private static EventEnvelope unknown(long index, String type, String text) {
        return new EventEnvelope(index, Instant.EPOCH, "", null, null, null, new UnknownEvent(type, text));
    }

    private static Codec<?> codecFor(Map<Class<?>, Codec<?>> byType, Class<?> type) {
        Codec<?> codec = byType.get(type);
        if (codec == null) {
            throw new IllegalStateException("no codec for " + type.getName());
        }
        return codec;
    }

    private static String text(JsonNode root, String field) {
        JsonNode v = root.get(field);
        return v == null || v.isNull() ? null : v.asText();
    }

    private static void putOpt(ObjectNode node, String field, String value) {
        if (value != null) {
            node.put(field, value);
        }
    }

    private static void putFailure(ObjectNode w, Failure f) {
        w.putObject("failure").put("kind", f.kind().name().toLowerCase(java.util.Locale.ROOT))
                .put("message", f.message()).put("rolledBack", f.rolledBack());
    }

    private static Failure failure(Fields r) {
        Fields f = r.obj("failure");
        return new Failure(Failure.Kind.valueOf(f.str("kind").toUpperCase(java.util.Locale.ROOT)), f.str("message"),
                f.bool("rolledBack"));
    }

    /** An OVN target: {@code {"central": C}} or {@code {"nb": NB, "sb": SB}}. */
    private static void writeOvnDb(Action.OvnDb db, ObjectNode w) {
        putOpt(w, "central", db.central());
        putOpt(w, "nb", db.nb());
        putOpt(w, "sb", db.sb());
    }

    private static Action.OvnDb readOvnDb(Fields r) {
        return new Action.OvnDb(r.optStr("central"), r.optStr("nb"), r.optStr("sb"));
    }
}
