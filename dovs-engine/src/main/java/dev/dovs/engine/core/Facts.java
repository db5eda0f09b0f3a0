package dev.dovs.engine.core;

import java.util.Map;

/** Event-bus reply of a subsystem verticle: what the action learnt. */
public record Facts(Map<String, String> values) {
    public Facts {
        values = Map.copyOf(values);
    }

    public static Facts of(Map<String, String> values) {
        return new Facts(values);
    }

    public static Facts created(boolean created) {
        return new Facts(Map.of(dev.dovs.events.Action.CREATED, String.valueOf(created)));
    }
}
