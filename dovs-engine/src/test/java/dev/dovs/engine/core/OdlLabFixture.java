package dev.dovs.engine.core;

import dev.dovs.events.Action;
import dev.dovs.events.Event;
import dev.dovs.events.StepEvent;
import dev.dovs.events.EventEnvelope;
import dev.dovs.engine.odl.OdlController;
import dev.dovs.events.Intent;
import dev.dovs.events.Outcome;
import dev.dovs.events.model.LabNaming;
import dev.dovs.events.model.Topology;
import dev.dovs.events.projection.LabProjection;

import java.time.Instant;
import java.util.List;

/**
 * A projected lab built from the intents and outcomes of successful add-node and add-guest, as the engine sees it,
 * for the ODL planning tests. Nodes are handed to {@link #TARGET} unless told otherwise.
 */
final class OdlLabFixture {
    static final String ODL = "127.0.0.1:8181";
    /** Bridge wait 7 s and binding timeout 30 s, so that a default value taken by mistake shows. */
    static final Intent.ControllerTarget TARGET = OdlController.target(ODL, 7, 30);

    final LabProjection p;
    private long index = 1;
    private int intent;

    OdlLabFixture(LabNaming naming) {
        p = new LabProjection(naming);
    }

    static OdlLabFixture defaultLab() {
        return new OdlLabFixture(LabNaming.defaultLab());
    }

    /** A node added with {@code --odl TARGET}. */
    OdlLabFixture odlNode(String node) {
        return node(node, TARGET);
    }

    /** A node added with {@code odl} (null: a plain node). */
    OdlLabFixture node(String node, Intent.ControllerTarget odl) {
        String id = "i" + intent++;
        apply(id, new Intent.AddNode(node, "img", odl));
        apply(id, new Outcome.NodeAdded(node, p.naming().container(node), "cid", "172.18.0.2", "172.20.0.2"));
        return this;
    }

    OdlLabFixture guest(Intent.AddGuest g) {
        String id = "i" + intent++;
        apply(id, g);
        apply(id, new Outcome.GuestAdded(g.guest(), g.node(), p.naming().netns(g.guest()), LabNaming.tap(g.portId())));
        return this;
    }

    /**
     * An intent decided against an empty ODL, each of its steps logged as succeeded, then its outcome: the ledger
     * holds what it created, as after a real run.
     */
    OdlLabFixture withSteps(Intent in, Outcome outcome) {
        String id = "i" + intent++;
        apply(id, in);
        Decision d = Decider.decide(p, in, dev.dovs.engine.odl.OdlSnapshot.EMPTY);
        for (List<Action> stage : ((Decision.Planned) d).plan().actions()) {
            for (Action a : stage) {
                String step = id + "-" + index;
                apply(id, new StepEvent.StepStarted(step, a, null));
                apply(id, new StepEvent.StepSucceeded(step, java.util.Map.of()));
            }
        }
        apply(id, outcome);
        return this;
    }

    private void apply(String id, Event e) {
        p.apply(new EventEnvelope(index++, Instant.EPOCH, p.naming().lab(), id, null, "t", e));
    }

    /** {@code add-guest --net net [--router router] --odl TARGET}. */
    static Intent.AddGuest odlGuest(String name, String node, String cidr, String mac, String port, String net,
                                    String router) {
        return new Intent.AddGuest(name, node, cidr, mac, port, net, router, Topology.OVERLAY_MTU, TARGET);
    }

    /** JSON written with single quotes, so that expected bodies stay readable; compared as exact text. */
    static String json(String singleQuoted) {
        return singleQuoted.replace('\'', '"');
    }
}
