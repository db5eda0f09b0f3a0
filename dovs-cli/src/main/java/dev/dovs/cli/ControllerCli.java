package dev.dovs.cli;

import dev.dovs.engine.controller.ControllerSettings;

/**
 * The command-line options of one SDN controller (a picocli mixin such as {@link OdlOptions}): what an embedded
 * engine needs to talk to it (never logged), for {@link Commands#submit}.
 */
interface ControllerCli {

    /** The controller's settings (credentials, timeouts), validated; exit 2 on bad input. */
    ControllerSettings settings();

    /** True when the user chose settings of their own (a running engine would not see them). */
    boolean customised();

    /** How messages name the controller ({@code ODL}). */
    String displayName();
}
