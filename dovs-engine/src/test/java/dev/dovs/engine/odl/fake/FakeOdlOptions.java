package dev.dovs.engine.odl.fake;

import java.time.Duration;

/** Settings of a {@link FakeOdl}. Ports: 0 = any free port, -1 = do not listen. Loopback by default. */
public final class FakeOdlOptions {

    private String host = "127.0.0.1";
    private int port = 0;
    private int ovsdbPort = -1;
    private int openflowPort = -1;
    private String user = "admin";
    private String password = "admin";
    private boolean geniusMissing;
    private Duration bindDelay = Duration.ZERO;
    private Duration autoPlugDelay;

    public String host() { return host; }

    public FakeOdlOptions host(String h) { host = h; return this; }

    public int port() { return port; }

    public FakeOdlOptions port(int p) { port = p; return this; }

    public int ovsdbPort() { return ovsdbPort; }

    public FakeOdlOptions ovsdbPort(int p) { ovsdbPort = p; return this; }

    public int openflowPort() { return openflowPort; }

    public FakeOdlOptions openflowPort(int p) { openflowPort = p; return this; }

    public String user() { return user; }

    public String password() { return password; }

    public FakeOdlOptions credentials(String u, String p) { user = u; password = p; return this; }

    public boolean geniusMissing() { return geniusMissing; }

    /** Pretend genius is not installed: every {@code itm:} path answers 400 unknown-element. */
    public FakeOdlOptions geniusMissing(boolean g) { geniusMissing = g; return this; }

    public Duration bindDelay() { return bindDelay; }

    /** How long "genius" takes to set parent-interface once a tap is plugged (exercises client polling). */
    public FakeOdlOptions bindDelay(Duration d) { bindDelay = d; return this; }

    public Duration autoPlugDelay() { return autoPlugDelay; }

    /**
     * If set, a compute port PUT is followed, after this delay, by an implicit {@code plugged(uuid,
     * "tap"+uuid[0:11])}, standing in for the OVS side this fake does not implement. Null = only explicit plugs.
     */
    public FakeOdlOptions autoPlugDelay(Duration d) { autoPlugDelay = d; return this; }
}
