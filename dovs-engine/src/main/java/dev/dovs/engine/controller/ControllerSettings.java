package dev.dovs.engine.controller;

import dev.dovs.events.Intent;

/**
 * What the engine needs to talk to a controller and must never log (credentials, request timeouts): held in the
 * engine's memory only ({@code Engine.Settings}), one per controller kind.
 */
public interface ControllerSettings {
    Intent.ControllerKind kind();
}
