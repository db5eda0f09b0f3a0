package dev.dovs.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.dovs.engine.DovsException;
import dev.dovs.engine.LabClient;
import dev.dovs.engine.LabStatus;
import dev.dovs.engine.check.NeighbourTable;
import dev.dovs.engine.check.Reachability;
import dev.dovs.engine.check.ReachabilityProbe;
import dev.dovs.engine.check.ReachabilityProbe.Result;
import dev.dovs.events.projection.GuestView;
import dev.dovs.events.projection.LabProjection;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

import java.io.PrintWriter;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.Callable;

@Command(name = "check", description = "Ping between the lab's guests and compare with the reachability the lab must "
        + "have (same net or same router: reachable; guests without a net on one node: reachable when each address "
        + "is inside the other's subnet; otherwise isolated). Exit 1 on any mismatch, including a leak between "
        + "isolated nets.")
final class CheckCommand implements Callable<Integer> {
    @ParentCommand
    Dovs root;

    @Option(names = "--json", description = "Machine-readable matrix.")
    boolean json;

    @Option(names = "--parallel", paramLabel = "N", defaultValue = "100",
            description = "Probe processes at once (one per source "
            + "guest). Default: ${DEFAULT-VALUE}.")
    int parallel;

    @Option(names = "--sample", paramLabel = "N", description = "Check N ordered pairs chosen at random instead of "
            + "all, plus one pair of every isolation class (pair of segments, same or other node, reach or isolated) "
            + "that the N do not cover.")
    Integer sample;

    @Option(names = "--seed", paramLabel = "S", description = "Seed of --sample's random choice (default: random; "
            + "printed, so a sample can be checked again).")
    Long seed;

    @Option(names = "--arp-rate", defaultValue = "1500", paramLabel = "PPS", description = "ARP broadcasts per "
            + "second the lab's guests send together in the resolve round. Default: ${DEFAULT-VALUE}.")
    int arpRate;

    @Option(names = "--echo-rate", defaultValue = "3000", paramLabel = "PPS", description = "Echo requests per "
            + "second the lab's guests send together in the probe round (confirm rounds: a quarter). "
            + "Default: ${DEFAULT-VALUE}.")
    int echoRate;

    @Option(names = "--timing", description = "Print each round's sources, pings and duration on stderr.")
    boolean timing;

    @Option(names = {"-q", "--quiet"}, description = "Only the summary line (and the failing pairs).")
    boolean quiet;

    @Override
    public Integer call() throws InterruptedException {
        if (parallel < 1) {
            throw new DovsException(DovsException.INVALID, "--parallel must be at least 1, not " + parallel);
        }
        if (arpRate < 1 || echoRate < 1) {
            throw new DovsException(DovsException.INVALID, (arpRate < 1 ? "--arp-rate" : "--echo-rate")
                    + " must be at least 1, not " + Math.min(arpRate, echoRate));
        }
        if (sample != null && sample < 1) {
            throw new DovsException(DovsException.INVALID, "--sample must be at least 1, not " + sample);
        }
        if (seed != null && sample == null) {
            throw new DovsException(DovsException.INVALID, "--seed only goes with --sample");
        }
        root.checkLabAndRoot();
        PrintWriter out = root.spec.commandLine().getOut();
        PrintWriter err = root.spec.commandLine().getErr();
        LabProjection state;
        try (LabClient client = root.openToRead(root.settings())) {
            state = client.state();
        }
        List<GuestView> guests = List.copyOf(state.guests());
        if (guests.size() < 2) {
            throw new DovsException(DovsException.INVALID, "nothing to check: the lab has fewer than two guests");
        }
        long t0 = System.nanoTime();
        List<Reachability.Pair> pairs = Reachability.matrix(state);
        long usedSeed = seed != null ? seed : new Random().nextLong();
        if (sample != null) {
            pairs = Reachability.sample(pairs, sample, new Random(usedSeed));
        }
        String shortage = NeighbourTable.shortage(NeighbourTable.entriesNeeded(state, pairs));
        if (shortage != null) {
            throw new DovsException(DovsException.ENVIRONMENT, shortage);
        }
        // The client's terminal, not this process's: in daemon mode this runs in the background engine.
        Progress progress = new Progress(err, !json && !quiet && root.invocation().tty(), timing);
        if (timing) {
            err.printf("check: %.2f s from the command's start to the first probe (state read, %d pairs planned)%n",
                    root.invocation().secondsSinceStart(), pairs.size());
        }
        List<Result> results = new ReachabilityProbe(new ReachabilityProbe.Settings(parallel, arpRate, echoRate))
                .run(state, pairs, () -> problems(LabStatus.collect(state, root.settings())), progress);
        progress.clear();
        long judged = System.nanoTime();
        double secs = (System.nanoTime() - t0) / 1e9;
        long mismatches = results.stream().filter(Result::mismatch).count();
        if (json) {
            printJson(out, results, mismatches, secs, sample == null ? null : usedSeed);
        } else {
            if (!quiet && sample == null) {
                printTable(out, guests, results);
            }
            printFailures(out, results);
            out.printf("%s%d pairs%s, %d mismatch(es), %.1f s%n", quiet ? "" : "\n", results.size(),
                    sample == null ? "" : " (sample of " + state.guests().size() * (state.guests().size() - 1)
                            + ", seed " + usedSeed + ")", mismatches, secs);
        }
        out.flush();
        if (timing) {
            err.printf("check: %.2f s to judge and print%n", (System.nanoTime() - judged) / 1e9);
        }
        if (mismatches > 0) {
            throw new DovsException(DovsException.FAILED, mismatches + " reachability mismatch(es)"
                    + (json ? "" : ": see above"));
        }
        return 0;
    }

