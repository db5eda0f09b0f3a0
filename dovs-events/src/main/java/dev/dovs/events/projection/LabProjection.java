package dev.dovs.events.projection;

import dev.dovs.events.Action;
import dev.dovs.events.EventEnvelope;
import dev.dovs.events.Intent;
import dev.dovs.events.Outcome;
import dev.dovs.events.StepEvent;
import dev.dovs.events.StepResult;
import dev.dovs.events.model.Ipv4Cidr;
import dev.dovs.events.model.LabNaming;
import dev.dovs.events.model.Topology;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.Set;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The lab's state as a fold of its log: {@link #apply} has no side effects and depends only on the events, so
 * folding the same log always gives the same state. Entries at or below the last applied index are ignored, which
 * makes re-reading a log tail harmless.
 */
public final class LabProjection {
    private final LabNaming naming;
    private long lastIndex = EventEnvelope.UNINDEXED;
    private final Map<String, IntentView> intents = new LinkedHashMap<>();
    private final Map<String, NodeView> nodes = new LinkedHashMap<>();
    private final Map<String, GuestView> guests = new LinkedHashMap<>();
    private final Map<String, LedgerEntry> ledger = new LinkedHashMap<>();
    private final Map<String, NetView> nets = new LinkedHashMap<>();
    private final Map<String, RouterView> routers = new LinkedHashMap<>();
    private final Set<String> underlayReady = new HashSet<>();
    private final Map<String, StepResult.ContainerCreated> containerFacts = new HashMap<>();
    private final Map<String, Intent.ControllerTarget> nodeController = new HashMap<>();
    private final Map<String, Intent.ControllerTarget> guestController = new HashMap<>();
    private final Map<String, StepEvent.StepStarted> steps = new HashMap<>();
    private final Map<String, dev.dovs.events.model.Impairment> impairments = new HashMap<>();
    private final Map<String, String> stepIntent = new HashMap<>();
    private List<String> currentBuild = new ArrayList<>();
    private List<String> previousBuild = new ArrayList<>();

    public LabProjection(LabNaming naming) {
        this.naming = naming;
    }

    public static LabProjection fold(LabNaming naming, Iterable<EventEnvelope> log) {
        LabProjection p = new LabProjection(naming);
        log.forEach(p::apply);
        return p;
    }

    public void apply(EventEnvelope env) {
        if (env.index() != EventEnvelope.UNINDEXED && env.index() <= lastIndex) {
            return;
        }
        if (env.index() != EventEnvelope.UNINDEXED) {
            lastIndex = env.index();
        }
        if (env.event() instanceof Intent intent) {
            intents.put(env.intentId(), new IntentView(env.intentId(), env.index(), env.time(), env.actor(),
                    env.causationId(), intent, IntentView.Status.PENDING, null, EventEnvelope.UNINDEXED, null));
        } else if (env.event() instanceof StepEvent step) {
            applyStep(env, step);
        } else if (env.event() instanceof Outcome outcome) {
            applyOutcome(env, outcome);
        }
    }

