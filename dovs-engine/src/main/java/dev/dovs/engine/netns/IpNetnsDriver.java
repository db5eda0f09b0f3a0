package dev.dovs.engine.netns;

import dev.dovs.engine.exec.ProcessRunner;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** {@link NetnsDriver} with iproute2, nsenter and ethtool, as argv lists. */
public final class IpNetnsDriver implements NetnsDriver {
    private static final Path NETNS_DIR = Path.of("/run/netns");
    private final ProcessRunner runner;

    public IpNetnsDriver(ProcessRunner runner) {
        this.runner = runner;
    }

    /** The hint that removes a leftover namespace of a lab, for the lab its name says. */
    private static String clean(String netns) {
        return dev.dovs.events.model.LabNaming.ofNetns(netns).orElse(dev.dovs.events.model.LabNaming.defaultLab())
                .command("clean");
    }

    @Override
    public void create(String netns) {
        if (exists(netns)) {
            throw new AlreadyExistsException(marked(netns)
                    ? "namespace " + netns + " already exists (a leftover of this lab: '" + clean(netns)
                    + "' removes it)"
                    : "namespace " + netns + " exists but was not made by dovs (no mark): dovs neither adopts nor "
                    + "removes it; delete or rename it");
        }
        runner.check(List.of("ip", "netns", "add", netns));
        try {
            // The mark: namespaces cannot carry labels, so their loopback's alias says dovs made them.
            runner.check(List.of("ip", "-n", netns, "link", "set", "dev", "lo", "alias", MARK));
        } catch (RuntimeException e) {
            runner.run(List.of("ip", "netns", "del", netns));
            throw e;
        }
    }

    @Override
    public boolean marked(String netns) {
        ProcessRunner.Result r = runner.run(List.of("ip", "-n", netns, "-o", "link", "show", "dev", "lo"));
        return r.ok() && r.stdout().contains("alias " + MARK);
    }

