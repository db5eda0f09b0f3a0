package dev.dovs.events.model;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Addresses and MACs no host may hold: each class with its RFC, and the edges of each range. */
class AddressRulesTest {

    @ParameterizedTest
    @CsvSource({
            "127.0.0.5/8, loopback, RFC 1122",
            "127.255.255.1/24, loopback, RFC 1122",
            "0.0.0.1/8, this network, RFC 1122",
            "0.255.255.1/24, this network, RFC 1122",
            "224.0.0.5/24, multicast, RFC 5771",
            "239.255.255.1/24, multicast, RFC 5771",
            "240.0.0.1/8, reserved, RFC 6890",
            "255.255.255.254/24, reserved, RFC 6890",
    })
    void guest_addresses_no_host_may_hold_are_refused_with_the_rule_and_its_rfc(String cidr, String what,
                                                                              String rfc) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Ipv4Cidr.parseHost(cidr));
        assertTrue(e.getMessage().startsWith("invalid address '" + cidr + "': "), e.getMessage());
        assertTrue(e.getMessage().contains(what), e.getMessage());
        assertTrue(e.getMessage().contains(rfc), e.getMessage());
    }

    @Test
    void the_limited_broadcast_address_has_its_own_reason() {
        assertEquals("255.255.255.255 is the limited broadcast address (RFC 919)",
                AddressRules.hostProblem(-1).orElseThrow());
    }

    @ParameterizedTest
    @ValueSource(strings = {"1.0.0.1/8", "126.255.255.254/8", "128.0.0.1/16", "223.255.255.1/24", "10.0.0.1/24",
            "169.254.1.1/16", "192.0.2.1/24", "100.64.0.1/10"})
    void addresses_next_to_the_ranges_and_link_local_are_host_addresses(String cidr) {
        assertEquals(cidr, Ipv4Cidr.parseHost(cidr).toString());
    }

    @Test
    void link_local_is_refused_only_where_a_router_would_have_to_forward_it() {
        Ipv4Cidr ll = Ipv4Cidr.parseHost("169.254.3.4/16");
        assertTrue(AddressRules.linkLocal(ll.address()));
        String p = AddressRules.routableProblem(ll).orElseThrow();
        assertTrue(p.contains("RFC 3927"), p);
        assertFalse(AddressRules.routableProblem(Ipv4Cidr.parseHost("169.253.255.1/16")).isPresent());
        assertFalse(AddressRules.routableProblem(Ipv4Cidr.parseHost("169.255.0.1/16")).isPresent());
    }

    @ParameterizedTest
    @CsvSource({
            "ff:ff:ff:ff:ff:ff, broadcast",
            "01:00:5e:00:00:01, multicast",
            "33:33:00:00:00:01, multicast",
            "00:00:00:00:00:00, all-zero",
    })
    void macs_no_nic_may_use(String mac, String why) {
        assertTrue(AddressRules.macProblem(mac).orElseThrow().contains(why));
    }

    @ParameterizedTest
    @ValueSource(strings = {"fa:16:3e:00:00:01", "02:00:00:00:00:00", "00:00:00:00:00:01", "FE:FF:FF:FF:FF:FF"})
    void unicast_macs_are_fine(String mac) {
        assertFalse(AddressRules.macProblem(mac).isPresent());
    }
}
