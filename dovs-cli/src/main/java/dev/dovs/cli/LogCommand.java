package dev.dovs.cli;

import dev.dovs.engine.DovsException;
import dev.dovs.engine.LabClient;
import dev.dovs.events.EngineEvent;
import dev.dovs.events.EventEnvelope;
import dev.dovs.events.Intent;
import dev.dovs.events.Outcome;
import dev.dovs.events.StepEvent;
import dev.dovs.events.UnknownEvent;
import dev.dovs.events.log.ChronicleEventLog;
import dev.dovs.events.codec.EventCodec;
import dev.dovs.events.log.EventLog;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Callable;

@Command(name = "log", description = "The lab's audit trail: every intent, step and outcome, oldest first.")
final class LogCommand implements Callable<Integer> {
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSS")
            .withZone(ZoneId.systemDefault());

    @ParentCommand
    Dovs root;

    @Option(names = "--json", description = "One JSON object per line, in the log's own wire format plus its index "
            + "(what 'dovs replay --from' reads).")
    boolean json;

    @Option(names = "--intent", paramLabel = "ID", description = "Only events of this intent: its id or a prefix "
            + "of it that names one intent (as for wait).")
    String intent;

    @Option(names = "--type", paramLabel = "PREFIX",
            description = "Only events whose type starts with this (intent, step, step.failed, "
            + "outcome, engine, intent.add-node, ...).")
    String type;

    @Option(names = "--since", paramLabel = "WHEN",
            description = "Only events at or after this time: ISO-8601 (2026-11-27T10:00:00Z) "
            + "or an age such as 90s, 15m, 2h, 1d.")
    String since;

    @Option(names = {"-f", "--follow"}, description = "Keep printing new events as they are appended (Ctrl-C ends).")
    boolean follow;

    private final Map<String, Instant> started = new HashMap<>();
    /** What each step started does, by step id: its later rows name it. */
    private final Map<String, String> steps = new HashMap<>();

    @Override
    public Integer call() throws InterruptedException {
        started.clear(); // the engine reuses this object for its thread's next command
        steps.clear();
        Instant from = since == null ? Instant.MIN : parseSince(since, Instant.now());
        if (!root.home().exists() && !follow) {
            throw new DovsException(DovsException.INVALID, "lab " + root.home().naming().lab() + " has no log in "
                    + root.home().dir());
        }
        PrintWriter out = root.spec.commandLine().getOut();
        boolean header = !json;
        if (follow && !root.home().exists()) {
            // read-only: a lab's log is created by its first intent only; follow it from there
            if (intent != null) {
                throw new DovsException(DovsException.INVALID, "no intent " + intent + " in lab "
                        + root.home().naming().lab() + " (it has no log yet)");
            }
            if (header) {
                printHeader(out);
                header = false;
            }
            out.flush();
            while (!root.home().exists()) {
                Thread.sleep(200);
            }
        }
        try (LabClient client = root.open(root.settings());
             EventLog.Cursor cursor = client.log().cursor(EventEnvelope.UNINDEXED)) {
            if (intent != null) {
                intent = Commands.intent(client.state(), intent).id(); // as wait: one intent, else exit 2
            }
            if (header) {
                printHeader(out);
            }
            while (true) {
                for (var e = cursor.next(); e.isPresent(); e = cursor.next()) {
                    EventEnvelope env = e.get();
                    remember(env);
                    if (matches(env, from)) {
                        out.println(json ? EventCodec.toJsonTree(env).toString() : row(env));
                    }
                }
                out.flush();
                if (!follow) {
                    return 0;
                }
                Thread.sleep(50);
            }
        }
    }

    private static void printHeader(PrintWriter out) {
        out.printf("%-8s %-23s %-8s %-24s %9s  %s%n", "SEQ", "TIME", "INTENT", "TYPE", "DURATION", "DETAIL");
    }

    static Instant parseSince(String text, Instant now) {
        String t = text.strip();
        try {
            if (t.matches("\\d+[smhd]")) {
                long n = Long.parseLong(t.substring(0, t.length() - 1));
                Duration d = switch (t.charAt(t.length() - 1)) {
                    case 's' -> Duration.ofSeconds(n);
                    case 'm' -> Duration.ofMinutes(n);
                    case 'h' -> Duration.ofHours(n);
                    default -> Duration.ofDays(n);
                };
                return now.minus(d);
            }
            return Instant.parse(t);
        } catch (RuntimeException e) {
            throw new DovsException(DovsException.INVALID, "invalid --since '" + text
                    + "': use an ISO-8601 instant or an age like 15m");
        }
    }

    private boolean matches(EventEnvelope env, Instant from) {
        if (env.time().isBefore(from)) {
            return false;
        }
        if (intent != null && (env.intentId() == null || !env.intentId().startsWith(intent))) {
            return false;
        }
        return type == null || EventCodec.wireName(env.event()).startsWith(type);
    }

