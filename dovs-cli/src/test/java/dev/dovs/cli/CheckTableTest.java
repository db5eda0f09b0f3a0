package dev.dovs.cli;

import dev.dovs.engine.check.ReachabilityProbe;
import dev.dovs.engine.check.ReachabilityProbe.Result;
import dev.dovs.engine.check.ReachabilityProbe.Verdict;
import dev.dovs.events.projection.GuestView;
import org.junit.jupiter.api.Test;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The text matrix of {@code dovs check}: its columns line up whatever the guests' names. */
class CheckTableTest {

    private static GuestView guest(String name) {
        return new GuestView(name, "n1", "dovs-" + name, "tap-" + name, "10.0.0.1/24", "fa:16:3e:00:00:01",
                "p-" + name, null, null, 1500, "i");
    }

    private static List<String> matrix(List<GuestView> guests) {
        List<Result> results = new ArrayList<>();
        for (GuestView a : guests) {
            for (GuestView b : guests) {
                if (a != b) {
                    results.add(new Result(a, b, true, true, Verdict.OK, null));
                }
            }
        }
        StringWriter w = new StringWriter();
        CheckCommand.printTable(new PrintWriter(w, true), guests, results);
        return w.toString().lines().takeWhile(l -> !l.isEmpty()).toList();
    }

    @Test
    void columnsLineUpWithShortAndLongNames() {
        for (List<GuestView> guests : List.of(List.of(guest("n1"), guest("vm-2")),
                List.of(guest("a"), guest("node-1-guest-10")))) {
            List<String> lines = matrix(guests);
            assertEquals(guests.size() + 1, lines.size(), String.join("\n", lines));
            int width = lines.get(0).length();
            for (String line : lines) {
                assertEquals(width, line.length(), () -> "misaligned:\n" + String.join("\n", lines));
            }
            assertTrue(lines.get(0).startsWith("from\\to"), lines.get(0));
            // the header's column numbers end where each row's cells end
            assertEquals(lines.get(0).lastIndexOf('2'), lines.get(1).lastIndexOf('k'), String.join("\n", lines));
        }
    }
}
