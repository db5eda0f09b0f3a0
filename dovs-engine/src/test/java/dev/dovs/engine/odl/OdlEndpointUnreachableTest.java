package dev.dovs.engine.odl;

import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.net.UnknownHostException;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/** Controller addresses that can never answer; names are resolved by a stub (no DNS traffic from tests). */
class OdlEndpointUnreachableTest {
    private static final OdlEndpoint.Resolver NOTHING_RESOLVES = h -> {
        throw new UnknownHostException(h);
    };
    private static final OdlEndpoint.Resolver ODL_RESOLVES = h -> {
        if (h.equals("odl")) {
            return new InetAddress[]{InetAddress.getByAddress(h, new byte[]{10, 0, 0, 9})};
        }
        throw new UnknownHostException(h);
    };

    @Test
    void literals_that_are_no_address_or_no_hosts_are_refused() {
        assertEquals("'999.1.1.1' is not a valid IPv4 address",
                OdlEndpoint.unreachableProblem("999.1.1.1", NOTHING_RESOLVES));
        assertEquals("'1.2.3' is not a valid IPv4 address", OdlEndpoint.unreachableProblem("1.2.3", NOTHING_RESOLVES));
        assertEquals("224.1.1.1 cannot be a controller: 224.0.0.0/4 is multicast, a group and not a host (RFC 5771)",
                OdlEndpoint.unreachableProblem("224.1.1.1", NOTHING_RESOLVES));
    }

    @Test
    void this_host_and_ordinary_addresses_are_fine_without_any_lookup() {
        assertNull(OdlEndpoint.unreachableProblem("127.0.0.1", NOTHING_RESOLVES), "loopback: ODL on this host");
        assertNull(OdlEndpoint.unreachableProblem("10.1.2.3", NOTHING_RESOLVES));
        assertNull(OdlEndpoint.unreachableProblem("::1", NOTHING_RESOLVES));
    }

    @Test
    void a_name_must_resolve() {
        assertNull(OdlEndpoint.unreachableProblem("odl", ODL_RESOLVES));
        assertEquals("host name 'odl-typo' does not resolve", OdlEndpoint.unreachableProblem("odl-typo", ODL_RESOLVES));
    }

    @Test
    void a_request_that_never_left_the_host_is_unreachable_not_an_io_error() {
        OdlException e = OdlException.transport("PUT", "/p", new UnknownHostException("odl-typo"), 1000, "odl-typo:8181");
        assertEquals(OdlException.Kind.UNREACHABLE, e.kind());
        assertEquals("PUT /p -> ODL host of odl-typo:8181 does not resolve", e.getMessage());
    }
}
