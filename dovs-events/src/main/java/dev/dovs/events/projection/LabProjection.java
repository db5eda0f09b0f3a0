package dev.dovs.events.projection;

import dev.dovs.events.Action;
import dev.dovs.events.EventEnvelope;
import dev.dovs.events.Intent;
import dev.dovs.events.Outcome;
import dev.dovs.events.StepEvent;
import dev.dovs.events.model.LabNaming;

import java.util.ArrayList;
import java.util.Collection;
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
    private final Map<String, StepEvent.StepStarted> steps = new HashMap<>();
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
            } else if (ok.createdNothing()) {
                ledger.remove(ok.step());
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
            currentBuild.add(iv.id());
        } else if (outcome instanceof Outcome.GuestAdded && iv.intent() instanceof Intent.AddGuest g) {
            guests.put(g.guest(), new GuestView(g.guest(), g.node(), naming.netns(g.guest()),
                    LabNaming.tap(g.portId()), g.cidr(), g.mac(), g.portId(), g.net(), g.router(), g.mtu(), iv.id()));
            currentBuild.add(iv.id());
        } else if (outcome instanceof Outcome.LabCleaned) {
            nodes.clear();
            guests.clear();
            ledger.clear(); // the sweep removed whatever compensation missed
            if (!currentBuild.isEmpty()) {
                previousBuild = currentBuild;
            }
            currentBuild = new ArrayList<>();
        }
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
