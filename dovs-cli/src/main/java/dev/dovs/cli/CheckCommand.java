package dev.dovs.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.dovs.engine.DovsException;
import dev.dovs.engine.LabClient;
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
import java.util.Map;
import java.util.concurrent.Callable;

@Command(name = "check", description = "Ping from every guest to every other guest, in parallel, and compare with "
        + "the reachability the lab must have (same net or same router: reachable; otherwise isolated). "
        + "Exit 1 on any mismatch, including a leak between isolated nets.")
final class CheckCommand implements Callable<Integer> {
    @ParentCommand
    Dovs root;

    @Option(names = "--json", description = "Machine-readable matrix.")
    boolean json;

    @Option(names = "--parallel", defaultValue = "4", description = "Guests probing at once in the first pass "
            + "(misses are retried one guest at a time). Default: ${DEFAULT-VALUE}.")
    int parallel;

    @Override
    public Integer call() throws InterruptedException {
        root.checkLabAndRoot();
        PrintWriter out = root.spec.commandLine().getOut();
        LabProjection state;
        try (LabClient client = root.open(root.settings())) {
            state = client.state();
        }
        List<GuestView> guests = List.copyOf(state.guests());
        if (guests.size() < 2) {
            throw new DovsException(DovsException.INVALID, "nothing to check: the lab has fewer than two guests");
        }
        long t0 = System.nanoTime();
        List<Result> results = new ReachabilityProbe().run(state, parallel);
        double secs = (System.nanoTime() - t0) / 1e9;
        long mismatches = results.stream().filter(Result::mismatch).count();
        if (json) {
            printJson(out, results, mismatches, secs);
        } else {
            printTable(out, guests, results);
            out.printf("%n%d pairs, %d mismatch(es), %.1f s%n", results.size(), mismatches, secs);
        }
        out.flush();
        if (mismatches > 0) {
            throw new DovsException(DovsException.FAILED, mismatches + " reachability mismatch(es): see the matrix");
        }
        return 0;
    }

    private static void printTable(PrintWriter out, List<GuestView> guests, List<Result> results) {
        Map<String, Result> byPair = new HashMap<>();
        results.forEach(r -> byPair.put(r.from().name() + "\u0000" + r.to().name(), r));
        int w = Math.max(4, guests.stream().mapToInt(g -> g.name().length()).max().orElse(4));
        out.printf("%-" + w + "s", "from\\to");
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

    private static void printJson(PrintWriter out, List<Result> results, long mismatches, double secs) {
        ObjectMapper m = new ObjectMapper();
        ObjectNode root = m.createObjectNode().put("pairs", results.size()).put("mismatches", mismatches)
                .put("seconds", secs);
        ArrayNode arr = root.putArray("results");
        for (Result r : results) {
            arr.addObject().put("from", r.from().name()).put("to", r.to().name()).put("toIp", r.to().cidr())
                    .put("expected", r.expected()).put("reached", r.reached())
                    .put("verdict", r.verdict().name().toLowerCase(java.util.Locale.ROOT));
        }
        out.println(root.toPrettyString());
    }
}
