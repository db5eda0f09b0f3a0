package dev.dovs.events;

/** Lifecycle of the process applying intents; tells {@code log} readers who did the work. */
public sealed interface EngineEvent extends Event {

    record EngineStarted(long pid, String mode, String version) implements EngineEvent {
    }

    record EngineStopped(long pid, String reason) implements EngineEvent {
    }
}