    private void applyStep(EventEnvelope env, StepEvent step) {
        if (step instanceof StepEvent.StepStarted started) {
            steps.put(started.step(), started);
            stepIntent.put(started.step(), env.intentId());
            IntentView iv = intents.get(env.intentId());
            if (iv != null && iv.status() == IntentView.Status.PENDING) {
                intents.put(iv.id(), iv.withStatus(IntentView.Status.RUNNING));
            }
            // Write-ahead: from here on the resource may exist, whether or not the step finishes.
            if (started.undoes() == null && started.action().undo() != null) {
                ledger.put(started.step(), new LedgerEntry(started.step(), env.intentId(), started.action()));
            }
        } else if (step instanceof StepEvent.StepSucceeded ok) {
            StepEvent.StepStarted started = steps.get(ok.step());
            if (started == null) {
                return;
            }
            if (started.undoes() != null) {
                ledger.remove(started.undoes());
                // what the compensation removed is gone, whichever steps created it (two add-nodes both ensured
                // the lab's networks): every entry it undoes goes, so nothing is planned for removal twice
                ledger.values().removeIf(e -> started.action().equals(e.action().undo()));
                if (started.action() instanceof Action.AddTunnels restored) {
                    // a rollback put back tunnels a forward step had removed: the host holds them again
                    ledger.put(started.step(), new LedgerEntry(started.step(), env.intentId(), restored));
                }
                if (started.action() instanceof Action.RemoveContainer rc) {
                    // the container, and the br-phy set up in it, are gone: a new one needs its underlay again
                    underlayReady.remove(rc.container());
                    containerFacts.remove(rc.container());
                }
            } else if (ok.createdNothing()) {
                ledger.remove(ok.step());
            }
            if (started.undoes() == null && started.action() instanceof Action.RemovePorts rp) {
                forgetTunnels(rp.container(), rp.ports());
            } else if (started.undoes() == null && started.action() instanceof Action.RemoveTunnels rt) {
                forgetTunnels(rt.container(), rt.tunnels().stream().map(Action.Tunnel::port).toList());
            }
            if (started.action() instanceof Action.SetupUnderlay u) {
                underlayReady.add(u.container());
            } else if (started.action() instanceof Action.CreateContainer c) {
                StepResult.ContainerCreated created = StepResult.ContainerCreated.fromFacts(ok.facts());
                if (created != null) {
                    containerFacts.put(c.container(), created);
                }
            }
        } else if (step instanceof StepEvent.StepFailed failed && failed.createdNothing()) {
            ledger.remove(failed.step());
        }
    }

    private void applyOutcome(EventEnvelope env, Outcome outcome) {
        IntentView iv = intents.get(env.intentId());
        if (iv == null) {
            return;
        }
        intents.put(iv.id(), iv.finish(outcome, env.index(), env.time()));
        if (outcome instanceof Outcome.NodeAdded added && iv.intent() instanceof Intent.AddNode add) {
            nodes.put(added.node(), new NodeView(added.node(), added.container(), add.image(), added.containerId(),
                    added.mgmtIp(), added.intIp(), iv.id()));
            putIfSet(nodeController, add.node(), add.controller());
            currentBuild.add(iv.id());
        } else if (outcome instanceof Outcome.GuestAdded && iv.intent() instanceof Intent.AddGuest g) {
            addGuest(g, iv.id());
            currentBuild.add(iv.id());
        } else if (outcome instanceof Outcome.LabSpawned && iv.intent() instanceof Intent.Spawn spawn) {
            for (Intent.AddNode n : spawn.nodes()) {
                String container = naming.container(n.node());
                StepResult.ContainerCreated f = containerFacts.get(container);
                nodes.put(n.node(), new NodeView(n.node(), container, n.image(), f == null ? null : f.containerId(),
                        f == null ? null : f.mgmtIp(), f == null ? null : f.intIp(), iv.id()));
                putIfSet(nodeController, n.node(), n.controller());
            }
            spawn.guests().forEach(g -> addGuest(g, iv.id()));
            currentBuild.add(iv.id());
        } else if (outcome instanceof Outcome.GuestMoved moved) {
            moveGuest(iv.id(), moved);
            currentBuild.add(iv.id());
        } else if (outcome instanceof Outcome.GuestRemoved removed) {
            removeGuest(removed.guest());
            currentBuild.add(iv.id());
        } else if (outcome instanceof Outcome.NodeRemoved removed) {
            removeNode(removed.node());
            currentBuild.add(iv.id());
        } else if (outcome instanceof Outcome.NetemSet set) {
            if (guests.containsKey(set.guest())) {
                if (set.impairment() == null) {
                    impairments.remove(set.guest());
                } else {
                    impairments.put(set.guest(), set.impairment());
                }
                currentBuild.add(iv.id());
            }
        } else if (outcome instanceof Outcome.LabCleaned) {
            nodes.clear();
            guests.clear();
            nets.clear();
            routers.clear();
            underlayReady.clear();
            containerFacts.clear();
            nodeController.clear();
            guestController.clear();
            impairments.clear();
            ledger.clear(); // the sweep removed whatever compensation missed
            if (!currentBuild.isEmpty()) {
                previousBuild = currentBuild;
            }
            currentBuild = new ArrayList<>();
        }
    }

