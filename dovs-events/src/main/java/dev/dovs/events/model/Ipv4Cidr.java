package dev.dovs.events.model;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** An IPv4 host address with its prefix, e.g. {@code 10.0.0.1/24}. */
public record Ipv4Cidr(int address, int prefix) {
    private static final Pattern FORM = Pattern.compile("(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})/(\\d{1,2})");

    /**
     * Parses and checks that the address is usable by a guest: prefix 1-30, not the network nor the broadcast
     * address of its subnet, and none of the addresses no host may hold ({@link AddressRules#hostProblem(int)}:
     * loopback, "this network", multicast, reserved, limited broadcast).
     *
     * @throws IllegalArgumentException naming the address and what is wrong with it
     */
    public static Ipv4Cidr parseHost(String text) {
        Ipv4Cidr c;
        try {
            c = parseAny(text);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(e.getMessage().replace("invalid subnet", "invalid address"));
        }
        if (c.prefix < 1 || c.prefix > 30) {
            throw new IllegalArgumentException("invalid address '" + text + "': prefix must be 1-30 to leave room "
                    + "for hosts");
        }
        if (c.address == c.network()) {
            throw new IllegalArgumentException("invalid address '" + text + "': that is the network address");
        }
        if (c.address == c.broadcast()) {
            throw new IllegalArgumentException("invalid address '" + text + "': that is the broadcast address");
        }
        return AddressRules.requireHost(c);
    }

    /** Parses any IPv4 CIDR, network addresses included (for subnets). */
    public static Ipv4Cidr parseAny(String text) {
        Matcher m = FORM.matcher(text == null ? "" : text.trim());
        if (!m.matches()) {
            throw new IllegalArgumentException("invalid subnet '" + text + "': expected IPv4 CIDR like 10.0.0.1/24");
        }
        if (Integer.parseInt(m.group(5)) > 32) {
            throw new IllegalArgumentException("invalid subnet '" + text + "': prefix must be at most 32");
        }
        int addr = 0;
        for (int i = 1; i <= 4; i++) {
            int octet = Integer.parseInt(m.group(i));
            if (octet > 255) {
                throw new IllegalArgumentException("invalid subnet '" + text + "': octet " + octet + " > 255");
            }
            addr = (addr << 8) | octet;
        }
        return new Ipv4Cidr(addr, Integer.parseInt(m.group(5)));
    }

    /** True when {@code address} (an int) is inside this subnet. */
    public boolean contains(int other) {
        return (other & mask()) == network();
    }

    /** True when the two subnets share any address. */
    public boolean overlaps(Ipv4Cidr other) {
        int p = Math.min(prefix, other.prefix);
        int m = p == 0 ? 0 : -1 << (32 - p);
        return (address & m) == (other.address & m);
    }

    public int mask() {
        return prefix == 0 ? 0 : -1 << (32 - prefix);
    }

    public int network() {
        return address & mask();
    }

    public int broadcast() {
        return network() | ~mask();
    }

    /** The original's gateway convention: the second-to-last address of the subnet (10.0.0.254 in a /24). */
    public int gateway() {
        return broadcast() - 1;
    }

    public String ip() {
        return format(address);
    }

    public String subnet() {
        return format(network()) + "/" + prefix;
    }

    public String gatewayIp() {
        return format(gateway());
    }

    @Override
    public String toString() {
        return ip() + "/" + prefix;
    }

    public static String format(int a) {
        return ((a >>> 24) & 255) + "." + ((a >>> 16) & 255) + "." + ((a >>> 8) & 255) + "." + (a & 255);
    }
}
