package dev.dovs.engine.odl;

import dev.dovs.engine.controller.ControllerSettings;
import dev.dovs.events.Intent;

import java.time.Duration;

/** How the engine authenticates to ODL, and how long one RESTCONF request may take. Never logged. */
public record OdlCredentials(String user, String password, Duration requestTimeout) implements ControllerSettings {
    public static final OdlCredentials DEFAULT = new OdlCredentials(OdlEndpoint.DEFAULT_USER,
            OdlEndpoint.DEFAULT_PASSWORD, OdlClientOptions.DEFAULTS.requestTimeout());

    @Override
    public Intent.ControllerKind kind() {
        return Intent.ControllerKind.ODL;
    }

    @Override
    public String toString() {
        return "OdlCredentials[" + user + ", password hidden, " + requestTimeout + "]";
    }
}
