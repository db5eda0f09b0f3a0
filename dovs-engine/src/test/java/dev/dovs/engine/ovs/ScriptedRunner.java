package dev.dovs.engine.ovs;

import dev.dovs.engine.exec.ProcessRunner;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * A {@link ProcessRunner} that starts nothing: it records every argv (and stdin) and answers from rules the test
 * gives, first match wins. It validates what it receives: only the host tools the driver may run, never a shell,
 * and {@code ovs-vsctl} always on the node's own database with a timeout. An argv no rule answers fails the test,
 * so a command the driver starts sending unnoticed is caught.
 */
final class ScriptedRunner extends ProcessRunner {
    static final long PID = 4242;
    static final String DB = "--db=unix:/proc/" + PID + "/root/run/openvswitch/db.sock";
    private static final List<String> TOOLS = List.of("ovs-vsctl", "ovs-ofctl", "nsenter");

    /** One run: its argv, its stdin (null: none) and when it ran on {@link #clock} (ms). */
    record Call(List<String> argv, String stdin, long atMs) {
        /** The ovs-vsctl argv without the tool, its --db and --timeout: what the test compares. */
        List<String> vsctlArgs() {
            return argv.subList(3, argv.size());
        }

        boolean isVsctl(String... start) {
            return argv.get(0).equals("ovs-vsctl") && startsWith(vsctlArgs(), start);
        }
    }

    private record Rule(Predicate<List<String>> when, Function<List<String>, Result> answer) {
    }

    private final List<Rule> rules = new ArrayList<>();
    final List<Call> calls = new ArrayList<>();
    final VirtualClock clock = new VirtualClock();

    ScriptedRunner() {
        super(Duration.ofSeconds(1));
    }

    /** Answers an ovs-vsctl call whose arguments (after --db and --timeout) start with {@code start}. */
    ScriptedRunner vsctl(Function<List<String>, Result> answer, String... start) {
        rules.add(new Rule(argv -> argv.get(0).equals("ovs-vsctl") && startsWith(argv.subList(3, argv.size()), start),
                answer));
        return this;
    }

    /** Answers any call whose argv starts with {@code start}. */
    ScriptedRunner on(Function<List<String>, Result> answer, String... start) {
        rules.add(new Rule(argv -> startsWith(argv, start), answer));
        return this;
    }

    static Function<List<String>, Result> out(String stdout) {
        return argv -> new Result(argv, 0, stdout, "");
    }

    static Function<List<String>, Result> exit(int code, String stderr) {
        return argv -> new Result(argv, code, "", stderr);
    }

    List<Call> vsctlCalls(String... start) {
        return calls.stream().filter(c -> c.isVsctl(start)).toList();
    }

    @Override
    public Result run(List<String> argv, String stdin, Duration timeout) {
        if (!TOOLS.contains(argv.get(0))) {
            throw new AssertionError("runs " + argv.get(0) + ", not one of " + TOOLS + ": " + argv);
        }
        if (argv.get(0).equals("ovs-vsctl")
                && (argv.size() < 3 || !argv.get(1).equals(DB) || !argv.get(2).equals("--timeout=20"))) {
            throw new AssertionError("ovs-vsctl not on the node's database with a timeout: " + argv);
        }
        calls.add(new Call(List.copyOf(argv), stdin, clock.nanos / 1_000_000L));
        for (Rule r : rules) {
            if (r.when.test(argv)) {
                return r.answer.apply(argv);
            }
        }
        throw new AssertionError("no answer scripted for " + argv);
    }

    private static boolean startsWith(List<String> argv, String... start) {
        return argv.size() >= start.length && argv.subList(0, start.length).equals(List.of(start));
    }

    /** A clock that only moves when the driver waits on it: the bounded polls run without real waiting. */
    static final class VirtualClock implements VsctlOvsDriver.PollClock {
        long nanos = 1_000_000_000L;
        long slept;

        @Override
        public long nanoTime() {
            return nanos;
        }

        @Override
        public void sleep(long ms) {
            slept += ms;
            nanos += ms * 1_000_000L;
        }
    }
}
