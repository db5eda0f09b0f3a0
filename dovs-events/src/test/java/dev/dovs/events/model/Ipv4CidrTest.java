package dev.dovs.events.model;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.NullSource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class Ipv4CidrTest {

    @ParameterizedTest(name = "{0}: ip {1}, subnet {2}, gateway {3}")
    @CsvSource({
            "10.0.0.1/24,      10.0.0.1,      10.0.0.0/24,      10.0.0.254",
            "10.0.0.253/24,    10.0.0.253,    10.0.0.0/24,      10.0.0.254",
            "192.168.1.130/25, 192.168.1.130, 192.168.1.128/25, 192.168.1.254",
            "192.168.1.5/25,   192.168.1.5,   192.168.1.0/25,   192.168.1.126",
            "10.0.0.1/30,      10.0.0.1,      10.0.0.0/30,      10.0.0.2",
            "172.16.5.4/12,    172.16.5.4,    172.16.0.0/12,    172.31.255.254",
            "10.1.2.3/8,       10.1.2.3,      10.0.0.0/8,       10.255.255.254",
            "200.1.2.3/1,      200.1.2.3,     128.0.0.0/1,      255.255.255.254",
            "' 10.0.0.1/24 ',  10.0.0.1,      10.0.0.0/24,      10.0.0.254",
    })
    void parses_usable_host_addresses_and_derives_subnet_and_second_to_last_gateway(String text, String ip,
                                                                                     String subnet, String gw) {
        Ipv4Cidr c = Ipv4Cidr.parseHost(text);
        assertEquals(ip, c.ip());
        assertEquals(subnet, c.subnet());
        assertEquals(gw, c.gatewayIp());
        assertEquals(ip + "/" + subnet.substring(subnet.indexOf('/') + 1), c.toString());
    }

    @Test
    void gateway_is_the_address_just_below_broadcast() {
        Ipv4Cidr c = Ipv4Cidr.parseHost("10.9.8.7/16");
        assertEquals("10.9.255.255", Ipv4Cidr.format(c.broadcast()));
        assertEquals("10.9.0.0", Ipv4Cidr.format(c.network()));
        assertEquals(c.broadcast() - 1, c.gateway());
    }

    @ParameterizedTest
    @ValueSource(strings = {"10.0.0.0/24", "192.168.1.128/25", "10.0.0.0/30", "10.0.0.0/8"})
    void rejects_the_network_address(String text) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Ipv4Cidr.parseHost(text));
        assertTrue(e.getMessage().contains("network address"), e.getMessage());
    }

    @ParameterizedTest
    @ValueSource(strings = {"10.0.0.255/24", "192.168.1.127/25", "10.0.0.3/30", "255.255.255.255/1"})
    void rejects_the_broadcast_address(String text) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Ipv4Cidr.parseHost(text));
        assertTrue(e.getMessage().contains("broadcast address"), e.getMessage());
    }

    @ParameterizedTest
    @ValueSource(strings = {"10.0.0.1/31", "10.0.0.1/32", "10.0.0.1/0", "10.0.0.1/33", "10.0.0.1/99"})
    void rejects_prefixes_that_leave_no_room_for_hosts(String text) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Ipv4Cidr.parseHost(text));
        assertTrue(e.getMessage().contains("prefix"), e.getMessage());
    }

    @ParameterizedTest
    @NullSource
    @ValueSource(strings = {"", "garbage", "10.0.0.1", "10.0.0/24", "10.0.0.1.5/24", "10.0.0.256/24",
            "300.0.0.1/24", "10.0.0.1/", "a.b.c.d/24", "10.0.0.1/24/8", "::1/64", "10.0.0.-1/24", "1000.0.0.1/24"})
    void rejects_what_is_not_an_ipv4_cidr(String text) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Ipv4Cidr.parseHost(text));
        assertTrue(e.getMessage().startsWith("invalid address"), e.getMessage());
    }

    // ---- subnets: parseAny and overlaps ---------------------------------------------------------------------

    @ParameterizedTest(name = "{0}")
    @CsvSource({
            "10.0.0.0/24,      10.0.0.0,    24",
            "10.0.1.0/24,      10.0.1.0,    24",
            "192.168.1.128/25, 192.168.1.128, 25",
            "10.0.0.0/8,       10.0.0.0,    8",
            "0.0.0.0/0,        0.0.0.0,     0",
            "10.0.0.7/32,      10.0.0.7,    32",
    })
    void parse_any_accepts_network_addresses(String text, String ip, int prefix) {
        Ipv4Cidr c = Ipv4Cidr.parseAny(text);
        assertEquals(ip, c.ip());
        assertEquals(prefix, c.prefix());
        assertEquals(text, c.subnet(), "a network address is its own subnet");
        assertEquals(c.network(), c.address());
    }

    @Test
    void parse_any_of_a_host_subnet_gives_the_same_subnet_and_gateway() {
        Ipv4Cidr host = Ipv4Cidr.parseHost("10.0.1.7/24");
        Ipv4Cidr net = Ipv4Cidr.parseAny(host.subnet());
        assertEquals("10.0.1.0/24", net.subnet());
        assertEquals("10.0.1.254", net.gatewayIp());
        assertEquals(host.gateway(), net.gateway());
    }

    @ParameterizedTest
    @NullSource
    @ValueSource(strings = {"", "10.0.0.0", "10.0.0.0/33", "10.0.0.256/24", "a.b.c.d/8", "10.0.0/24"})
    void parse_any_rejects_what_is_not_an_ipv4_cidr(String text) {
        assertThrows(IllegalArgumentException.class, () -> Ipv4Cidr.parseAny(text));
    }

    @ParameterizedTest(name = "{0} vs {1}: {2}")
    @CsvSource({
            "10.0.0.0/24,   10.0.0.128/25, true",
            "10.0.0.0/24,   10.0.0.0/25,   true",
            "10.0.0.0/24,   10.0.0.0/24,   true",
            "10.0.0.0/16,   10.0.200.0/24, true",
            "0.0.0.0/0,     192.168.1.0/24, true",
            "10.0.0.0/24,   10.0.1.0/24,   false",
            "10.0.0.0/25,   10.0.0.128/25, false",
            "10.0.0.0/16,   10.1.0.0/16,   false",
            "192.168.0.0/24, 10.0.0.0/8,   false",
    })
    void overlaps_is_true_exactly_when_the_subnets_share_an_address(String a, String b, boolean expected) {
        Ipv4Cidr x = Ipv4Cidr.parseAny(a);
        Ipv4Cidr y = Ipv4Cidr.parseAny(b);
        assertEquals(expected, x.overlaps(y), a + " vs " + b);
        assertEquals(expected, y.overlaps(x), "symmetric: " + b + " vs " + a);
    }
}