    /** What dovs knows to be wrong with each guest: its node not running, its namespace or port missing. */
    static Map<String, String> problems(LabStatus.Snapshot snapshot) {
        Map<String, String> out = new HashMap<>();
        for (LabStatus.Node n : snapshot.nodes()) {
            boolean running = n.status().equals("running");
            for (LabStatus.Guest g : n.guests()) {
                if (!running) {
                    out.put(g.view().name(), "node " + n.view().name() + " is " + n.status());
                } else if (!g.status().equals("ok")) {
                    out.put(g.view().name(), g.status());
                }
            }
        }
        return out;
    }

    /** A one-line progress display on the terminal (stderr), rewritten in place; nothing when not a terminal. */
    private static final class Progress implements ReachabilityProbe.Progress {
        private final PrintWriter err;
        private final boolean on;
        private final boolean timing;
        private final long start = System.nanoTime();
        private boolean shown;

        Progress(PrintWriter err, boolean on, boolean timing) {
            this.err = err;
            this.on = on;
            this.timing = timing;
        }

        @Override
        public synchronized void roundDone(String round, int sources, int targets, int intervalMs, double seconds) {
            if (timing) {
                clear();
                err.printf("check: %s round: %d sources, %d pings, one every %d ms per source, %.2f s%n", round,
                        sources, targets, intervalMs, seconds);
                err.flush();
            }
        }

        @Override
        public synchronized void update(String round, int done, int total) {
            // Nothing during the first second: a quick check prints only its result.
            if (on && System.nanoTime() - start > 1_000_000_000L) {
                err.printf("\rcheck: %-7s %d/%d guests, %.1f s   ", round, done, total,
                        (System.nanoTime() - start) / 1e9);
                err.flush();
                shown = true;
            }
        }

        synchronized void clear() {
            if (shown) {
                err.print("\r\033[K");
                err.flush();
                shown = false;
            }
        }
    }

    private static void printFailures(PrintWriter out, List<Result> results) {
        for (Result r : results) {
            if (r.mismatch()) {
                out.printf("%s %s -> %s (%s)%s%n", r.verdict() == ReachabilityProbe.Verdict.LEAK ? "LEAK" : "FAIL",
                        r.from().name(), r.to().name(), r.to().cidr(),
                        r.verdict() == ReachabilityProbe.Verdict.LEAK ? ": reached, must be isolated"
                                : r.reason() == null ? ": no reply" : ": " + r.reason());
            }
        }
    }

    static void printTable(PrintWriter out, List<GuestView> guests, List<Result> results) {
        Map<String, Result> byPair = new HashMap<>();
        results.forEach(r -> byPair.put(r.from().name() + "\u0000" + r.to().name(), r));
        String corner = "from\\to";
        // the first column fits the corner's label and the longest guest name, so the columns line up
        int w = Math.max(corner.length(), guests.stream().mapToInt(g -> g.name().length()).max().orElse(0));
        out.printf("%-" + w + "s", corner);
        for (int i = 0; i < guests.size(); i++) {
            out.printf(" %4d", i + 1);
        }
        out.println();
        for (int i = 0; i < guests.size(); i++) {
            GuestView from = guests.get(i);
            out.printf("%-" + w + "s", from.name());
            for (GuestView to : guests) {
                Result r = byPair.get(from.name() + "\u0000" + to.name());
                out.printf(" %4s", r == null ? "-" : switch (r.verdict()) {
                    case OK -> "ok";
                    case ISOLATED -> ".";
                    case UNREACHABLE -> "FAIL";
                    case LEAK -> "LEAK";
                });
            }
            out.println();
        }
        out.println();
        for (int i = 0; i < guests.size(); i++) {
            GuestView g = guests.get(i);
            out.printf("%4d %s %s net=%s router=%s node=%s%n", i + 1, g.name(), g.cidr(), g.net() == null ? "-"
                    : g.net(), g.router() == null ? "-" : g.router(), g.node());
        }
        out.println("ok: reachable as expected   .: isolated as expected   FAIL: should reach   LEAK: should not");
    }

    private static void printJson(PrintWriter out, List<Result> results, long mismatches, double secs, Long seed) {
        ObjectMapper m = new ObjectMapper();
        ObjectNode root = m.createObjectNode().put("pairs", results.size()).put("mismatches", mismatches)
                .put("seconds", secs);
        if (seed != null) {
            root.put("sampleSeed", seed);
        }
        ArrayNode arr = root.putArray("results");
        for (Result r : results) {
            ObjectNode o = arr.addObject().put("from", r.from().name()).put("to", r.to().name())
                    .put("toIp", r.to().cidr()).put("expected", r.expected()).put("reached", r.reached())
                    .put("verdict", r.verdict().name().toLowerCase(Locale.ROOT));
            if (r.reason() != null) {
                o.put("reason", r.reason());
            }
        }
        out.println(root.toPrettyString());
    }
}
