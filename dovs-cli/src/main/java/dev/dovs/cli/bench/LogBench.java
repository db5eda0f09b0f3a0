package dev.dovs.cli.bench;

import dev.dovs.events.Action;
import dev.dovs.events.EventEnvelope;
import dev.dovs.events.StepEvent;
import dev.dovs.events.log.ChronicleEventLog;
import dev.dovs.events.log.EventLog;
import dev.dovs.events.model.LabNaming;
import dev.dovs.events.projection.LabProjection;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Benchmark (prints numbers, asserts nothing): appends N realistic step events to a fresh log, then reads the whole
 * log back and folds it into the projection in a fresh pass, as an engine does at start.
 * Usage: java -cp dovs.jar dev.dovs.cli.bench.LogBench [N]
 */
public final class LogBench {
    private LogBench() {
    }

    public static void main(String[] args) throws Exception {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 200_000;
        Path dir = Files.createTempDirectory("dovs-logbench-");
        try {
            String intent = UUID.randomUUID().toString();
            Action action = new Action.PlugPort("node-1", "br-int", "tap0123456789", UUID.randomUUID().toString(),
                    "fa:16:3e:00:00:01", "guest-1", "default", "{\"name\":\"guest-1\"}", 101);
            try (EventLog log = ChronicleEventLog.open(dir)) {
                warm(log, intent, action);
                long t0 = System.nanoTime();
                for (int i = 0; i < n; i++) {
                    String step = "s" + i;
                    log.append(EventEnvelope.of("default", intent, null, "bench",
                            i % 2 == 0 ? new StepEvent.StepStarted(step, action, null)
                                    : new StepEvent.StepSucceeded(step, Map.of("created", "true"))));
                }
                double secs = (System.nanoTime() - t0) / 1e9;
                System.out.printf("append: %d events in %.2f s = %.0f events/s%n", n, secs, n / secs);
            }
            try (EventLog log = ChronicleEventLog.open(dir)) {
                long t0 = System.nanoTime();
                List<EventEnvelope> all = log.readAll();
                LabProjection p = LabProjection.fold(LabNaming.defaultLab(), all);
                double secs = (System.nanoTime() - t0) / 1e9;
                System.out.printf("replay (read + decode + fold): %d events in %.2f s = %.0f events/s (ledger %d)%n",
                        all.size(), secs, all.size() / secs, p.ledger().size());
            }
            System.out.printf("disk: %s%n", du(dir));
        } finally {
            new ProcessBuilder("rm", "-rf", dir.toString()).start().waitFor();
        }
    }

    private static void warm(EventLog log, String intent, Action action) {
        for (int i = 0; i < 20_000; i++) {
            log.append(EventEnvelope.of("default", intent, null, "warmup", new StepEvent.StepStarted("w" + i, action,
                    "w")));
        }
    }

    private static String du(Path dir) throws Exception {
        Process p = new ProcessBuilder("du", "-sh", dir.toString()).start();
        return new String(p.getInputStream().readAllBytes()).split("\\s")[0];
    }
}
