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
    private final ProcessRunner runner = new ProcessRunner(Duration.ofSeconds(120));

    public enum Verdict { OK, ISOLATED, UNREACHABLE, LEAK }

    public record Result(GuestView from, GuestView to, boolean expected, boolean reached, Verdict verdict) {
        public boolean mismatch() {
            return verdict == Verdict.UNREACHABLE || verdict == Verdict.LEAK;
        }
    }

    /**
     * Two passes: all pairs at once, then, gently, only the expected-reachable targets that did not answer. On a
     * 2-core host the userspace datapath drops packets when a hundred guests ARP and ping at once; a retry can only
     * turn a false "unreachable" into "reachable", never hide a leak.
     */
    public List<Result> run(LabProjection state, int parallelism) throws InterruptedException {
        List<GuestView> guests = List.copyOf(state.guests());
        List<Reachability.Pair> matrix = Reachability.matrix(state);
        Map<String, Set<String>> targets = new HashMap<>();
        for (GuestView g : guests) {
            Set<String> t = new LinkedHashSet<>();
            guests.stream().filter(o -> o != g).forEach(o -> t.add(ip(o)));
            targets.put(g.name(), t);
        }
        Map<String, Probe> first = probeAll(guests, targets, parallelism);
        Map<String, Set<String>> retry = new HashMap<>();
        for (Reachability.Pair p : matrix) {
            if (p.expected() && !first.get(p.from().name()).alive().contains(ip(p.to()))) {
                retry.computeIfAbsent(p.from().name(), k -> new LinkedHashSet<>()).add(ip(p.to()));
            }
        }
        Map<String, Set<String>> second = confirm(guests, retry, Math.max(2, parallelism * 2));
        List<Result> out = new ArrayList<>();
        for (Reachability.Pair p : matrix) {
            Probe a = first.get(p.from().name());
            Set<String> alive = new HashSet<>(a.alive());
            alive.addAll(second.getOrDefault(p.from().name(), Set.of()));
            out.add(judge(state, guests, p, new Probe(alive, a.neighbours())));
        }
        return out;
    }

    /**
     * Second pass: each missed pair alone with a plain ping (a few packets, a second's patience), a few pairs at a
     * time, so that it does not recreate the burst the first pass suffered from.
     */
    private Map<String, Set<String>> confirm(List<GuestView> guests, Map<String, Set<String>> missed,
                                             int parallelism) throws InterruptedException {
        ExecutorService pool = Executors.newFixedThreadPool(parallelism);
        try {
            Map<String, Map<String, Future<Boolean>>> running = new HashMap<>();
            for (GuestView g : guests) {
                for (String ip : missed.getOrDefault(g.name(), Set.of())) {
                    running.computeIfAbsent(g.name(), k -> new HashMap<>()).put(ip, pool.submit(() -> runner.run(
                            List.of("ip", "netns", "exec", g.netns(), "ping", "-q", "-n", "-c", "3", "-i", "0.3",
                                    "-W", "1", "-w", "3", ip)).ok()));
                }
            }
            Map<String, Set<String>> out = new HashMap<>();
            for (var bySource : running.entrySet()) {
                for (var e : bySource.getValue().entrySet()) {
                    try {
                        if (e.getValue().get()) {
                            out.computeIfAbsent(bySource.getKey(), k -> new HashSet<>()).add(e.getKey());
                        }
                    } catch (java.util.concurrent.ExecutionException ex) {
                        // counts as not reached
                    }
                }
            }
            return out;
        } finally {
            pool.shutdownNow();
        }
    }

    private Map<String, Probe> probeAll(List<GuestView> sources, Map<String, Set<String>> targets, int parallelism)
            throws InterruptedException {
        ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, parallelism));
        try {
            Map<String, Future<Probe>> running = new HashMap<>();
            for (GuestView g : sources) {
                running.put(g.name(), pool.submit(() -> probe(g, targets.get(g.name()))));
            }
            Map<String, Probe> out = new HashMap<>();
            for (var e : running.entrySet()) {
                try {
                    out.put(e.getKey(), e.getValue().get());
                } catch (java.util.concurrent.ExecutionException ex) {
                    out.put(e.getKey(), new Probe(Set.of(), Map.of()));
                }
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
        if (targets == null || targets.isEmpty()) {
            return new Probe(Set.of(), Map.of());
        }
        // Timeout above a second: a lost ARP request is only retransmitted by the kernel after 1 s.
        List<String> argv = new ArrayList<>(List.of("ip", "netns", "exec", from.netns(), "fping", "-a", "-q",
                "-r", "1", "-t", "1200", "-i", "10"));
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
