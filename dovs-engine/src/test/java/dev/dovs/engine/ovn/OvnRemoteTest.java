package dev.dovs.engine.ovn;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertThrows;

class OvnRemoteTest {
    @Test
    void acceptsTcpSslAndUnixRemotes() {
        assertDoesNotThrow(() -> OvnRemote.check("tcp:192.0.2.1:6641", "--ovn-nb"));
        assertDoesNotThrow(() -> OvnRemote.check("ssl:10.0.0.1:6642", "--ovn-sb"));
        assertDoesNotThrow(() -> OvnRemote.check("unix:/run/ovn/ovnnb_db.sock", "--ovn-nb"));
    }

    @Test
    void refusesAnythingElse() {
        for (String bad : new String[] {"192.0.2.1:6641", "tcp:host:6641", "tcp:300.1.1.1:6641",
                "tcp:1.2.3.4:70000", "tcp:1.2.3.4", "unix:relative", "unix:/a/../etc", "tcp:1.2.3.4:6641;rm", ""}) {
            assertThrows(IllegalArgumentException.class, () -> OvnRemote.check(bad, "--ovn-nb"), bad);
        }
        assertThrows(IllegalArgumentException.class, () -> OvnRemote.check(null, "--ovn-nb"));
    }
}
