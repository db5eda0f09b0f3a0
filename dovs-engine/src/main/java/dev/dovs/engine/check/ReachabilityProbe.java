package dev.dovs.engine.check;

import dev.dovs.engine.exec.ProcessRunner;
import dev.dovs.events.model.Ipv4Cidr;
import dev.dovs.events.projection.GuestView;
import dev.dovs.events.projection.LabProjection;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Measures reachability with real pings: from every guest at once (one fping per guest, pinging all targets in
 * parallel), then compares with {@link Reachability}. Overlapping addresses are told apart by the neighbour MAC a
 * guest learnt for a same-segment target, so a leak between nets that share addresses is caught too.
 */
public final class ReachabilityProbe {
    private final ProcessRunner runner = new ProcessRunner(Duration.ofSeconds(30));

    public enum Verdict { OK, ISOLATED, UNREACHABLE, LEAK }

    public record Result(GuestView from, GuestView to, boolean expected, boolean reached, Verdict verdict) {
        public boolean mismatch() {
            return verdict == Verdict.UNREACHABLE || verdict == Verdict.LEAK;
        }
    }

    public List<Result> run(LabProjection state, int parallelism) throws InterruptedException {
        List<GuestView> guests = List.copyOf(state.guests());
        ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, parallelism));
        try {
            Map<String, Future<Probe>> probes = new HashMap<>();
            for (GuestView g : guests) {
                Set<String> targets = new LinkedHashSet<>();
                guests.stream().filter(t -> t != g).forEach(t -> targets.add(ip(t)));
                probes.put(g.name(), pool.submit(() -> probe(g, targets)));
            }
            List<Result> out = new ArrayList<>();
            for (Reachability.Pair p : Reachability.matrix(state)) {
                Probe probe;
                try {
                    probe = probes.get(p.from().name()).get();
                } catch (java.util.concurrent.ExecutionException e) {
                    probe = new Probe(Set.of(), Map.of());
                }
                out.add(judge(state, guests, p, probe));
            }
            return out;
        } finally {
            pool.shutdownNow();
        }
    }

    private Result judge(LabProjection state, List<GuestView> guests, Reachability.Pair p, Probe probe) {
        String ip = ip(p.to());
        boolean alive = probe.alive().contains(ip);
        String mac = probe.neighbours().get(ip);
        // Another guest reachable from p.from() may hold the same address (overlapping nets): then only the
        // neighbour MAC says who answered.
        boolean shadowed = guests.stream().anyMatch(o -> o != p.to() && o != p.from() && ip(o).equals(ip)
                && Reachability.expected(state, p.from(), o));
        boolean reached;
        if (ip.equals(ip(p.from()))) {
            reached = false; // its own address answers locally: another host there is unreachable by definition
        } else if (Reachability.sameSegment(p.from(), p.to()) || (shadowed && mac != null)) {
            reached = alive && (mac == null || mac.equalsIgnoreCase(p.to().mac()));
        } else {
            reached = alive && !shadowed;
        }
        Verdict v = p.expected() ? (reached ? Verdict.OK : Verdict.UNREACHABLE)
                : (reached ? Verdict.LEAK : Verdict.ISOLATED);
        return new Result(p.from(), p.to(), p.expected(), reached, v);
    }

    private record Probe(Set<String> alive, Map<String, String> neighbours) {
    }

    private Probe probe(GuestView from, Set<String> targets) {
        if (targets.isEmpty()) {
            return new Probe(Set.of(), Map.of());
        }
        List<String> argv = new ArrayList<>(List.of("ip", "netns", "exec", from.netns(), "fping", "-a", "-q",
                "-r", "2", "-t", "400", "-i", "2"));
        argv.addAll(targets);
        Set<String> alive = new HashSet<>(runner.run(argv).stdout().lines().map(String::strip).toList());
        Map<String, String> neigh = new HashMap<>();
        for (String line : runner.run(List.of("ip", "-n", from.netns(), "neigh", "show")).stdout().lines().toList()) {
            String[] f = line.trim().split("\\s+");
            for (int i = 0; i + 1 < f.length; i++) {
                if (f[i].equals("lladdr")) {
                    neigh.put(f[0], f[i + 1]);
                }
            }
        }
        return new Probe(alive, neigh);
    }

    private static String ip(GuestView g) {
        return Ipv4Cidr.parseHost(g.cidr()).ip();
    }
}
