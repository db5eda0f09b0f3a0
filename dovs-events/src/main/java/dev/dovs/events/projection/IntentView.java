package dev.dovs.events.projection;

import dev.dovs.events.Intent;
import dev.dovs.events.Outcome;

import java.time.Instant;

/** An intent and how far it got. */
public record IntentView(String id, long index, Instant time, String actor, String causationId, Intent intent,
                         Status status, Outcome outcome, long outcomeIndex, Instant outcomeTime) {

    public enum Status {
        /** In the log, not picked up by an engine yet. */
        PENDING,
        /** An engine started applying it. */
        RUNNING,
        SUCCEEDED,
        FAILED
    }

    public boolean finished() {
        return status == Status.SUCCEEDED || status == Status.FAILED;
    }

    IntentView withStatus(Status s) {
        return new IntentView(id, index, time, actor, causationId, intent, s, outcome, outcomeIndex, outcomeTime);
    }

    IntentView finish(Outcome o, long idx, Instant at) {
        return new IntentView(id, index, time, actor, causationId, intent,
                o.succeeded() ? Status.SUCCEEDED : Status.FAILED, o, idx, at);
    }
}