    /** Registers a guest and, on first use, its net and its net's router attachment (deterministic numbering). */
    private void addGuest(Intent.AddGuest g, String intentId) {
        String router = g.router();
        if (g.net() != null) {
            NetView net = nets.get(g.net());
            if (net == null) {
                int k = nets.size() + 1;
                net = new NetView(g.net(), Ipv4Cidr.parseAny(g.cidr()).subnet(), Topology.vni(k), Topology.vlan(k),
                        null);
                nets.put(net.name(), net);
            }
            if (net.router() == null && router != null) {
                attach(router, net, g.node());
                net = nets.get(net.name());
            }
            router = net.router();
        }
        guests.put(g.guest(), new GuestView(g.guest(), g.node(), naming.netns(g.guest()), LabNaming.tap(g.portId()),
                g.cidr(), g.mac(), g.portId(), g.net(), router, g.mtu(), intentId));
        if (g.net() != null) {
            putIfSet(guestController, g.guest(), g.controller()); // without a net, a controller has nothing to manage
        }
    }

    private static void putIfSet(Map<String, Intent.ControllerTarget> map, String key, Intent.ControllerTarget c) {
        if (c != null) {
            map.put(key, c);
        }
    }


    private void attach(String routerName, NetView net, String node) {
        RouterView r = routers.get(routerName);
        if (r == null) {
            r = new RouterView(routerName, node, Topology.routerNetns(naming, routerName), List.of());
        }
        String portId = Topology.routerPortId(routerName, net.name());
        Ipv4Cidr subnet = Ipv4Cidr.parseAny(net.subnet());
        routers.put(routerName, r.with(new RouterView.Port(net.name(), portId, Topology.routerMac(portId),
                Topology.routerIfname(portId), LabNaming.tap(portId), subnet.gatewayIp() + "/" + subnet.prefix())));
        nets.put(net.name(), net.withRouter(routerName));
        // The net's guests from before the attachment are routed now too (their gateway is set by the same intent).
        guests.replaceAll((name, g) -> net.name().equals(g.net()) && g.router() == null
                ? new GuestView(g.name(), g.node(), g.netns(), g.tap(), g.cidr(), g.mac(), g.portId(), g.net(),
                routerName, g.mtu(), g.intentId())
                : g);
    }

    /**
     * After a move the guest lives on the new node; the move's own steps no longer need undoing, only its plug and
     * the tunnels it added.
     */
    private void moveGuest(String intentId, Outcome.GuestMoved moved) {
        GuestView g = guests.get(moved.guest());
        if (g == null) {
            return;
        }
        guests.put(g.name(), new GuestView(g.name(), moved.to(), g.netns(), g.tap(), g.cidr(), g.mac(), g.portId(),
                g.net(), g.router(), g.mtu(), g.intentId()));
        String from = naming.container(moved.from());
        // Kept: the plug at the destination and the tunnels the move added (the host holds them from now on).
        ledger.values().removeIf(e -> (intentId.equals(e.intentId()) && !(e.action() instanceof Action.PlugPort)
                && !(e.action() instanceof Action.AddTunnels))
                || (e.action() instanceof Action.PlugPort p && p.port().equals(g.tap()) && p.container().equals(from)));
    }

    // ---- issue 12: removal and link impairment -----------------------------------------------------------------

