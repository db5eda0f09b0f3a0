package dev.dovs.events;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * What one action learnt, typed: each kind of result is a record whose fields the compiler checks where they are
 * written (a subsystem verticle) and where they are read (the planner's outcomes, the projection). Its wire form is
 * the string map of {@code step.succeeded}'s {@code facts}: {@link #facts()} writes it, and every fact key is
 * spelled in this file (or, for a controller's own results, in that controller's package) and pinned by the wire
 * tests, so a renamed key fails a test instead of silently losing a fact.
 *
 * <p>Not sealed: a controller implementation adds records of its own (e.g. what its inspect step read).
 */
public interface StepResult {

    /** The wire form: {@code step.succeeded}'s {@code facts}. */
    Map<String, String> facts();

    /** A warning the waiting CLI prints ({@code dovs: warning: ...}), or null. */
    default String warning() {
        return null;
    }

    /** The action reports nothing beyond its success. */
    record Done() implements StepResult {
        public Map<String, String> facts() {
            return Map.of();
        }
    }

    /** Whether the action created its resource ({@code false}: it was already there, nothing to undo). */
    record Created(boolean created) implements StepResult {
        public Map<String, String> facts() {
            return Map.of(Action.CREATED, String.valueOf(created));
        }
    }

    /** Whether a removal removed anything ({@code false}: it was already gone, or not the lab's). */
    record Removed(boolean removed) implements StepResult {
        public Map<String, String> facts() {
            return Map.of(KEY_REMOVED, String.valueOf(removed));
        }
    }

    /**
     * A removal (or an undo) that had nothing to do, and why: its resource is already gone, went with its node, or
     * is not the lab's (left alone). Progress lines show it as {@code skip} with the reason, never as a removal.
     */
    record NothingToDo(String why) implements StepResult {
        public NothingToDo {
            Objects.requireNonNull(why, "why");
        }

        public Map<String, String> facts() {
            return Map.of(KEY_REMOVED, "false", Action.SKIPPED, why);
        }
    }

    /** How many leftovers a sweep removed, and a warning about what it left alone (null when nothing). */
    record Swept(int swept, String warning) implements StepResult {
        public Swept {
            if (swept < 0) {
                throw new IllegalArgumentException("swept must not be negative");
            }
        }

        public Swept(int swept) {
            this(swept, null);
        }

        public Map<String, String> facts() {
            if (warning == null) {
                return Map.of(KEY_SWEPT, String.valueOf(swept));
            }
            return Map.of(KEY_SWEPT, String.valueOf(swept), KEY_WARNING, warning);
        }

        /** Reads the count of a logged sweep; 0 when absent. */
        public static Swept fromFacts(Map<String, String> facts) {
            return new Swept(Integer.parseInt(facts.getOrDefault(KEY_SWEPT, "0")), facts.get(KEY_WARNING));
        }
    }

    /**
     * A node container, started: its id, the pid of its init process, and its addresses ({@code A.B.C.D/N}) on the
     * management and internal networks (null when the container is not on that network).
     */
    record ContainerCreated(String containerId, long pid, String mgmtIp, String intIp) implements StepResult {
        private static final String KEY_ID = "containerId";
        private static final String KEY_PID = "pid";
        private static final String KEY_MGMT = "mgmtIp";
        private static final String KEY_INT = "intIp";

        public ContainerCreated {
            Objects.requireNonNull(containerId, "containerId");
        }

        public Map<String, String> facts() {
            Map<String, String> f = new LinkedHashMap<>();
            f.put(KEY_ID, containerId);
            f.put(KEY_PID, String.valueOf(pid));
            if (mgmtIp != null) {
                f.put(KEY_MGMT, mgmtIp);
            }
            if (intIp != null) {
                f.put(KEY_INT, intIp);
            }
            return f;
        }

        /** Reads a logged {@code docker.create-container}'s facts; null when they hold no container id. */
        public static ContainerCreated fromFacts(Map<String, String> facts) {
            String id = facts.get(KEY_ID);
            if (id == null) {
                return null;
            }
            String pid = facts.get(KEY_PID);
            return new ContainerCreated(id, pid == null ? 0 : Long.parseLong(pid), facts.get(KEY_MGMT),
                    facts.get(KEY_INT));
        }
    }

    /**
     * A node's OVS handed to a controller: the controller host as the node reaches it, who created the bridge
     * ({@code createdBy}, e.g. {@code odl} or {@code dovs}), and a warning when dovs had to create it.
     */
    record ControllerConnected(String controllerHost, String bridgeCreatedBy, String warning) implements StepResult {
        public Map<String, String> facts() {
            Map<String, String> f = new LinkedHashMap<>();
            f.put("controllerHost", controllerHost);
            f.put("bridgeCreatedBy", bridgeCreatedBy);
            if (warning != null) {
                f.put(KEY_WARNING, warning);
            }
            return f;
        }
    }

    /** The action created nothing and carried on with a warning (e.g. a controller feature missing). */
    record Skipped(String warning) implements StepResult {
        public Skipped {
            Objects.requireNonNull(warning, "warning");
        }

        public Map<String, String> facts() {
            return Map.of(Action.CREATED, "false", KEY_WARNING, warning);
        }
    }

    /** Fact key of {@link Removed}. */
    String KEY_REMOVED = "removed";
    /** Fact key of {@link Swept}. */
    String KEY_SWEPT = "swept";
    /** Fact key of a warning, which the waiting CLI prints. */
    String KEY_WARNING = "warning";

    /** The warning a logged step reported, or null. */
    static String warningOf(Map<String, String> facts) {
        return facts.get(KEY_WARNING);
    }
}
