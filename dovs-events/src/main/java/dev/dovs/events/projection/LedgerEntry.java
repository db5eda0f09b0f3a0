package dev.dovs.events.projection;

import dev.dovs.events.Action;

/** A forward step that may have left something on the host and has not been compensated yet. */
public record LedgerEntry(String step, String intentId, Action action) {
}
