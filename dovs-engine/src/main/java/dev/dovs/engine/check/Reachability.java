package dev.dovs.engine.check;

import dev.dovs.events.projection.GuestView;
import dev.dovs.events.projection.LabProjection;
import dev.dovs.events.projection.NetView;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/** The reachability a lab must have, from its state alone (pure). */
public final class Reachability {
    private Reachability() {
    }

    /** One ordered pair of guests and whether {@code from} must reach {@code to}. */
    public record Pair(GuestView from, GuestView to, boolean expected) {
    }

    /**
     * Same net: reachable. Nets attached to the same router: reachable. Guests without a net: reachable on the
     * same node only (they share its br-int). Everything else must be isolated.
     */
    public static boolean expected(LabProjection state, GuestView a, GuestView b) {
        if (a.net() == null || b.net() == null) {
            return a.net() == null && b.net() == null && a.node().equals(b.node());
        }
        if (a.net().equals(b.net())) {
            return true;
        }
        String ra = state.net(a.net()).map(NetView::router).orElse(null);
        String rb = state.net(b.net()).map(NetView::router).orElse(null);
        return ra != null && Objects.equals(ra, rb);
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

    /** True when {@code to} is on the same L2 segment as {@code from} (so its MAC is in from's neighbour table). */
    public static boolean sameSegment(GuestView from, GuestView to) {
        return from.net() == null ? to.net() == null && from.node().equals(to.node()) : from.net().equals(to.net());
    }
}
