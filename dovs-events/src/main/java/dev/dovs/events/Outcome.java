package dev.dovs.events;

import java.util.Objects;

/**
 * How an intent ended: past tense, success and failure paired per intent type. Every outcome is either a
 * {@link Succeeded} or a {@link Failed}, and each success builds its failed twin ({@link Succeeded#failed}): the one
 * place that pairs them.
 */
public sealed interface Outcome extends Event {

    boolean succeeded();

    /** Why an intent failed. {@code rolledBack} tells whether everything it created was removed again. */
    record Failure(Kind kind, String message, boolean rolledBack) {
        public Failure {
            Objects.requireNonNull(kind, "kind");
            Objects.requireNonNull(message, "message");
        }

        public enum Kind {
            /** Refused before any side effect (unknown node, duplicate name, ...). */
            REJECTED,
            /** A step failed; the steps done so far were compensated. */
            FAILED,
            /** The engine died while applying it; a later engine compensated what was started. */
            INTERRUPTED
        }
    }

    /**
     * The success half of each pair. Each one names its failed twin, once: the instance method for a planned outcome,
     * and a static {@code failure(subject..., failure)} of the same record for an intent that never got a plan (see
     * {@link Intent#failed}).
     */
    sealed interface Succeeded extends Outcome {
        /** This success's failed twin, naming the same subject (node, guest, or the lab). */
        Failed failed(Failure failure);

        @Override
        default boolean succeeded() {
            return true;
        }
    }

    /** The failure half of each pair: the twin of exactly one {@link Succeeded}. */
    sealed interface Failed extends Outcome {
        Failure failure();

        @Override
        default boolean succeeded() {
            return false;
        }
    }

    record NodeAdded(String node, String container, String containerId, String mgmtIp, String intIp)
            implements Succeeded {
        /** The failed twin of adding {@code node}. */
        public static NodeAddFailed failure(String node, Failure failure) {
            return new NodeAddFailed(node, failure);
        }

        @Override
        public NodeAddFailed failed(Failure failure) {
            return failure(node, failure);
        }
    }

    record NodeAddFailed(String node, Failure failure) implements Failed {
    }

    record GuestAdded(String guest, String node, String netns, String tap) implements Succeeded {
        /** The failed twin of adding {@code guest}. */
        public static GuestAddFailed failure(String guest, Failure failure) {
            return new GuestAddFailed(guest, failure);
        }

        @Override
        public GuestAddFailed failed(Failure failure) {
            return failure(guest, failure);
        }
    }

    record GuestAddFailed(String guest, Failure failure) implements Failed {
    }

    record GuestMoved(String guest, String from, String to) implements Succeeded {
        /** The failed twin of moving {@code guest}. */
        public static GuestMoveFailed failure(String guest, Failure failure) {
            return new GuestMoveFailed(guest, failure);
        }

        @Override
        public GuestMoveFailed failed(Failure failure) {
            return failure(guest, failure);
        }
    }

    record GuestMoveFailed(String guest, Failure failure) implements Failed {
    }

    record LabSpawned(int nodes, int guests) implements Succeeded {
        /** The failed twin of a spawn. */
        public static LabSpawnFailed failure(Failure failure) {
            return new LabSpawnFailed(failure);
        }

        @Override
        public LabSpawnFailed failed(Failure failure) {
            return failure(failure);
        }
    }

    record LabSpawnFailed(Failure failure) implements Failed {
    }

    /** {@code compensated}: steps reversed from the log; {@code swept}: leftovers found by the lab's mark. */
    record LabCleaned(int compensated, int swept) implements Succeeded {
        /** The failed twin of a clean. */
        public static LabCleanFailed failure(Failure failure) {
            return new LabCleanFailed(failure);
        }

        @Override
        public LabCleanFailed failed(Failure failure) {
            return failure(failure);
        }
    }

    record LabCleanFailed(Failure failure) implements Failed {
    }

    // ---- issue 12: removal and link impairment ------------------------------------------------------------------

    record GuestRemoved(String guest, String node) implements Succeeded {
        /** The failed twin of removing {@code guest}. */
        public static GuestRemoveFailed failure(String guest, Failure failure) {
            return new GuestRemoveFailed(guest, failure);
        }

        @Override
        public GuestRemoveFailed failed(Failure failure) {
            return failure(guest, failure);
        }
    }

    record GuestRemoveFailed(String guest, Failure failure) implements Failed {
    }

    /** {@code guests}: the guests removed with it ({@code --force}), in order. */
    record NodeRemoved(String node, java.util.List<String> guests) implements Succeeded {
        public NodeRemoved {
            guests = java.util.List.copyOf(guests);
        }

        /** The failed twin of removing {@code node}. */
        public static NodeRemoveFailed failure(String node, Failure failure) {
            return new NodeRemoveFailed(node, failure);
        }

        @Override
        public NodeRemoveFailed failed(Failure failure) {
            return failure(node, failure);
        }
    }

    record NodeRemoveFailed(String node, Failure failure) implements Failed {
    }

    /** The guest's link now has {@code impairment}; null: none. */
    record NetemSet(String guest, dev.dovs.events.model.Impairment impairment) implements Succeeded {
        /** The failed twin of impairing (or clearing) {@code guest}'s link. */
        public static NetemSetFailed failure(String guest, Failure failure) {
            return new NetemSetFailed(guest, failure);
        }

        @Override
        public NetemSetFailed failed(Failure failure) {
            return failure(guest, failure);
        }
    }

    record NetemSetFailed(String guest, Failure failure) implements Failed {
    }
    // ---- end issue 12 -------------------------------------------------------------------------------------------
}
