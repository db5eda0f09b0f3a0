package dev.dovs.engine.core;

import dev.dovs.events.StepResult;

import java.util.Objects;

/** Event-bus reply of a subsystem verticle: the typed result of the action it applied. */
public record StepReply(StepResult result) {
    public StepReply {
        Objects.requireNonNull(result, "result");
    }
}