    private void remember(EventEnvelope env) {
        if (env.event() instanceof Intent) {
            started.put(env.intentId(), env.time());
        } else if (env.event() instanceof StepEvent.StepStarted s) {
            started.put(s.step(), env.time());
            steps.put(s.step(), (s.undoes() != null ? "undo: " : "") + s.action().describe());
        }
    }

    private String row(EventEnvelope env) {
        String id = env.intentId() == null ? "-" : env.intentId().substring(0, Math.min(8, env.intentId().length()));
        String duration = "";
        String detail;
        var ev = env.event();
        if (ev instanceof Intent i) {
            detail = i.describe() + " (by " + env.actor() + (env.causationId() == null ? "" : ", replay of "
                    + env.causationId().substring(0, Math.min(8, env.causationId().length()))) + ")";
        } else if (ev instanceof StepEvent.StepStarted s) {
            detail = (s.undoes() != null ? "undo: " : "") + s.action().describe();
        } else if (ev instanceof StepEvent.StepSucceeded s) {
            duration = since(started.get(s.step()), env.time());
            // which step (they run side by side), then what it learnt
            detail = join(steps.get(s.step()), s.facts().isEmpty() ? "" : abbreviate(s.facts().toString()));
        } else if (ev instanceof StepEvent.OdlExchanged x) {
            duration = String.format("%.3fs", x.durationMs() / 1000.0);
            detail = x.method() + " " + x.path() + " -> " + (x.status() == 0 ? "no answer" : x.status())
                    + (x.requestBody() == null ? "" : " sent " + abbreviate(x.requestBody()))
                    + (x.responseBody() == null || x.responseBody().isEmpty() ? ""
                    : " got " + abbreviate(x.responseBody()));
        } else if (ev instanceof StepEvent.OvnExchanged x) {
            duration = String.format("%.3fs", x.durationMs() / 1000.0);
            // the tool and its commands; the database remote and timeout are in 'log --json'
            String sent = String.join(" ", x.command().stream().filter(a -> !a.startsWith("--db=")
                    && !a.startsWith("--timeout=")).toList());
            detail = abbreviate(sent) + " -> " + (x.exitCode() == 0 ? "ok" : "exit " + x.exitCode())
                    + (x.output() == null || x.output().isEmpty() ? "" : " got " + abbreviate(x.output()));
        } else if (ev instanceof StepEvent.StepFailed s) {
            duration = since(started.get(s.step()), env.time());
            detail = join(steps.get(s.step()) == null ? null : steps.get(s.step()) + ":", s.error());
        } else if (ev instanceof Outcome o) {
            duration = since(started.get(env.intentId()), env.time());
            detail = o instanceof Outcome.Failed f ? failureDetail(f.failure())
                    : o.toString().replaceFirst("^\\w+\\[", "").replaceFirst("]$", "");
        } else if (ev instanceof EngineEvent e) {
            detail = e.toString().replaceFirst("^\\w+\\[", "").replaceFirst("]$", "");
        } else {
            UnknownEvent u = (UnknownEvent) ev;
            detail = u.type().equals("<unparsable>") || u.type().equals(ChronicleEventLog.UNREADABLE)
                    ? "damaged entry, skipped (partially written, e.g. when the disk filled up): "
                    + abbreviate(u.raw().replace("\0", ""))
                    : "unknown entry: " + u.raw();
        }
        return String.format("%-8d %-23s %-8s %-24s %9s  %s", env.index() & 0xffffffffL, TIME.format(env.time()), id,
                EventCodec.wireName(ev), duration, detail).stripTrailing();
    }

    /** The two parts separated by a space; either may be null or empty. */
    private static String join(String a, String b) {
        if (a == null || a.isEmpty()) {
            return b == null ? "" : b;
        }
        return b == null || b.isEmpty() ? a : a + " " + b;
    }

    /**
     * {@code kind: message}, the kind once even when an old log's message repeats it; "(rolled back)" once, and
     * never on a refusal.
     */
    static String failureDetail(Outcome.Failure failure) {
        String kind = failure.kind().name().toLowerCase(java.util.Locale.ROOT);
        String m = failure.message();
        while (m.startsWith(kind + ": ")) {
            m = m.substring(kind.length() + 2);
        }
        // a refusal did nothing: there was nothing to roll back
        boolean say = failure.rolledBack() && failure.kind() != Outcome.Failure.Kind.REJECTED
                && !m.contains("rolled back");
        return kind + ": " + m + (say ? " (rolled back)" : "");
    }

    /** One table row per entry: long bodies are cut here; 'log --json' has them whole. */
    private static String abbreviate(String s) {
        String one = s.replaceAll("\\s+", " ");
        return one.length() <= 160 ? one : one.substring(0, 157) + "...";
    }

    private static String since(Instant start, Instant end) {
        return start == null ? "" : String.format("%.3fs", Duration.between(start, end).toMillis() / 1000.0);
    }
}