    /**
     * A removed guest's forward steps no longer need undoing: its namespace and its port are gone. A batched plug
     * or namespace creation (spawn) keeps its other guests.
     */
    private void removeGuest(String name) {
        GuestView g = guests.remove(name);
        impairments.remove(name);
        guestController.remove(name);
        if (g == null) {
            return;
        }
        String container = naming.container(g.node());
        ledger.values().removeIf(e -> e.action() instanceof Action.CreateNamespace c && c.netns().equals(g.netns())
                || e.action() instanceof Action.PlugPort p && p.port().equals(g.tap())
                && p.container().equals(container));
        ledger.replaceAll((id, e) -> e.action() instanceof Action.PlugPorts pp && pp.container().equals(container)
                && pp.ports().stream().anyMatch(p -> p.port().equals(g.tap()))
                ? new LedgerEntry(e.step(), e.intentId(), new Action.PlugPorts(pp.container(), pp.bridge(),
                pp.ports().stream().filter(p -> !p.port().equals(g.tap())).toList()))
                : e);
        ledger.values().removeIf(e -> e.action() instanceof Action.PlugPorts pp && pp.ports().isEmpty());
        ledger.replaceAll((id, e) -> e.action() instanceof Action.CreateGuests cg
                && cg.guests().stream().anyMatch(l -> l.netns().equals(g.netns()))
                ? new LedgerEntry(e.step(), e.intentId(), new Action.CreateGuests(cg.container(),
                cg.guests().stream().filter(l -> !l.netns().equals(g.netns())).toList()))
                : e);
        ledger.values().removeIf(e -> e.action() instanceof Action.CreateGuests cg && cg.guests().isEmpty());
    }

    /**
     * Tunnel ports a forward step removed (l2population after a del-guest or a move) are no longer on the host: the
     * entries of the steps that added them no longer hold them, so that a later del-node, clean or re-add plans each
     * tunnel port once, from the one entry that created it last.
     */
    private void forgetTunnels(String container, java.util.Collection<String> ports) {
        ledger.replaceAll((id, e) -> e.action() instanceof Action.AddTunnels t && t.container().equals(container)
                && t.tunnels().stream().anyMatch(x -> ports.contains(x.port()))
                ? new LedgerEntry(e.step(), e.intentId(), new Action.AddTunnels(t.container(), t.network(), t.lab(),
                t.tunnels().stream().filter(x -> !ports.contains(x.port())).toList()))
                : e);
        ledger.values().removeIf(e -> e.action() instanceof Action.AddTunnels t && t.tunnels().isEmpty());
    }

    /** A removed node takes its container, its ports and the other nodes' tunnels to it along. */
    private void removeNode(String name) {
        guestsOn(name).forEach(g -> removeGuest(g.name()));
        nodes.remove(name);
        nodeController.remove(name);
        String container = naming.container(name);
        underlayReady.remove(container);
        containerFacts.remove(container);
        ledger.values().removeIf(e -> e.action() instanceof Action.CreateContainer c && c.container().equals(container)
                || e.action() instanceof Action.PlugPort p && p.container().equals(container)
                || e.action() instanceof Action.PlugPorts p && p.container().equals(container)
                || e.action() instanceof Action.AddTunnels t && t.container().equals(container));
        ledger.replaceAll((id, e) -> e.action() instanceof Action.AddTunnels t
                && t.tunnels().stream().anyMatch(x -> x.remote().equals(container))
                ? new LedgerEntry(e.step(), e.intentId(), new Action.AddTunnels(t.container(), t.network(), t.lab(),
                t.tunnels().stream().filter(x -> !x.remote().equals(container)).toList()))
                : e);
        ledger.values().removeIf(e -> e.action() instanceof Action.AddTunnels t && t.tunnels().isEmpty());
    }

    /** The impairment of a guest's link; empty when it has none. */
    public Optional<dev.dovs.events.model.Impairment> impairment(String guest) {
        return Optional.ofNullable(impairments.get(guest));
    }
    // ---- end issue 12 -------------------------------------------------------------------------------------------

    public Collection<NetView> nets() {
        return List.copyOf(nets.values());
    }

    public Optional<NetView> net(String name) {
        return Optional.ofNullable(nets.get(name));
    }

    public Collection<RouterView> routers() {
        return List.copyOf(routers.values());
    }

    public Optional<RouterView> router(String name) {
        return Optional.ofNullable(routers.get(name));
    }

    /** The controller making a node's overlay; empty for a node on dovs' own overlay. */
    public Optional<Intent.ControllerTarget> controllerOfNode(String node) {
        return Optional.ofNullable(nodeController.get(node));
    }

