package dev.dovs.events;

import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * One side effect of an intent, in write-ahead order: {@link StepStarted} is appended <em>before</em> the action
 * touches the host, so a crash at any point leaves a log naming everything that may exist.
 */
public sealed interface StepEvent extends Event {

    String step();

    /**
     * A step's facts, immutable and in key order: what {@code dovs log} prints is the same in every process
     * ({@code Map.copyOf} iterates in an order that changes with each JVM). Null keys and values are refused.
     */
    static Map<String, String> sorted(Map<String, String> facts) {
        TreeMap<String, String> m = new TreeMap<>();
        if (facts != null) {
            facts.forEach((k, v) -> m.put(Objects.requireNonNull(k, "fact name"), Objects.requireNonNull(v, k)));
        }
        return java.util.Collections.unmodifiableSortedMap(m);
    }

    /**
     * @param undoes the id of the forward step this one compensates, or null for a forward step
     */
    record StepStarted(String step, Action action, String undoes) implements StepEvent {
        public StepStarted {
            Objects.requireNonNull(step, "step");
            Objects.requireNonNull(action, "action");
        }
    }

    /** {@code facts} are what the step learnt (container id, addresses, whether it created anything). */
    record StepSucceeded(String step, Map<String, String> facts) implements StepEvent {
        public StepSucceeded {
            Objects.requireNonNull(step, "step");
            facts = sorted(facts);
        }

        /** True when the step found its resource already there and created nothing, so there is nothing to undo. */
        public boolean createdNothing() {
            return "false".equals(facts.get(Action.CREATED));
        }
    }

    /** {@code facts} may say {@code created=false}: the step failed before creating anything, nothing to undo. */
    record StepFailed(String step, String error, Map<String, String> facts) implements StepEvent {
        public StepFailed {
            Objects.requireNonNull(step, "step");
            Objects.requireNonNull(error, "error");
            facts = sorted(facts);
        }

        public boolean createdNothing() {
            return "false".equals(facts.get(Action.CREATED));
        }
    }

    /**
     * One request of a step to an SDN controller and its answer, so that {@code dovs log} shows the REST
     * conversation. Never carries credentials. {@code status} is 0 when no answer came (timeout, refused);
     * bodies are null when absent and truncated when long.
     */
    record OdlExchanged(String step, String method, String path, String requestBody, int status,
                        String responseBody, long durationMs) implements StepEvent {
        public OdlExchanged {
            Objects.requireNonNull(step, "step");
            Objects.requireNonNull(method, "method");
            Objects.requireNonNull(path, "path");
        }
    }

    /**
     * One ovn-nbctl or ovn-sbctl run of a step: the {@code command} as run (argv, the database remote included),
     * its exit code (0: done; non-zero: refused, unreachable or timed out) and {@code output} (stdout, then stderr,
     * at most 4096 characters), and its duration. With {@code step.ovn-exchanged} the log holds the conversation
     * with OVN, as {@code step.odl-exchanged} holds ODL's.
     */
    record OvnExchanged(String step, java.util.List<String> command, int exitCode, String output, long durationMs)
            implements StepEvent {
        public OvnExchanged {
            java.util.Objects.requireNonNull(step, "step");
            command = java.util.List.copyOf(command);
        }
    }
}
