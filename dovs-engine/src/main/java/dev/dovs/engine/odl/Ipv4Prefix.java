package dev.dovs.engine.odl;

/** An IPv4 address with a prefix length, e.g. a guest's {@code 10.0.0.5/24}. dovs is IPv4 only. */
public record Ipv4Prefix(int address, int length) {

    public Ipv4Prefix {
        if (length < 0 || length > 32) {
            throw new IllegalArgumentException("prefix length " + length + " is not between 0 and 32");
        }
    }

    public static Ipv4Prefix parse(String cidr) {
        int slash = cidr == null ? -1 : cidr.indexOf('/');
        if (slash < 0) {
            throw new IllegalArgumentException("'" + cidr + "' is not an IPv4 prefix like 10.0.0.1/24");
        }
        String len = cidr.substring(slash + 1);
        if (!len.matches("[0-9]{1,2}")) {
            throw new IllegalArgumentException("'" + cidr + "': prefix length '" + len + "' is not a number");
        }
        return new Ipv4Prefix(parseAddress(cidr.substring(0, slash)), Integer.parseInt(len));
    }

    public static int parseAddress(String ip) {
        String[] parts = ip.split("\\.", -1);
        if (parts.length != 4) {
            throw new IllegalArgumentException("'" + ip + "' is not an IPv4 address");
        }
        int a = 0;
        for (String p : parts) {
            if (!p.matches("[0-9]{1,3}") || Integer.parseInt(p) > 255) {
                throw new IllegalArgumentException("'" + ip + "' is not an IPv4 address");
            }
            a = (a << 8) | Integer.parseInt(p);
        }
        return a;
    }

    public static String format(int a) {
        return (a >>> 24) + "." + ((a >>> 16) & 255) + "." + ((a >>> 8) & 255) + "." + (a & 255);
    }

    private int mask() {
        return length == 0 ? 0 : -1 << (32 - length);
    }

    public Ipv4Prefix network() {
        return new Ipv4Prefix(address & mask(), length);
    }

    public String ip() {
        return format(address);
    }

    /**
     * The second-to-last address of the network (the original's {@code network[-2]}, e.g. .254 in a /24).
     * /31 and /32 have no such usable address; the original crashed there, we refuse with a clear message.
     */
    public String gateway() {
        if (length > 30) {
            throw new IllegalArgumentException(
                    "subnet " + network() + " is too small for a gateway: use a prefix length of 30 or less");
        }
        return format((address | ~mask()) - 1);
    }

    public boolean contains(String ip) {
        return (parseAddress(ip) & mask()) == (address & mask());
    }

    @Override
    public String toString() {
        return format(address) + "/" + length;
    }
}