    /** The controller holding a guest's port (a guest on a net of a controller's lab); empty otherwise. */
    public Optional<Intent.ControllerTarget> controllerOfGuest(String guest) {
        return Optional.ofNullable(guestController.get(guest));
    }

    /** The controller of the lab's overlay (that of its nodes: a lab has one or none); empty for dovs' own. */
    public Optional<Intent.ControllerTarget> controller() {
        return nodes.keySet().stream().map(nodeController::get).filter(java.util.Objects::nonNull).findFirst();
    }

    /**
     * Every endpoint of a controller of {@code kind} that may hold objects of the lab: those of its nodes and
     * guests, and those of controller steps not compensated yet (a failed intent whose rollback did not finish). A
     * rolled-back intent leaves none.
     */
    public Set<String> controllerEndpoints(Intent.ControllerKind kind) {
        Set<String> out = new java.util.TreeSet<>();
        nodeController.values().stream().filter(c -> c.kind() == kind).forEach(c -> out.add(c.endpoint()));
        guestController.values().stream().filter(c -> c.kind() == kind).forEach(c -> out.add(c.endpoint()));
        for (LedgerEntry e : ledger.values()) {
            if (e.action() instanceof Action.ControllerAction a && a.controllerKind() == kind
                    && e.action().undo() != null) {
                out.add(a.endpoint());
            }
        }
        return out;
    }

    public boolean underlayReady(String container) {
        return underlayReady.contains(container);
    }

    public LabNaming naming() {
        return naming;
    }

    public long lastIndex() {
        return lastIndex;
    }

    public Collection<NodeView> nodes() {
        return List.copyOf(nodes.values());
    }

    public Optional<NodeView> node(String name) {
        return Optional.ofNullable(nodes.get(name));
    }

    public Collection<GuestView> guests() {
        return List.copyOf(guests.values());
    }

    public Optional<GuestView> guest(String name) {
        return Optional.ofNullable(guests.get(name));
    }

    /**
     * The guest a command names by its exact name or its namespace name ({@link LabNaming#resolveGuest}: the exact
     * name wins).
     */
    public Optional<GuestView> resolveGuest(String nameOrNetns) {
        return naming.resolveGuest(nameOrNetns, guests::containsKey).map(guests::get);
    }

    public List<GuestView> guestsOn(String node) {
        return guests.values().stream().filter(g -> g.node().equals(node)).toList();
    }

    public Optional<IntentView> intent(String id) {
        return Optional.ofNullable(intents.get(id));
    }

    public Collection<IntentView> intents() {
        return List.copyOf(intents.values());
    }

    /** Intents without an outcome, in log order. */
    public List<IntentView> unfinished() {
        return intents.values().stream().filter(i -> !i.finished()).toList();
    }

    /** Forward steps not compensated yet, oldest first. */
    public List<LedgerEntry> ledger() {
        return List.copyOf(ledger.values());
    }

    public List<LedgerEntry> ledgerOf(String intentId) {
        return ledger.values().stream().filter(e -> intentId.equals(e.intentId())).toList();
    }

    public Optional<StepEvent.StepStarted> step(String stepId) {
        return Optional.ofNullable(steps.get(stepId));
    }

    /** The intent a step belongs to. */
    public Optional<String> intentOfStep(String stepId) {
        return Optional.ofNullable(stepIntent.get(stepId));
    }

    /**
     * The successful intents that built the lab as it is now, or, when the lab was cleaned and nothing was built
     * since, those that built it before the clean. This is what {@code replay} re-submits.
     */
    public List<IntentView> buildIntents() {
        List<String> ids = currentBuild.isEmpty() ? previousBuild : currentBuild;
        return ids.stream().map(intents::get).toList();
    }

    /** True when anything of the lab may exist on the host according to the log. */
    public boolean hasResources() {
        return !nodes.isEmpty() || !guests.isEmpty() || !ledger.isEmpty();
    }

    /** Which actions touched a subsystem, for tests and diagnostics. */
    public long ledgerCount(Action.Subsystem subsystem) {
        return ledger.values().stream().filter(e -> e.action().subsystem() == subsystem).count();
    }
}
