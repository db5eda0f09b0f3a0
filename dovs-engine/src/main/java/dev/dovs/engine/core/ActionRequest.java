package dev.dovs.engine.core;

import dev.dovs.events.Action;

/** Event-bus message asking a subsystem verticle to apply one action. */
public record ActionRequest(String stepId, Action action) {
}
