package dev.dovs.engine.check;

import dev.dovs.engine.exec.ProcessRunner;
import dev.dovs.events.model.Ipv4Cidr;
import dev.dovs.events.projection.GuestView;
import dev.dovs.events.projection.LabProjection;
import dev.dovs.events.projection.NetView;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * Measures reachability with real pings and compares it with {@link Reachability}.
 *
 * <p>One process per source guest and round ({@code ip netns exec NS sh -c '"$@"; ip neigh; ip route' - fping
 * ...}: fping to the source's targets, then its neighbour table and routes), in rounds:
 * <ol>
 *   <li><b>resolve</b>: each source pings, paced, the on-link targets it must reach and its gateway, so that the
 *       kernel resolves them with ARP. Of two guests that must reach each other on one segment only one pings
 *       first: the ARP request it sends also teaches the other its MAC (RFC 826: the target of a request records
 *       the sender), which halves the broadcasts;</li>
 *   <li><b>routed</b>, at the same time: each source pings its off-link targets (through its gateway, if any);</li>
 *   <li><b>probe</b>: each source pings its other on-link targets, those that must be isolated included (a target
 *       that answered in the resolve round had its round trip already);</li>
 *   <li><b>confirm</b>: the expected-reachable targets that did not answer, again, with time for the kernel's ARP
 *       retransmissions (one per second).</li>
 * </ol>
 * Every verdict comes from echo replies received in this run; the neighbour entries are only the kernel's own, learnt
 * from ARP (check adds none). The userspace datapath of the nodes drops packets when their underlay socket's
 * receive buffer overflows, which a burst of ARP broadcasts from a hundred guests does: hence the pacing. A retry
 * can only turn a false "unreachable" into "reachable", never hide a leak: a pair that must be isolated is a leak as
 * soon as one round saw it answer. Where nets overlap, the neighbour MAC a source learnt for an on-link target tells
 * which guest answered, so a leak between nets that share addresses is caught too.
 */
public final class ReachabilityProbe {
    /** The script each probe process runs (arguments: the fping command line); no user input reaches it. */
    private static final String SCRIPT = "\"$@\"; echo '#neigh'; ip -4 neigh show; echo '#route'; ip -4 route show";

    /** Covers two ARP retransmissions (the kernel's {@code retrans_time_ms}, 1 s by default). */
    private static final int RESOLVE_TIMEOUT_MS = 2500;
    /** Generous: on a busy host the nodes' queues delay replies by seconds rather than drop them. */
    private static final int PROBE_TIMEOUT_MS = 2500;
    private static final int CONFIRM_TIMEOUT_MS = 1500;
    private static final int CONFIRM_ROUNDS = 3;

    private final ProcessRunner runner = new ProcessRunner(Duration.ofSeconds(60));
    private final Settings settings;

    public enum Verdict { OK, ISOLATED, UNREACHABLE, LEAK }

    /**
     * One pair's verdict. {@code reason}: why an expected pair failed, when dovs knows (the source's or target's
     * namespace missing, its node not running, its port not attached, no route in the source), else null.
     */
    public record Result(GuestView from, GuestView to, boolean expected, boolean reached, Verdict verdict,
                         String reason) {
        public boolean mismatch() {
            return verdict == Verdict.UNREACHABLE || verdict == Verdict.LEAK;
        }
    }

    /**
     * How hard to push the lab.
     *
     * @param processes probe processes running at once (at least 1)
     * @param arpPerSecond ARP broadcasts per second the whole lab may send in the resolve round (at least 1)
     * @param echoPerSecond echo requests per second the whole lab may send in the probe round (at least 1)
     */
    public record Settings(int processes, int arpPerSecond, int echoPerSecond) {
        public Settings {
            if (processes < 1 || arpPerSecond < 1 || echoPerSecond < 1) {
                throw new IllegalArgumentException("probe settings must be positive: " + processes + ", "
                        + arpPerSecond + ", " + echoPerSecond);
            }
        }

        public static Settings defaults() {
            return new Settings(100, 1500, 3000);
        }
    }

    /**
     * Told of each finished probe process: the round ({@code resolve}, {@code routed}, {@code probe}, {@code confirm};
     * the first two run at the same time).
     */
    @FunctionalInterface
    public interface Progress {
        void update(String round, int done, int total);

        /** A round ended: its sources, targets (pings), the pacing interval of each source and its duration. */
        default void roundDone(String round, int sources, int targets, int intervalMs, double seconds) {
        }
    }

    public ReachabilityProbe(Settings settings) {
        this.settings = settings;
    }

    public ReachabilityProbe() {
        this(Settings.defaults());
    }

    /** All ordered pairs of the lab, no known problems. */
    public List<Result> run(LabProjection state) throws InterruptedException {
        return run(state, Reachability.matrix(state), Map::of, (r, d, t) -> { });
    }

    /**
     * Probes {@code pairs} (the whole {@link Reachability#matrix} or a {@link Reachability#sample}).
     *
     * @param problems asked only when some expected pair failed: per guest name, what dovs knows to be wrong with
     *                 it ("namespace missing", "node n1 is paused", "port not attached")
     * @return one result per pair, in the order of {@code pairs}
     */
    public List<Result> run(LabProjection state, List<Reachability.Pair> pairs,
                            Supplier<Map<String, String>> problems, Progress progress) throws InterruptedException {
        Map<String, GuestView> sources = new LinkedHashMap<>();
        Map<String, Set<String>> targets = new HashMap<>();
        for (Reachability.Pair p : pairs) {
            sources.putIfAbsent(p.from().name(), p.from());
            targets.computeIfAbsent(p.from().name(), k -> new LinkedHashSet<>()).add(ip(p.to()));
        }
        // Routed (off-link) targets need no neighbour of the source but its gateway: they are probed while the
        // on-link ones are resolved.
        Map<String, Set<String>> offLink = new HashMap<>();
        targets.forEach((from, t) -> offLink.put(from, new LinkedHashSet<>(t.stream()
                .filter(ip -> !onLink(sources.get(from), ip)).toList())));
        java.util.concurrent.CompletableFuture<Map<String, Probe>> routedRound =
                java.util.concurrent.CompletableFuture.supplyAsync(() -> {
                    try {
                        return round("routed", sources, offLink, settings.echoPerSecond(), 0, PROBE_TIMEOUT_MS,
                                progress);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        throw new java.util.concurrent.CompletionException(e);
                    }
                });
        int arpRate = arpRate(state, settings.arpPerSecond());
        Map<String, Probe> resolve = round("resolve", sources, resolveTargets(state, pairs, sources), arpRate, 0,
                RESOLVE_TIMEOUT_MS, progress);
        Map<String, Probe> routed;
        try {
            routed = routedRound.get();
        } catch (ExecutionException e) {
            Throwable cause = e.getCause() instanceof java.util.concurrent.CompletionException c ? c.getCause()
                    : e.getCause();
            if (cause instanceof InterruptedException ie) {
                throw ie;
            }
            throw new IllegalStateException(e.getCause());
        }
        // A target that answered in the resolve round had its round trip in this run already.
        Map<String, Set<String>> rest = new HashMap<>();
        targets.forEach((from, t) -> {
            Set<String> left = new LinkedHashSet<>(t);
            left.removeAll(offLink.get(from));
            left.removeAll(resolve.getOrDefault(from, Probe.NONE).alive());
            rest.put(from, left);
        });
        Map<String, Probe> probe = round("probe", sources, rest, settings.echoPerSecond(), 0, PROBE_TIMEOUT_MS,
                progress);
        Map<String, Probe> confirm = new HashMap<>();
        Map<String, Set<String>> missed = missed(pairs, resolve, routed, probe);
        // Confirm until everything expected answered or a round brings nothing new: a pair that a patient round
        // (ARP retransmissions included) cannot reach is unreachable.
        for (int i = 0; i < CONFIRM_ROUNDS && !missed.isEmpty(); i++) {
            Map<String, Probe> again = round("confirm", sources, missed,
                    Math.max(1, Math.min(settings.echoPerSecond() / 4, arpRate)), 2, CONFIRM_TIMEOUT_MS, progress);
            boolean progressed = false;
            for (var e : again.entrySet()) {
                progressed |= !e.getValue().alive().isEmpty();
                confirm.merge(e.getKey(), e.getValue(), (a, b) -> Probe.merge(a, b));
            }
            missed = missed(pairs, resolve, routed, probe, confirm);
            if (!progressed) {
                break;
            }
        }
        Map<String, List<GuestView>> holders = new HashMap<>();
        state.guests().forEach(g -> holders.computeIfAbsent(ip(g), k -> new ArrayList<>()).add(g));
        List<Result> out = new ArrayList<>(pairs.size());
        Map<String, String> known = missed.isEmpty() ? Map.of() : problems.get();
        for (Reachability.Pair p : pairs) {
            String from = p.from().name();
            Probe merged = Probe.merge(routed.get(from), resolve.get(from), probe.get(from), confirm.get(from));
            out.add(judge(state, holders, p, merged, known));
        }
        return out;
    }

    /** The segment size {@link Settings#arpPerSecond()} is meant for. */
    static final int REFERENCE_SEGMENT = 50;

    /**
     * The ARP rate for this lab: a broadcast costs one delivery per port of its segment (every guest's kernel and
     * every node's OVS handle it), so the rate given for segments of {@value #REFERENCE_SEGMENT} ports is scaled down
     * for larger ones (250 guests on one net: a fifth).
     */
    static int arpRate(LabProjection state, int perSecond) {
        Map<String, Integer> sizes = new HashMap<>();
        for (GuestView g : state.guests()) {
            sizes.merge(g.net() == null ? "node:" + g.node() : "net:" + g.net(), 1, Integer::sum);
        }
        int largest = sizes.values().stream().mapToInt(Integer::intValue).max().orElse(1);
        return Math.max(1, (int) ((long) perSecond * REFERENCE_SEGMENT / Math.max(REFERENCE_SEGMENT, largest)));
    }

    /** True when {@code ip} is inside {@code from}'s subnet (resolved with ARP, not sent to a gateway). */
    private static boolean onLink(GuestView from, String ip) {
        Ipv4Cidr f = Reachability.cidr(from);
        return (Ipv4Cidr.parseAny(ip + "/32").address() & f.mask()) == f.network();
    }

    /** Per source, the expected-reachable targets that no round has seen answer. */
    @SafeVarargs
    private static Map<String, Set<String>> missed(List<Reachability.Pair> pairs, Map<String, Probe>... rounds) {
        Map<String, Set<String>> out = new HashMap<>();
        for (Reachability.Pair p : pairs) {
            if (!p.expected()) {
                continue;
            }
            String from = p.from().name();
            boolean probed = false;
            boolean alive = false;
            for (Map<String, Probe> r : rounds) {
                Probe pr = r.get(from);
                probed |= pr != null;
                alive |= pr != null && pr.alive().contains(ip(p.to()));
            }
            if (probed && !alive) {
                out.computeIfAbsent(from, k -> new LinkedHashSet<>()).add(ip(p.to()));
            }
        }
        return out;
    }

    /**
     * The resolve round's targets: per source, the expected-reachable on-link targets that it, rather than the
     * target, resolves (when both probe each other, the one met first in {@code pairs}), and its gateway when it has
     * a target off-link.
     */
    static Map<String, Set<String>> resolveTargets(LabProjection state, List<Reachability.Pair> pairs,
                                                   Map<String, GuestView> sources) {
        Set<String> probed = new HashSet<>();
        pairs.forEach(p -> probed.add(p.from().name() + "\u0000" + p.to().name()));
        List<String> order = new ArrayList<>(sources.keySet());
        Map<String, Integer> rank = new HashMap<>();
        for (int i = 0; i < order.size(); i++) {
            rank.put(order.get(i), i);
        }
        Map<String, Set<String>> out = new HashMap<>();
        for (Reachability.Pair p : pairs) {
            String from = p.from().name();
            if (!sources.containsKey(from)) {
                continue;
            }
            if (Reachability.onLink(p.from(), p.to())) {
                boolean mutual = p.expected() && sources.containsKey(p.to().name())
                        && probed.contains(p.to().name() + "\u0000" + from) && Reachability.onLink(p.to(), p.from());
                if (p.expected() && (!mutual || resolves(rank.get(from), rank.get(p.to().name())))) {
                    out.computeIfAbsent(from, k -> new LinkedHashSet<>()).add(ip(p.to()));
                }
            } else if (p.from().net() != null) {
                boolean routed = state.net(p.from().net()).map(NetView::router).isPresent();
                if (routed) {
                    out.computeIfAbsent(from, k -> new LinkedHashSet<>())
                            .add(Reachability.cidr(p.from()).gatewayIp());
                }
            }
        }
        return out;
    }

    /**
     * Of two sources that must reach each other on-link, whether the one ranked {@code a} resolves the one ranked
     * {@code b}: the lower rank if the sum is odd, the higher one if even, so that each source resolves about half
     * of its peers (a balanced orientation of the complete graph) and the round lasts half as long.
     */
    static boolean resolves(int a, int b) {
        return (a < b) == (((a + b) & 1) == 1);
    }

    /**
     * One round: a probe process per source with targets, at most {@link Settings#processes} at once, each pacing
     * its pings so that the whole lab sends about {@code perSecond} packets a second.
     */
    private Map<String, Probe> round(String name, Map<String, GuestView> sources, Map<String, Set<String>> targets,
                                     int perSecond, int retries, int timeoutMs, Progress progress)
            throws InterruptedException {
        List<GuestView> todo = sources.values().stream()
                .filter(g -> !targets.getOrDefault(g.name(), Set.of()).isEmpty()).toList();
        if (todo.isEmpty()) {
            return Map.of();
        }
        int running = Math.min(settings.processes(), todo.size());
        int intervalMs = Math.max(1, (int) Math.ceil(running * 1000.0 / perSecond));
        ExecutorService pool = Executors.newFixedThreadPool(running);
        AtomicInteger done = new AtomicInteger();
        long t0 = System.nanoTime();
        progress.update(name, 0, todo.size());
        try {
            Map<String, Future<Probe>> futures = new LinkedHashMap<>();
            for (GuestView g : todo) {
                futures.put(g.name(), pool.submit(() -> {
                    try {
                        return probe(g, targets.get(g.name()), intervalMs, retries, timeoutMs);
                    } finally {
                        progress.update(name, done.incrementAndGet(), todo.size());
                    }
                }));
            }
            Map<String, Probe> out = new HashMap<>();
            for (var e : futures.entrySet()) {
                try {
                    out.put(e.getKey(), e.getValue().get());
                } catch (ExecutionException ex) {
                    out.put(e.getKey(), Probe.NONE);
                }
            }
            progress.roundDone(name, todo.size(), todo.stream().mapToInt(g -> targets.get(g.name()).size()).sum(),
                    intervalMs, (System.nanoTime() - t0) / 1e9);
            return out;
        } finally {
            pool.shutdownNow();
        }
    }

    private Probe probe(GuestView from, Set<String> targets, int intervalMs, int retries, int timeoutMs) {
        List<String> argv = new ArrayList<>(List.of("ip", "netns", "exec", from.netns(), "sh", "-c", SCRIPT,
                "dovs-check", "fping", "-a", "-q", "-B", "1", "-r", Integer.toString(retries), "-t",
                Integer.toString(timeoutMs), "-i", Integer.toString(intervalMs)));
        argv.addAll(targets);
        return Probe.parse(runner.run(argv).stdout());
    }

    private Result judge(LabProjection state, Map<String, List<GuestView>> holders, Reachability.Pair p,
                         Probe probe, Map<String, String> problems) {
        String ip = ip(p.to());
        boolean alive = probe.alive().contains(ip);
        String mac = probe.neighbours().get(ip);
        // Another guest reachable from p.from() may hold the same address (overlapping nets): then only the
        // neighbour MAC says who answered.
        boolean shadowed = holders.getOrDefault(ip, List.of()).stream().anyMatch(o -> o != p.to() && o != p.from()
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
        String reason = v == Verdict.UNREACHABLE ? reason(p, probe, problems, alive, mac) : null;
        return new Result(p.from(), p.to(), p.expected(), reached, v, reason);
    }

    /** Why an expected pair was not reached, when dovs knows; null otherwise. */
    static String reason(Reachability.Pair p, Probe probe, Map<String, String> problems, boolean alive, String mac) {
        String from = problems.get(p.from().name());
        if (from != null) {
            return p.from().name() + ": " + from;
        }
        String to = problems.get(p.to().name());
        if (to != null) {
            return p.to().name() + ": " + to;
        }
        if (probe.routesKnown() && !probe.routes(ip(p.to()))) {
            return "no route to " + ip(p.to()) + " in " + p.from().netns();
        }
        if (alive && mac != null && !mac.equalsIgnoreCase(p.to().mac())) {
            return "answered by " + mac + ", not " + p.to().mac();
        }
        return null;
    }

    /** What one source saw: the targets that answered, its neighbour table (IP to MAC) and its routes. */
    record Probe(Set<String> alive, Map<String, String> neighbours, List<Ipv4Cidr> routes, boolean routesKnown) {
        static final Probe NONE = new Probe(Set.of(), Map.of(), List.of(), false);

        /** True when some route covers {@code ip}. */
        boolean routes(String ip) {
            int a = Ipv4Cidr.parseAny(ip + "/32").address();
            return routes.stream().anyMatch(r -> (a & r.mask()) == r.network());
        }

        /** Parses a probe process's output: alive addresses, then {@code #neigh}, then {@code #route}. */
        static Probe parse(String stdout) {
            Set<String> alive = new HashSet<>();
            Map<String, String> neigh = new HashMap<>();
            List<Ipv4Cidr> routes = new ArrayList<>();
            String section = "alive";
            boolean routesKnown = false;
            for (String raw : stdout.lines().toList()) {
                String line = raw.strip();
                if (line.isEmpty()) {
                    continue;
                }
                if (line.startsWith("#")) {
                    section = line.substring(1);
                    routesKnown |= section.equals("route");
                    continue;
                }
                String[] f = line.split("\\s+");
                switch (section) {
                    case "alive" -> alive.add(f[0]);
                    case "neigh" -> {
                        for (int i = 0; i + 1 < f.length; i++) {
                            if (f[i].equals("lladdr")) {
                                neigh.put(f[0], f[i + 1]);
                            }
                        }
                    }
                    case "route" -> {
                        try {
                            routes.add(Ipv4Cidr.parseAny(f[0].equals("default") ? "0.0.0.0/0"
                                    : f[0].contains("/") ? f[0] : f[0] + "/32"));
                        } catch (IllegalArgumentException e) {
                            // a route type this parser does not know (e.g. unreachable): not a route to anywhere
                        }
                    }
                    default -> { }
                }
            }
            return new Probe(alive, neigh, routes, routesKnown);
        }

        /** Alive in any round; the neighbours of all rounds (a later one's entry wins) and the latest routes. */
        static Probe merge(Probe... rounds) {
            Set<String> alive = new HashSet<>();
            Map<String, String> neigh = new HashMap<>();
            Probe last = NONE;
            for (Probe r : rounds) {
                if (r != null) {
                    alive.addAll(r.alive());
                    neigh.putAll(r.neighbours());
                    if (r.routesKnown()) {
                        last = r;
                    }
                }
            }
            return new Probe(alive, neigh, last.routes(), last.routesKnown());
        }
    }

    private static String ip(GuestView g) {
        return Reachability.cidr(g).ip();
    }
}
