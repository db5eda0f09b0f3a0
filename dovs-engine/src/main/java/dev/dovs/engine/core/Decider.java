package dev.dovs.engine.core;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.dovs.events.Action;
import dev.dovs.events.Intent;
import dev.dovs.events.Outcome;
import dev.dovs.events.Outcome.Failure;
import dev.dovs.events.model.Ipv4Cidr;
import dev.dovs.events.model.LabNaming;
import dev.dovs.events.projection.GuestView;
import dev.dovs.events.projection.LabProjection;

import java.util.List;

/**
 * Turns an intent into a {@link Plan} or a rejection, from the projected state alone: pure, no I/O, so that every
 * rule is unit-tested without a host. The engine re-decides at apply time because the state may have changed
 * since the CLI submitted.
 */
public final class Decider {
    private static final ObjectMapper JSON = new ObjectMapper();

    private Decider() {
    }

    public static Decision decide(LabProjection state, Intent intent) {
        if (intent instanceof Intent.AddNode add) {
            return addNode(state, add);
        } else if (intent instanceof Intent.AddGuest add) {
            return addGuest(state, add);
        }
        throw new IllegalArgumentException("the decider does not plan " + intent.describe());
    }

    private static Decision addNode(LabProjection state, Intent.AddNode add) {
        if (state.node(add.node()).isPresent()) {
            return reject(new Outcome.NodeAddFailed(add.node(), rejected("node " + add.node() + " already exists")));
        }
        LabNaming n = state.naming();
        String lab = n.lab();
        String container = n.container(add.node());
        List<List<Action>> stages = List.of(
                List.of(new Action.EnsureNetwork(n.mgmtNetwork(), lab), new Action.EnsureNetwork(n.intNetwork(), lab)),
                List.of(new Action.CreateContainer(container, add.node(), add.image(),
                        List.of(n.mgmtNetwork(), n.intNetwork()), lab)),
                List.of(new Action.CreateBridge(container, LabNaming.BRIDGE, lab)));
        return new Decision.Planned(new Plan(stages,
                facts -> new Outcome.NodeAdded(add.node(), container, facts.get("containerId"), facts.get("mgmtIp"),
                        facts.get("intIp")),
                failure -> new Outcome.NodeAddFailed(add.node(), failure)));
    }

    private static Decision addGuest(LabProjection state, Intent.AddGuest add) {
        String problem = guestProblem(state, add);
        if (problem != null) {
            return reject(new Outcome.GuestAddFailed(add.guest(), rejected(problem)));
        }
        LabNaming n = state.naming();
        String container = n.container(add.node());
        String netns = n.netns(add.guest());
        String tap = LabNaming.tap(add.portId());
        String gateway = add.router() == null ? null : Ipv4Cidr.parseHost(add.cidr()).gatewayIp();
        List<List<Action>> stages = List.of(
                List.of(new Action.CreateNamespace(netns)),
                List.of(new Action.CreateVeth(netns, LabNaming.GUEST_IFNAME, tap, container, add.mac(), add.mtu())),
                List.of(new Action.ConfigureGuest(netns, LabNaming.GUEST_IFNAME, add.cidr(), gateway),
                        new Action.PlugPort(container, LabNaming.BRIDGE, tap, add.portId(), add.mac(), add.guest(),
                                n.lab(), dovsInfo(add, netns))));
        return new Decision.Planned(new Plan(stages,
                facts -> new Outcome.GuestAdded(add.guest(), add.node(), netns, tap),
                failure -> new Outcome.GuestAddFailed(add.guest(), failure)));
    }

    /** Null when the guest can be added, else the one-line reason. */
    static String guestProblem(LabProjection state, Intent.AddGuest add) {
        if (state.node(add.node()).isEmpty()) {
            return "node " + add.node() + " does not exist";
        }
        if (state.guest(add.guest()).isPresent()) {
            return "guest " + add.guest() + " already exists";
        }
        Ipv4Cidr ip = Ipv4Cidr.parseHost(add.cidr());
        for (GuestView g : state.guestsOn(add.node())) {
            if (Ipv4Cidr.parseHost(g.cidr()).address() == ip.address() && sameNet(g.net(), add.net())) {
                return "address " + ip.ip() + " is already used by guest " + g.name() + " on node " + add.node();
            }
        }
        for (GuestView g : state.guests()) {
            if (g.portId().equals(add.portId())) {
                return "port " + add.portId() + " is already used by guest " + g.name();
            }
            if (g.mac().equals(add.mac())) {
                return "MAC " + add.mac() + " is already used by guest " + g.name();
            }
        }
        return null;
    }

    private static boolean sameNet(String a, String b) {
        return a == null ? b == null : a.equals(b);
    }

    /** The original's per-port marker, as JSON instead of a Python repr: name, ns, ip, net, router. */
    static String dovsInfo(Intent.AddGuest add, String netns) {
        ObjectNode o = JSON.createObjectNode();
        o.put("name", add.guest()).put("ns", netns).put("ip", add.cidr())
                .put("net", add.net() == null ? "" : add.net()).put("router", add.router() == null ? "" : add.router());
        return o.toString();
    }

    /** The failed twin of an intent's outcome. */
    public static Outcome failureOf(Intent intent, Failure failure) {
        if (intent instanceof Intent.AddNode a) {
            return new Outcome.NodeAddFailed(a.node(), failure);
        } else if (intent instanceof Intent.AddGuest a) {
            return new Outcome.GuestAddFailed(a.guest(), failure);
        } else if (intent instanceof Intent.Clean) {
            return new Outcome.LabCleanFailed(failure);
        }
        throw new IllegalArgumentException("no failure outcome for " + intent.describe());
    }

    private static Decision reject(Outcome outcome) {
        return new Decision.Rejected(outcome);
    }

    private static Failure rejected(String message) {
        return new Failure(Failure.Kind.REJECTED, message, true);
    }
}