    @Override
    public boolean delete(String netns) {
        if (!exists(netns)) {
            return false;
        }
        // Processes left in the namespace (pings, servers) would keep it alive after 'ip netns del'.
        String pids = runner.run(List.of("ip", "netns", "pids", netns)).stdout();
        pids.lines().map(String::strip).filter(s -> s.matches("\\d+")).map(Long::parseLong)
                .forEach(pid -> ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly));
        ProcessRunner.Result r = runner.run(List.of("ip", "netns", "del", netns));
        if (!r.ok() && exists(netns)) {
            throw dev.dovs.engine.exec.CommandException.of(r);
        }
        return true;
    }

    @Override
    public void createVeth(String netns, String ifname, String mac, int mtu, String peer, long pid) {
        // Created inside the node, up, with the guest's end sent straight to the guest namespace: never visible on
        // the host, and one process (a peer cannot be set up at creation, the node's end can: no second call).
        runner.check(List.of("nsenter", "-t", String.valueOf(pid), "-n", "ip", "link", "add", peer,
                "mtu", String.valueOf(mtu), "up", "type", "veth", "peer", "name", ifname, "address", mac,
                "mtu", String.valueOf(mtu), "netns", netns));
    }

    /**
     * One {@code ip -batch} on the host makes every namespace and every veth pair (the peer created straight in the
     * node's namespace and up, the guest's end straight in its namespace: neither is ever on the host); then one
     * {@code ip -n NS -batch} per guest marks the namespace and sets the address, the links and the route while one
     * ethtool turns TX checksum offload off, both at once. One guest takes three processes, two on its critical
     * path, where {@link #create}, {@link #createVeth} and {@link #configure} one by one take five, in sequence.
     * Every value is checked against the characters iproute2's batch syntax treats as plain words before anything
     * runs (the batch is argv-like, never a shell).
     */
    @Override
    public void createGuests(long pid, List<GuestSpec> guests) {
        for (GuestSpec g : guests) {
            for (String word : java.util.Arrays.asList(g.netns(), g.ifname(), g.peer(), g.mac(), g.cidr(),
                    g.gateway() == null ? "0.0.0.0" : g.gateway())) {
                if (!PLAIN_WORD.matcher(word).matches()) {
                    throw new IllegalArgumentException("not a plain name or address for ip -batch: '" + word + "'");
                }
            }
            if (exists(g.netns())) {
                throw new AlreadyExistsException(marked(g.netns())
                        ? "namespace " + g.netns() + " already exists (a leftover of this lab: '" + clean(g.netns())
                        + "' removes it): nothing was created"
                        : "namespace " + g.netns() + " exists but was not made by dovs (no mark): dovs neither adopts "
                        + "nor removes it; delete or rename it");
            }
        }
        StringBuilder host = new StringBuilder();
        guests.forEach(g -> host.append("netns add ").append(g.netns()).append('\n'));
        for (GuestSpec g : guests) {
            host.append("link add ").append(g.peer()).append(" netns ").append(pid).append(" mtu ").append(g.mtu())
                    .append(" up type veth peer name ").append(g.ifname()).append(" address ").append(g.mac())
                    .append(" mtu ").append(g.mtu()).append(" netns ").append(g.netns()).append('\n');
        }
        try {
            runner.check(List.of("ip", "-batch", "-"), host.toString());
            for (GuestSpec g : guests) {
                configure(g.netns(), "link set dev lo alias " + MARK + "\n", g.ifname(), g.cidr(), g.gateway());
            }
        } catch (RuntimeException e) {
            throw removeCreated(guests, e);
        }
    }

    /** A word iproute2's batch parser reads as itself: no blank, quote, backslash or comment sign. */
    private static final java.util.regex.Pattern PLAIN_WORD = java.util.regex.Pattern.compile("[A-Za-z0-9._:/@-]+");

    @Override
    public void configure(String netns, String ifname, String cidr, String gateway) {
        configure(netns, "", ifname, cidr, gateway);
    }

    /**
     * The one way a guest's link is configured, alone or in a node's batch: one {@code ip -n NETNS -batch} that runs
     * {@code first} (batch lines, e.g. the namespace's mark), then sets the address, {@code lo} and the link up (no
     * IPv6 link-local address, see {@link NetnsDriver#configure}) and the default route; and, at the same time (both
     * only need the link to exist), ethtool turning TX checksum offload off: the userspace datapath forwards
     * CHECKSUM_PARTIAL packets without completing them, so TCP would die. nsenter, not 'ip netns exec': ethtool needs
     * only the network namespace, not the mount namespace and the /sys remount that 'ip netns exec' makes first.
     */
    private void configure(String netns, String first, String ifname, String cidr, String gateway) {
        StringBuilder batch = new StringBuilder(first)
                // replace, not add: configuring a guest again (e.g. its net got a router later) is not an error
                .append("addr replace ").append(cidr).append(" dev ").append(ifname).append('\n')
                .append("link set lo up\n")
                .append("link set dev ").append(ifname).append(" addrgenmode none\n")
                .append("link set ").append(ifname).append(" up\n");
        if (gateway != null) {
            batch.append("route replace default via ").append(gateway).append('\n');
        }
        runner.checkBoth(List.of("ip", "-n", netns, "-batch", "-"), batch.toString(),
                List.of("nsenter", "--net=" + NETNS_DIR.resolve(netns), "ethtool", "-K", ifname, "tx", "off"));
    }

    @Override
    public void setGateway(String netns, String ifname, String gateway) {
        if (gateway != null) {
            runner.check(List.of("ip", "-n", netns, "route", "replace", "default", "via", gateway, "dev", ifname));
            return;
        }
        ProcessRunner.Result r = runner.run(List.of("ip", "-n", netns, "route", "del", "default"));
        if (!r.ok() && !r.stderr().contains("No such process")) { // "No such process": there was none
            throw dev.dovs.engine.exec.CommandException.of(r);
        }
    }

    @Override
    public List<String> list(String prefix) {
        List<String> out = new ArrayList<>();
        for (String line : runner.check(List.of("ip", "netns", "list")).stdout().lines().toList()) {
            String name = line.strip().split("\\s+")[0]; // newer iproute2 appends " (id: N)"
            if (!name.isEmpty() && name.startsWith(prefix)) {
                out.add(name);
            }
        }
        return out;
    }

    @Override
    public void enableForwarding(String netns) {
        runner.check(List.of("ip", "netns", "exec", netns, "sysctl", "-q", "-w", "net.ipv4.ip_forward=1"));
    }

    @Override
    public void moveLink(String link, long fromPid, long toPid) {
        String from = String.valueOf(fromPid);
        String to = String.valueOf(toPid);
        boolean atSource = runner.run(List.of("nsenter", "-t", from, "-n", "ip", "link", "show", link)).ok();
        boolean atTarget = runner.run(List.of("nsenter", "-t", to, "-n", "ip", "link", "show", link)).ok();
        if (atSource && atTarget) {
            // Not ours to replace; the kernel would refuse the move anyway. Nothing was moved: nothing to undo.
            throw new AlreadyExistsException("an interface named " + link + " already exists in the destination "
                    + "node (not made by dovs for this guest): nothing was moved");
        }
        if (atSource) {
            runner.check(List.of("nsenter", "-t", from, "-n", "ip", "link", "set", link, "netns", to));
        } else if (!atTarget) {
            throw new IllegalStateException("link " + link + " is in neither node");
        }
        runner.check(List.of("nsenter", "-t", to, "-n", "ip", "link", "set", link, "up"));
    }

    @Override
    public void announce(String netns, String ifname, String ip) {
        // arping waits a second for replies that never come for an unsolicited ARP; the frame left at once.
        try {
            Process p = new ProcessBuilder("ip", "netns", "exec", netns, "arping", "-U", "-c", "1", "-I", ifname, ip)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectError(ProcessBuilder.Redirect.DISCARD)
                    .start();
            if (p.waitFor(150, java.util.concurrent.TimeUnit.MILLISECONDS) && p.exitValue() != 0) {
                throw new IllegalStateException("arping in " + netns + " failed (exit " + p.exitValue() + ")");
            }
        } catch (java.io.IOException e) {
            throw new IllegalStateException("cannot run arping: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    @Override
    public boolean exists(String netns) {
        return Files.exists(NETNS_DIR.resolve(netns));
    }

    // ---- issue 12: link impairment ------------------------------------------------------------------------------

    /** {@code tc qdisc replace dev IFNAME root netem [delay D [J]] [loss P%] [rate R]}, inside the namespace. */
    static List<String> netemArgv(String netns, String ifname, dev.dovs.events.model.Impairment i) {
        List<String> argv = new java.util.ArrayList<>(List.of("ip", "netns", "exec", netns, "tc", "qdisc", "replace",
                "dev", ifname, "root", "netem"));
        if (i.delayMs() > 0) {
            argv.addAll(List.of("delay", i.delayMs() + "ms"));
            if (i.jitterMs() > 0) {
                argv.add(i.jitterMs() + "ms");
            }
        }
        if (i.lossPercent() > 0) {
            argv.addAll(List.of("loss", i.lossText() + "%"));
        }
        if (i.rate() != null) {
            argv.addAll(List.of("rate", i.rate()));
        }
        return argv;
    }

    @Override
    public void setNetem(String netns, String ifname, dev.dovs.events.model.Impairment impairment) {
        ProcessRunner.Result r = runner.run(netemArgv(netns, ifname, impairment));
        if (!r.ok()) {
            String err = r.stderr();
            if (err.contains("Unknown qdisc") || err.contains("qdisc kind is unknown")) {
                throw new IllegalStateException("the kernel has no netem qdisc (CONFIG_NET_SCH_NETEM; try 'modprobe "
                        + "sch_netem'): cannot impair " + netns + ":" + ifname);
            }
            throw dev.dovs.engine.exec.CommandException.of(r);
        }
    }

    @Override
    public void clearNetem(String netns, String ifname) {
        String shown = runner.check(List.of("ip", "netns", "exec", netns, "tc", "qdisc", "show", "dev", ifname,
                "root")).stdout();
        if (shown.contains("qdisc netem")) {
            runner.check(List.of("ip", "netns", "exec", netns, "tc", "qdisc", "del", "dev", ifname, "root"));
        }
    }
    // ---- end issue 12 -------------------------------------------------------------------------------------------
}
