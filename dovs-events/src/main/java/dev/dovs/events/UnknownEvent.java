package dev.dovs.events;

/**
 * A log entry whose type this version of dovs does not know (written by a newer version, or damaged). Readers get
 * this instead of an exception so that {@code log}, {@code info} and {@code clean} keep working; it is never written.
 */
public record UnknownEvent(String type, String raw) implements Event {
}
