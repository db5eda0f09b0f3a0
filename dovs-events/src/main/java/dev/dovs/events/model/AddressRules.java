package dev.dovs.events.model;

import java.util.Locale;
import java.util.Optional;

/**
 * The addresses and MACs that no host interface (a neutron port, a guest's {@code eth0}, a controller) may hold.
 * One place for the rules, applied wherever an address or MAC enters dovs: CLI options, spawn plans, and the
 * intents of a replayed or imported log (the planner checks those again).
 *
 * <p>IPv4 (special-purpose registry, RFC 6890):
 * <ul>
 *   <li>{@code 0.0.0.0/8} "this network": only a source while a host learns its address (RFC 1122 3.2.1.3,
 *       RFC 6890 2.2.2);</li>
 *   <li>{@code 127.0.0.0/8} loopback: never on a wire (RFC 1122 3.2.1.3);</li>
 *   <li>{@code 224.0.0.0/4} multicast: a group, never an interface's address (RFC 5771, RFC 1112 4);</li>
 *   <li>{@code 255.255.255.255} limited broadcast (RFC 919 7, RFC 8190);</li>
 *   <li>{@code 240.0.0.0/4} reserved for future use (RFC 1112 4, RFC 6890 2.2.2);</li>
 *   <li>{@code 169.254.0.0/16} link-local (RFC 3927): valid on one link, so a guest may hold it on a net without
 *       a router, but a router must never forward it (RFC 3927 2.7): refused on routed nets
 *       ({@link #routableProblem(Ipv4Cidr)}).</li>
 * </ul>
 * The network and broadcast address of the guest's own subnet are refused by {@link Ipv4Cidr#parseHost(String)}.
 *
 * <p>MAC (IEEE 802-2014 8.2): the individual/group bit (the least significant bit of the first octet) set means
 * a group address (multicast, and broadcast {@code ff:ff:ff:ff:ff:ff}), never a station's; the all-zero address
 * is no station either (Linux refuses both: {@code is_valid_ether_addr}).
 */
public final class AddressRules {

    private AddressRules() {
    }

    private static boolean in(int address, int network, int prefix) {
        int mask = prefix == 0 ? 0 : -1 << (32 - prefix);
        return (address & mask) == (network & mask);
    }

    private static int ip(int a, int b, int c, int d) {
        return (a << 24) | (b << 16) | (c << 8) | d;
    }

    /** Why no host may hold IPv4 address {@code address} (as an int), or empty when one may. */
    public static Optional<String> hostProblem(int address) {
        if (in(address, 0, 8)) {
            return Optional.of("0.0.0.0/8 means \"this network\" and is no host's address (RFC 1122 3.2.1.3)");
        }
        if (in(address, ip(127, 0, 0, 0), 8)) {
            return Optional.of("127.0.0.0/8 is loopback, never on a network (RFC 1122 3.2.1.3)");
        }
        if (in(address, ip(224, 0, 0, 0), 4)) {
            return Optional.of("224.0.0.0/4 is multicast, a group and not a host (RFC 5771)");
        }
        if (address == -1) {
            return Optional.of("255.255.255.255 is the limited broadcast address (RFC 919)");
        }
        if (in(address, ip(240, 0, 0, 0), 4)) {
            return Optional.of("240.0.0.0/4 is reserved for future use (RFC 6890)");
        }
        return Optional.empty();
    }

    /** True for link-local 169.254.0.0/16 (RFC 3927). */
    public static boolean linkLocal(int address) {
        return in(address, ip(169, 254, 0, 0), 16);
    }

    /** Why a guest on a routed net cannot hold this address, or empty when it can. */
    public static Optional<String> routableProblem(Ipv4Cidr cidr) {
        if (linkLocal(cidr.address())) {
            return Optional.of("address " + cidr + " is link-local: a router never forwards 169.254.0.0/16 "
                    + "(RFC 3927 2.7), so it cannot be on a net with a router");
        }
        return Optional.empty();
    }

    /**
     * Checks a guest address.
     *
     * @throws IllegalArgumentException naming the address and the rule (with its RFC)
     */
    public static Ipv4Cidr requireHost(Ipv4Cidr cidr) {
        hostProblem(cidr.address()).ifPresent(p -> {
            throw new IllegalArgumentException("invalid address '" + cidr + "': " + p);
        });
        return cidr;
    }

    /** Why no NIC may use this MAC (lowercase {@code xx:xx:xx:xx:xx:xx}), or empty when one may. */
    public static Optional<String> macProblem(String mac) {
        String m = mac.toLowerCase(Locale.ROOT);
        if (m.equals("ff:ff:ff:ff:ff:ff")) {
            return Optional.of("that is the broadcast address (the group bit is set: multicast, IEEE 802 8.2)");
        }
        if ((Integer.parseInt(m.substring(0, 2), 16) & 1) != 0) {
            return Optional.of("the group (multicast) bit of the first octet is set: a multicast address "
                    + "(IEEE 802 8.2)");
        }
        if (m.equals("00:00:00:00:00:00")) {
            return Optional.of("the all-zero address is no station's (Linux refuses it)");
        }
        return Optional.empty();
    }
}
