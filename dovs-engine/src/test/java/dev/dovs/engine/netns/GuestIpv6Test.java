package dev.dovs.engine.netns;

import dev.dovs.engine.exec.ProcessRunner;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A guest's interface gets no IPv6 link-local address: {@code addrgenmode none} (ip-link(8)) is set before the link
 * comes up, since the kernel makes the address (and starts router solicitation, duplicate address detection and MLD)
 * when it does. Both ways a guest is configured: one by one and in a node's batch.
 */
class GuestIpv6Test {

    /** Starts nothing: records each argv with its stdin and answers success (from any thread: runs may overlap). */
    private static final class RecordingRunner extends ProcessRunner {
        final List<List<String>> argvs = new ArrayList<>();
        final List<String> stdins = new ArrayList<>();

        RecordingRunner() {
            super(Duration.ofSeconds(1));
        }

        @Override
        public synchronized Result run(List<String> argv, String stdin, Duration timeout) {
            argvs.add(List.copyOf(argv));
            stdins.add(stdin);
            return new Result(argv, 0, "", "");
        }

        /** The stdin of the one {@code ip -n NETNS -batch -} run. */
        synchronized String batchOf(String netns) {
            List<String> found = new ArrayList<>();
            for (int i = 0; i < argvs.size(); i++) {
                if (argvs.get(i).equals(List.of("ip", "-n", netns, "-batch", "-"))) {
                    found.add(stdins.get(i));
                }
            }
            assertEquals(1, found.size(), "one batch in " + netns + ": " + argvs);
            return found.get(0);
        }
    }

    private static void assertNoLinkLocalBeforeUp(String batch, String ifname) {
        List<String> lines = List.of(batch.split("\n"));
        int noLinkLocal = lines.indexOf("link set dev " + ifname + " addrgenmode none");
        int up = lines.indexOf("link set " + ifname + " up");
        assertTrue(noLinkLocal >= 0, "no 'addrgenmode none' for " + ifname + " in:\n" + batch);
        assertTrue(up > noLinkLocal, "the link comes up before its addrgenmode is set, in:\n" + batch);
    }

    @Test
    void configure_sets_no_link_local_before_the_link_comes_up() {
        RecordingRunner runner = new RecordingRunner();
        new IpNetnsDriver(runner).configure("dovs-g1", "eth0", "10.0.0.1/24", "10.0.0.254");
        assertNoLinkLocalBeforeUp(runner.batchOf("dovs-g1"), "eth0");
    }

    @Test
    void a_nodes_batch_sets_no_link_local_before_each_link_comes_up() {
        RecordingRunner runner = new RecordingRunner();
        List<NetnsDriver.GuestSpec> guests = List.of(
                new NetnsDriver.GuestSpec("dovs-test-ipv6-g1", "eth0", "tap0123456789a", "fa:16:3e:00:00:01", 1450,
                        "10.0.0.1/24", "10.0.0.254"),
                new NetnsDriver.GuestSpec("dovs-test-ipv6-g2", "eth0", "tap0123456789b", "fa:16:3e:00:00:02", 1450,
                        "10.0.1.1/24", null));
        new IpNetnsDriver(runner).createGuests(4242, guests);
        for (NetnsDriver.GuestSpec g : guests) {
            assertNoLinkLocalBeforeUp(runner.batchOf(g.netns()), g.ifname());
        }
    }
}
