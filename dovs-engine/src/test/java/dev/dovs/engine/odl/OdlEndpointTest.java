package dev.dovs.engine.odl;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class OdlEndpointTest {

    @Test
    void defaultsPortAndCredentials() {
        OdlEndpoint e = OdlEndpoint.parse("127.0.0.1");
        assertEquals("127.0.0.1", e.host());
        assertEquals(8181, e.port());
        assertEquals("admin", e.user());
    }

    @Test
    void parsesPortAndBracketedIpv6() {
        assertEquals(18181, OdlEndpoint.parse("odl.example:18181").port());
        OdlEndpoint v6 = OdlEndpoint.parse("[::1]:9000", "u", "p");
        assertEquals("::1", v6.host());
        assertEquals("[::1]:9000", v6.hostPort());
    }

    @Test
    void rejectsBadAddressesWithClearMessages() {
        assertTrue(msg("").contains("must not be empty"));
        assertTrue(msg("127.0.0.1:0").contains("port '0'"));
        assertTrue(msg("127.0.0.1:70000").contains("between 1 and 65535"));
        assertTrue(msg("127.0.0.1:abc").contains("port 'abc'"));
        assertTrue(msg("::1").contains("brackets"));
        assertTrue(msg(":8181").contains("host is empty"));
        assertTrue(msg("user@host:8181").contains("invalid host"));
        assertTrue(msg("[::1").contains("missing ']'"));
    }

    @Test
    void toStringNeverShowsThePassword() {
        OdlEndpoint e = OdlEndpoint.parse("127.0.0.1:8181", "admin", "s3cr3t-pw");
        assertFalse(e.toString().contains("s3cr3t-pw"), e.toString());
        assertTrue(e.toString().contains("admin@127.0.0.1:8181"));
    }

    private static String msg(String hostPort) {
        return assertThrows(IllegalArgumentException.class, () -> OdlEndpoint.parse(hostPort)).getMessage();
    }
}
