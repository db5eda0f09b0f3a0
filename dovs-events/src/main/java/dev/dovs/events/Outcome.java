package dev.dovs.events;

import java.util.Objects;

/** How an intent ended: past tense, success and failure paired per intent type. */
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

    /** Common accessor for the failure half of each pair. */
    interface Failed {
        Failure failure();
    }

    record NodeAdded(String node, String container, String containerId, String mgmtIp, String intIp)
            implements Outcome {
        @Override
        public boolean succeeded() {
            return true;
        }
    }

    record NodeAddFailed(String node, Failure failure) implements Outcome, Failed {
        @Override
        public boolean succeeded() {
            return false;
        }
    }

    record GuestAdded(String guest, String node, String netns, String tap) implements Outcome {
        @Override
        public boolean succeeded() {
            return true;
        }
    }

    record GuestAddFailed(String guest, Failure failure) implements Outcome, Failed {
        @Override
        public boolean succeeded() {
            return false;
        }
    }

    record GuestMoved(String guest, String from, String to) implements Outcome {
        @Override
        public boolean succeeded() {
            return true;
        }
    }

    record GuestMoveFailed(String guest, Failure failure) implements Outcome, Failed {
        @Override
        public boolean succeeded() {
            return false;
        }
    }

    record LabSpawned(int nodes, int guests) implements Outcome {
        @Override
        public boolean succeeded() {
            return true;
        }
    }

    record LabSpawnFailed(Failure failure) implements Outcome, Failed {
        @Override
        public boolean succeeded() {
            return false;
        }
    }

    /** {@code compensated}: steps reversed from the log; {@code swept}: leftovers found by the lab's mark. */
    record LabCleaned(int compensated, int swept) implements Outcome {
        @Override
        public boolean succeeded() {
            return true;
        }
    }

    record LabCleanFailed(Failure failure) implements Outcome, Failed {
        @Override
        public boolean succeeded() {
            return false;
        }
    }

    // ---- issue 12: removal and link impairment ------------------------------------------------------------------

    record GuestRemoved(String guest, String node) implements Outcome {
        @Override
        public boolean succeeded() {
            return true;
        }
    }

    record GuestRemoveFailed(String guest, Failure failure) implements Outcome, Failed {
        @Override
        public boolean succeeded() {
            return false;
        }
    }

    /** {@code guests}: the guests removed with it ({@code --force}), in order. */
    record NodeRemoved(String node, java.util.List<String> guests) implements Outcome {
        public NodeRemoved {
            guests = java.util.List.copyOf(guests);
        }

        @Override
        public boolean succeeded() {
            return true;
        }
    }

    record NodeRemoveFailed(String node, Failure failure) implements Outcome, Failed {
        @Override
        public boolean succeeded() {
            return false;
        }
    }

    /** The guest's link now has {@code impairment}; null: none. */
    record NetemSet(String guest, dev.dovs.events.model.Impairment impairment) implements Outcome {
        @Override
        public boolean succeeded() {
            return true;
        }
    }

    record NetemSetFailed(String guest, Failure failure) implements Outcome, Failed {
        @Override
        public boolean succeeded() {
            return false;
        }
    }
    // ---- end issue 12 -------------------------------------------------------------------------------------------
}
