package dev.dovs.engine.fake;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * One emulated Linux host for unit tests of the subsystem verticles: docker containers with their network
 * namespaces (by init pid), the OVS database inside each running node, and the host's named network namespaces. The
 * three fake drivers ({@link FakeDocker}, {@link FakeOvs}, {@link FakeNetns}) share it, so that what one creates the
 * others see, as on a real host: a veth's peer appears in the node's namespace, a stopped node takes its OVS with
 * it. Each fake validates its input the way the real tool would and refuses what it would refuse. Not thread-safe
 * beyond the synchronisation of its public methods; the verticles call drivers from worker threads.
 */
public final class FakeHost {
    /** Linux IFNAMSIZ - 1 ({@code include/uapi/linux/if.h}): the longest interface name. */
    static final int MAX_IFNAME = 15;
    private static final Pattern IFNAME = Pattern.compile("[^\\s/:]{1,15}");
    private static final Pattern MAC = Pattern.compile("[0-9a-f]{2}(:[0-9a-f]{2}){5}");

    /** A network interface in some namespace. */
    static final class Link {
        final String name;
        String mac;
        int mtu;
        boolean up;
        /** The veth peer's name (in whatever namespace it is), null for other kinds. */
        final String peer;
        final Map<String, String> addresses = new LinkedHashMap<>(); // cidr -> "" (ordered set)
        boolean txChecksumOffload = true;

        Link(String name, String mac, int mtu, String peer) {
            this.name = name;
            this.mac = mac;
            this.mtu = mtu;
            this.peer = peer;
        }
    }

    /** A network namespace: a named one (/run/netns) or a container's (by pid). */
    static final class Namespace {
        final Map<String, Link> links = new LinkedHashMap<>();
        String defaultGateway;
        boolean forwarding;
        final java.util.List<String> arpAnnounced = new java.util.ArrayList<>();

        Namespace() {
            links.put("lo", new Link("lo", "00:00:00:00:00:00", 65536, null));
        }
    }

    final FakeDocker docker = new FakeDocker(this);
    final FakeOvs ovs = new FakeOvs(this);
    final FakeNetns netns = new FakeNetns(this);

    /** Container network namespaces of running containers, by init pid. */
    final Map<Long, Namespace> pidNamespaces = new LinkedHashMap<>();
    /** Named namespaces ({@code ip netns}). */
    final Map<String, Namespace> namedNamespaces = new LinkedHashMap<>();

    public FakeDocker docker() {
        return docker;
    }

    public FakeOvs ovs() {
        return ovs;
    }

    public FakeNetns netns() {
        return netns;
    }

    /** The namespace of a running container's init process; fails as nsenter would for a dead pid. */
    synchronized Namespace pidNamespace(long pid) {
        Namespace ns = pidNamespaces.get(pid);
        if (ns == null) {
            throw new IllegalStateException("nsenter: cannot open /proc/" + pid + "/ns/net: No such file or directory");
        }
        return ns;
    }

    static String requireIfname(String name) {
        Objects.requireNonNull(name, "interface name");
        if (!IFNAME.matcher(name).matches()) {
            throw new IllegalArgumentException("Error: argument \"" + name + "\" is wrong: \"name\" not a valid ifname");
        }
        return name;
    }

    static String requireMac(String mac) {
        if (mac == null || !MAC.matcher(mac).matches()) {
            throw new IllegalArgumentException("Error: \"" + mac + "\" is not a valid MAC address");
        }
        return mac;
    }

    /** {@code A.B.C.D/N} with each octet 0-255 and N 0-32, as {@code ip addr add} accepts it. */
    static int[] requireCidr(String cidr) {
        String[] parts = cidr == null ? new String[0] : cidr.split("/");
        if (parts.length != 2) {
            throw new IllegalArgumentException("Error: any valid prefix is expected rather than \"" + cidr + "\".");
        }
        int prefix;
        try {
            prefix = Integer.parseInt(parts[1]);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("Error: invalid prefix length in \"" + cidr + "\".");
        }
        if (prefix < 0 || prefix > 32) {
            throw new IllegalArgumentException("Error: invalid prefix length in \"" + cidr + "\".");
        }
        return new int[]{requireIp(parts[0]), prefix};
    }

    static int requireIp(String ip) {
        String[] o = ip == null ? new String[0] : ip.split("\\.");
        if (o.length != 4) {
            throw new IllegalArgumentException("Error: inet address is expected rather than \"" + ip + "\".");
        }
        int v = 0;
        for (String s : o) {
            int b;
            try {
                b = Integer.parseInt(s);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("Error: inet address is expected rather than \"" + ip + "\".");
            }
            if (b < 0 || b > 255) {
                throw new IllegalArgumentException("Error: inet address is expected rather than \"" + ip + "\".");
            }
            v = (v << 8) | b;
        }
        return v;
    }

    static boolean sameSubnet(int a, int b, int prefix) {
        int mask = prefix == 0 ? 0 : -1 << (32 - prefix);
        return (a & mask) == (b & mask);
    }
}
