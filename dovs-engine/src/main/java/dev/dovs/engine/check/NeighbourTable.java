package dev.dovs.engine.check;

import dev.dovs.events.projection.LabProjection;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.OptionalLong;
import java.util.Set;

/**
 * The host's IPv4 neighbour (ARP) table, which every network namespace shares: its entries count against one limit,
 * {@code net.ipv4.neigh.default.gc_thresh3} of the initial namespace (ip-sysctl.rst, "neigh/default/gc_thresh3").
 * Past it the kernel refuses new entries ("neighbor table overflow!") and drops the packets waiting for them, which
 * a check would report as unreachable pairs.
 */
public final class NeighbourTable {
    private static final Path THRESH3 = Path.of("/proc/sys/net/ipv4/neigh/default/gc_thresh3");
    private static final Path STAT = Path.of("/proc/net/stat/arp_cache");

    private NeighbourTable() {
    }

    /**
     * Upper bound of the entries a check of {@code pairs} creates: per source, one per distinct on-link target and
     * one for its gateway, and as many in the targets (each learns the source's MAC).
     */
    public static long entriesNeeded(LabProjection state, List<Reachability.Pair> pairs) {
        Set<String> keys = new HashSet<>();
        for (Reachability.Pair p : pairs) {
            if (Reachability.onLink(p.from(), p.to())) {
                keys.add(p.from().netns() + " " + p.to().cidr());
                keys.add(p.to().netns() + " " + p.from().cidr());
            } else if (p.from().net() != null) {
                keys.add(p.from().netns() + " gw");
                keys.add("router " + p.from().cidr());
            }
        }
        return keys.size();
    }

    /** The limit ({@code gc_thresh3}), if readable. */
    public static OptionalLong limit() {
        // Not Files.readString: it trusts the size procfs reports and returned "6" for "65536" here.
        try (BufferedReader r = Files.newBufferedReader(THRESH3)) {
            String line = r.readLine();
            return line == null ? OptionalLong.empty() : OptionalLong.of(Long.parseLong(line.strip()));
        } catch (IOException | NumberFormatException e) {
            return OptionalLong.empty();
        }
    }

    /** Entries the table holds now, all namespaces together (first column of {@code /proc/net/stat/arp_cache}). */
    public static OptionalLong entries() {
        try {
            List<String> lines = Files.readAllLines(STAT);
            return lines.size() < 2 ? OptionalLong.empty()
                    : OptionalLong.of(Long.parseLong(lines.get(1).strip().split("\\s+")[0], 16));
        } catch (IOException | NumberFormatException e) {
            return OptionalLong.empty();
        }
    }

    /**
     * Null when the table has room for {@code needed} more entries (or the host does not say), else a one-line
     * explanation with the fix.
     */
    public static String shortage(long needed) {
        OptionalLong limit = limit();
        OptionalLong now = entries();
        if (limit.isEmpty() || now.isEmpty() || now.getAsLong() + needed <= limit.getAsLong()) {
            return null;
        }
        return "the host's neighbour table is too small for this check: it needs up to " + needed
                + " more entries, " + now.getAsLong() + " of " + limit.getAsLong()
                + " (net.ipv4.neigh.default.gc_thresh3) are in use, shared by all namespaces; raise it (e.g. sysctl -w "
                + "net.ipv4.neigh.default.gc_thresh3=" + Math.max(65536, Long.highestOneBit(2 * (now.getAsLong()
                + needed)) * 2) + "; scripts/setup-host.sh does) or check a --sample";
    }
}
