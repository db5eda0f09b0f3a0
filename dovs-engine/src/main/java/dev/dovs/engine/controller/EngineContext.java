package dev.dovs.engine.controller;

import dev.dovs.engine.docker.DockerDriver;
import dev.dovs.engine.ovs.OvsDriver;
import dev.dovs.events.Intent;

import java.util.Map;

/**
 * What a controller's verticles get from the engine: the docker driver, the nodes' OVS driver (blocking) and the
 * controllers' settings.
 */
public record EngineContext(DockerDriver docker, OvsDriver ovs,
                            Map<Intent.ControllerKind, ControllerSettings> settings) {
    public EngineContext {
        settings = Map.copyOf(settings);
    }

    /** The settings of {@code kind}, or {@code fallback} when the user gave none. */
    public <T extends ControllerSettings> T settings(Intent.ControllerKind kind, Class<T> type, T fallback) {
        ControllerSettings s = settings.get(kind);
        return type.isInstance(s) ? type.cast(s) : fallback;
    }
}
