package dev.dovs.engine.check;

import dev.dovs.events.model.Ipv4Cidr;
import dev.dovs.events.projection.GuestView;
import dev.dovs.events.projection.LabProjection;
import dev.dovs.events.projection.NetView;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Random;

/**
 * The reachability a lab must have, from its state alone (pure): the address plan decides, as it would on real
 * hosts (RFC 1122 3.3.1: a destination inside the interface's subnet is on-link and resolved with ARP, anything
 * else goes to a gateway).
 */
public final class Reachability {
    private Reachability() {
    }

    /** One ordered pair of guests and whether {@code from} must reach {@code to}. */
    public record Pair(GuestView from, GuestView to, boolean expected) {
    }

    /**
     * The rules:
     * <ul>
     *   <li>same net: reachable (a net has one subnet);</li>
     *   <li>nets attached to the same router: reachable (each guest's gateway is the router);</li>
     *   <li>guests without a net on the same node share its br-int (one L2 segment, no gateway): reachable only when
     *       each address is inside the other's subnet, since both ends must find the other on-link (an echo whose
     *       reply has no route is lost);</li>
     *   <li>everything else (another node without a net, a net and no net, nets without a common router):
     *       isolated.</li>
     * </ul>
     */
    public static boolean expected(LabProjection state, GuestView a, GuestView b) {
        if (a.net() == null || b.net() == null) {
            return a.net() == null && b.net() == null && a.node().equals(b.node()) && onLink(a, b) && onLink(b, a);
        }
        if (a.net().equals(b.net())) {
            return true;
        }
        String ra = state.net(a.net()).map(NetView::router).orElse(null);
        String rb = state.net(b.net()).map(NetView::router).orElse(null);
        return ra != null && Objects.equals(ra, rb);
    }

    /** True when {@code to}'s address is inside {@code from}'s subnet: {@code from} resolves it with ARP. */
    public static boolean onLink(GuestView from, GuestView to) {
        Ipv4Cidr f = cidr(from);
        Ipv4Cidr t = cidr(to);
        return (t.address() & f.mask()) == f.network();
    }

    private static final Map<String, Ipv4Cidr> PARSED = new java.util.concurrent.ConcurrentHashMap<>();

    /** A guest's address, parsed once (a check of 1,000 guests asks millions of times). */
    static Ipv4Cidr cidr(GuestView g) {
        return PARSED.computeIfAbsent(g.cidr(), Ipv4Cidr::parseHost);
    }

    public static List<Pair> matrix(LabProjection state) {
        List<Pair> out = new ArrayList<>();
        for (GuestView a : state.guests()) {
            for (GuestView b : state.guests()) {
                if (a != b && !a.name().equals(b.name())) {
                    out.add(new Pair(a, b, expected(state, a, b)));
                }
            }
        }
        return out;
    }

    /**
     * True when {@code to} is on {@code from}'s L2 segment and inside its subnet, so that {@code from} resolves it
     * with ARP and its MAC is in {@code from}'s neighbour table: same net, or both without a net on one node with
     * {@code to} on-link.
     */
    public static boolean sameSegment(GuestView from, GuestView to) {
        boolean segment = from.net() == null ? to.net() == null && from.node().equals(to.node())
                : from.net().equals(to.net());
        return segment && onLink(from, to);
    }

    /**
     * The isolation class of a pair: the kind of path the pair must have or must not have. Two pairs of one class
     * exercise the same forwarding rule; a sample keeps at least one pair of each class.
     * Form: {@code <from segment> > <to segment> <same-node|cross-node> <reach|isolated>}, where a segment is
     * {@code net:<name>} or {@code node:<node>} for guests without a net.
     */
    public static String isolationClass(Pair p) {
        return segment(p.from()) + " > " + segment(p.to()) + " "
                + (p.from().node().equals(p.to().node()) ? "same-node" : "cross-node") + " "
                + (p.expected() ? "reach" : "isolated");
    }

    private static String segment(GuestView g) {
        return g.net() == null ? "node:" + g.node() : "net:" + g.net();
    }

    /**
     * A random sample of {@code size} pairs of {@code matrix}: first one pair of every isolation class (chosen at
     * random within the class), then pairs drawn uniformly at random without replacement from the rest. The result
     * has {@code max(size, number of classes)} pairs (all of them when the matrix is smaller), in matrix order.
     *
     * @param size at least 1
     * @throws IllegalArgumentException when {@code size} is below 1
     */
    public static List<Pair> sample(List<Pair> matrix, int size, Random random) {
        if (size < 1) {
            throw new IllegalArgumentException("sample size must be at least 1, not " + size);
        }
        if (size >= matrix.size()) {
            return matrix;
        }
        Map<String, List<Integer>> byClass = new LinkedHashMap<>();
        for (int i = 0; i < matrix.size(); i++) {
            byClass.computeIfAbsent(isolationClass(matrix.get(i)), k -> new ArrayList<>()).add(i);
        }
        boolean[] picked = new boolean[matrix.size()];
        int count = 0;
        for (List<Integer> members : byClass.values()) {
            picked[members.get(random.nextInt(members.size()))] = true;
            count++;
        }
        List<Integer> rest = new ArrayList<>();
        for (int i = 0; i < matrix.size(); i++) {
            if (!picked[i]) {
                rest.add(i);
            }
        }
        Collections.shuffle(rest, random);
        for (int i = 0; count < size && i < rest.size(); i++, count++) {
            picked[rest.get(i)] = true;
        }
        List<Pair> out = new ArrayList<>();
        for (int i = 0; i < matrix.size(); i++) {
            if (picked[i]) {
                out.add(matrix.get(i));
            }
        }
        return out;
    }
}
