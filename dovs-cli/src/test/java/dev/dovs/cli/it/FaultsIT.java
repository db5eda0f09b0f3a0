package dev.dovs.cli.it;

import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Faults from the field (issue 13), each example on the real host: a full or read-only state dir, foreign
 * resources with a lab's names, addresses no host may hold, and messages that must name the fault.
 */
class FaultsIT {

    private static List<String> errorLines(Sh.Result r) {
        return r.err().lines().filter(l -> l.startsWith("dovs: error: ")).toList();
    }

    private static void assertOneClearError(Sh.Result r, int exit, String expected) {
        assertEquals(exit, r.exit(), r::all);
        List<String> errors = errorLines(r);
        assertEquals(1, errors.size(), r::all);
        assertTrue(errors.get(0).contains(expected), () -> "'" + errors.get(0) + "' lacks '" + expected + "'");
        assertFalse(r.all().contains("Exception") || r.all().contains("\tat "), () -> "a stack trace:\n" + r.all());
    }

    private static boolean netnsExists(String netns) {
        return Files.exists(Path.of("/run/netns", netns));
    }

    /** A small tmpfs as state dir: the disk-full example of the issue. */
    private static Path tmpfs(String size) throws Exception {
        Path dir = Files.createTempDirectory("dovs-it-tmpfs-");
        Sh.Result m = Sh.run("mount", "-t", "tmpfs", "-o", "size=" + size, "tmpfs", dir.toString());
        assertEquals(0, m.exit(), m::all);
        return dir;
    }

    private static void fill(Path dir) {
        Sh.run("sh", "-c", "dd if=/dev/zero of=" + dir.resolve("filler") + " bs=4k 2>/dev/null; true");
    }

    @Test
    void a_full_state_dir_fails_one_clear_line_applies_nothing_and_never_later() throws Exception {
        Path dir = tmpfs("2m");
        try (LabFixture lab = new LabFixture("fta", dir)) {
            lab.ok("add-node", "--name", "n1", "-q");
            fill(dir);

            // the example: one line, exit 1, no hang, nothing on the host
            long t0 = System.nanoTime();
            Sh.Result r = Sh.run(lab.env(), 60, lab.argv("add-guest", "--name", "g9", "--ip", "10.1.1.1/24",
                    "--node", "n1"));
            assertOneClearError(r, 1, "no space left on device in the lab's state dir");
            assertTrue(System.nanoTime() - t0 < 30_000_000_000L, "no hang");
            assertFalse(netnsExists(lab.netns("g9")), "nothing applied");

            // what was written still serves info and log
            Sh.Result info = lab.ok("info");
            assertTrue(info.out().contains("Node: n1"), info::all);
            assertFalse(info.out().contains("g9"), info::all);
            Sh.Result log = lab.ok("log");
            assertTrue(log.out().contains("outcome.node-added"), log::all);

            // space freed: the failed command was not applied behind the user's back, and the retry works
            Files.delete(dir.resolve("filler"));
            lab.ok("add-node", "--name", "n2", "-q");
            assertFalse(netnsExists(lab.netns("g9")), "the failed add-guest stays failed");
            lab.ok("add-guest", "--name", "g9", "--ip", "10.1.1.1/24", "--node", "n1", "-q");
            assertTrue(netnsExists(lab.netns("g9")));

            // clean works on a full disk: it may use the reserve that new work may not
            fill(dir);
            Sh.Result clean = lab.dovs("clean", "-q");
            assertEquals(0, clean.exit(), clean::all);
            lab.assertNothingLeft();
        } finally {
            Sh.run("umount", dir.toString());
            Sh.run("rmdir", dir.toString());
        }
    }

    @Test
    void a_read_only_state_dir_is_a_missing_prerequisite_and_info_still_reads() throws Exception {
        Path dir = tmpfs("4m");
        try (LabFixture lab = new LabFixture("ftb", dir)) {
            lab.ok("add-node", "--name", "n1", "-q");
            lab.stopEngine(); // a background engine keeps the log open for writing: the remount would be refused
            assertEquals(0, Sh.run("mount", "-o", "remount,ro", dir.toString()).exit());
            try {
                Sh.Result r = lab.dovs("add-guest", "--name", "g1", "--ip", "10.1.1.1/24", "--node", "n1");
                assertOneClearError(r, 3, "read-only");
                assertFalse(netnsExists(lab.netns("g1")));
                Sh.Result info = lab.ok("info");
                assertTrue(info.out().contains("Node: n1"), info::all);
            } finally {
                Sh.run("mount", "-o", "remount,rw", dir.toString());
            }
        } finally {
            Sh.run("umount", dir.toString());
            Sh.run("rmdir", dir.toString());
        }
    }

    @Test
    void foreign_resources_with_the_labs_names_are_refused_never_adopted_nor_removed() throws Exception {
        try (LabFixture lab = new LabFixture("ftc")) {
            String intNet = "dovs" + lab.lab() + "-int";
            String foreignContainer = lab.container("n2");
            String foreignNetns = lab.netns("g1");
            try {
                // a network made by hand, not internal, without the lab's label
                assertEquals(0, Sh.run("docker", "network", "create", "--subnet", "10.251.0.0/29", intNet).exit());
                Sh.Result r = lab.dovs("add-node", "--name", "n1");
                assertOneClearError(r, 1, "docker network " + intNet + " exists but is not lab " + lab.lab() + "'s");
                assertTrue(r.err().contains("(nothing was changed)") || r.err().contains("(rolled back)"), r::all);
                assertEquals(0, Sh.run("docker", "network", "rm", intNet).exit());
                lab.ok("add-node", "--name", "n1", "-q");

                // a container of the lab's name without its label
                assertEquals(0, Sh.run("docker", "create", "--name", foreignContainer, "--entrypoint", "sleep",
                        "dovs/node:latest", "600").exit());
                Sh.Result r2 = lab.dovs("add-node", "--name", "n2");
                assertOneClearError(r2, 1, "container " + foreignContainer + " exists but is not lab");
                assertFalse(r2.err().contains("undo: remove container " + foreignContainer), () ->
                        "a progress line claims a removal that did not happen:\n" + r2.all());

                // a namespace of the lab's name made by hand
                assertEquals(0, Sh.run("ip", "netns", "add", foreignNetns).exit());
                Sh.Result r3 = lab.dovs("add-guest", "--name", "g1", "--ip", "10.0.0.1/24", "--node", "n1");
                assertOneClearError(r3, 1, "namespace " + foreignNetns + " exists but was not made by dovs");
                assertTrue(r3.err().contains("(nothing was changed)"), r3::all);

                lab.ok("clean", "-q");
                assertEquals(0, Sh.run("docker", "container", "inspect", foreignContainer).exit(),
                        "clean removed a container that is not the lab's");
                assertTrue(netnsExists(foreignNetns), "clean removed a namespace that is not the lab's");
            } finally {
                Sh.run("docker", "rm", "-f", foreignContainer);
                Sh.run("ip", "netns", "del", foreignNetns);
                Sh.run("docker", "network", "rm", intNet);
            }
        }
    }

    @Test
    void a_spawn_whose_guest_namespace_exists_undoes_every_nodes_batch_and_keeps_the_foreign_one() throws Exception {
        try (LabFixture lab = new LabFixture("ftj")) {
            String foreign = lab.netns("node-2-guest-2");
            try {
                assertEquals(0, Sh.run("ip", "netns", "add", foreign).exit());
                Sh.Result r = lab.dovs("spawn", "--nodes", "2", "--guests", "3", "--nets", "1");
                assertOneClearError(r, 1, "namespace " + foreign + " exists but was not made by dovs");
                assertTrue(r.err().contains("(rolled back)"), r::all);
                // node 1's batch was made, then undone as a whole; node 2's created nothing
                String log = lab.ok("log", "--json").out();
                assertTrue(log.contains("\"type\":\"netns.create-guests\""), log);
                assertTrue(log.contains("\"type\":\"netns.delete-namespaces\""), log);
                List<String> ours = Sh.lines(Sh.run("ip", "netns", "list").out()).stream()
                        .map(l -> l.split("\\s+")[0]).filter(n -> n.startsWith("dovs" + lab.lab() + "-"))
                        .filter(n -> !n.equals(foreign)).toList();
                assertEquals(List.of(), ours, "the rollback left namespaces behind");
                assertTrue(netnsExists(foreign), "the rollback removed a namespace that is not the lab's");
                assertTrue(Sh.run("docker", "ps", "-aq", "--filter", "label=dovs.lab=" + lab.lab()).out().isBlank(),
                        "the rollback left containers behind");

                assertEquals(0, Sh.run("ip", "netns", "del", foreign).exit());
                lab.ok("spawn", "--nodes", "2", "--guests", "3", "--nets", "1", "-q");
                lab.checkPasses();
                lab.ok("del-guest", "--name", "node-1-guest-2", "-q");
                lab.ok("clean", "-q");
                lab.assertNothingLeft();
                // the batch replays as it ran, less the removed guest
                lab.ok("replay", "-q");
                assertFalse(netnsExists(lab.netns("node-1-guest-2")), "a removed guest came back");
                assertTrue(netnsExists(lab.netns("node-1-guest-3")));
                lab.checkPasses();
                lab.ok("clean", "-q");
                lab.assertNothingLeft();
            } finally {
                Sh.run("ip", "netns", "del", foreign);
            }
        }
    }

    @Test
    void addresses_no_host_may_hold_and_unknown_guests_are_refused_with_exit_2() throws Exception {
        try (LabFixture lab = new LabFixture("ftd")) {
            lab.ok("add-node", "--name", "n1", "-q");
            Sh.Result r0 = lab.dovs("add-guest", "--name", "g5", "--ip", "127.0.0.5/8", "--node", "n1");
            assertOneClearError(r0, 2, "loopback");
            assertFalse(netnsExists(lab.netns("g5")));
            Sh.Result r = lab.dovs("add-guest", "--name", "g5", "--ip", "10.0.0.5/24", "--mac", "00:00:00:00:00:00",
                    "--node", "n1");
            assertOneClearError(r, 2, "all-zero");

            // a replayed log is checked by the same rules: an imported intent with a multicast address is refused
            Path export = lab.stateDir().resolve("bad.jsonl");
            Files.writeString(export, "{\"v\":1,\"type\":\"intent.add-node\",\"time\":\"2026-11-27T23:10:43.468Z\","
                    + "\"lab\":\"x\",\"intent\":\"11111111-1111-1111-1111-111111111111\",\"actor\":\"t\","
                    + "\"data\":{\"node\":\"m1\",\"image\":\"dovs/node:latest\"}}\n"
                    + "{\"v\":1,\"type\":\"outcome.node-added\",\"time\":\"2026-11-27T23:10:45.468Z\",\"lab\":\"x\","
                    + "\"intent\":\"11111111-1111-1111-1111-111111111111\",\"actor\":\"t\",\"data\":{\"node\":\"m1\","
                    + "\"container\":\"x.m1\",\"containerId\":\"c\",\"mgmtIp\":\"172.30.0.2/16\","
                    + "\"intIp\":\"172.31.0.2/16\"}}\n"
                    + "{\"v\":1,\"type\":\"intent.add-guest\",\"time\":\"2026-11-27T23:10:46.468Z\",\"lab\":\"x\","
                    + "\"intent\":\"22222222-2222-2222-2222-222222222222\",\"actor\":\"t\",\"data\":{\"guest\":\"h1\","
                    + "\"node\":\"m1\",\"cidr\":\"224.0.0.5/24\",\"mac\":\"fa:16:3e:00:00:01\","
                    + "\"port\":\"33333333-3333-3333-3333-333333333333\",\"mtu\":1500}}\n"
                    + "{\"v\":1,\"type\":\"outcome.guest-added\",\"time\":\"2026-11-27T23:10:47.468Z\",\"lab\":\"x\","
                    + "\"intent\":\"22222222-2222-2222-2222-222222222222\",\"actor\":\"t\",\"data\":{\"guest\":\"h1\","
                    + "\"node\":\"m1\",\"netns\":\"dovs-h1\",\"tap\":\"tap33333333-33\"}}\n");
            try (LabFixture other = new LabFixture("fte")) {
                Sh.Result replay = other.dovs("replay", "--from", export.toString());
                assertEquals(2, replay.exit(), replay::all);
                assertTrue(replay.err().contains("multicast"), replay::all);
                assertFalse(netnsExists(other.netns("h1")));
            }

            // messages that name the fault
            Sh.Result ri = lab.dovs("info", "--guest-name", "nosuch");
            assertOneClearError(ri, 2, "has no guest nosuch");
            Sh.Result rs = lab.dovs("spawn", "--nodes", "1", "--nets", "300");
            assertOneClearError(rs, 2, "--nets must be 0-250, not 300");
            assertFalse(rs.err().contains("--guests"), rs::all);
        }
    }

    @Test
    void info_says_which_node_is_not_running_and_which_guests_that_affects() throws Exception {
        try (LabFixture lab = new LabFixture("ftf")) {
            lab.ok("add-node", "--name", "n1", "-q");
            lab.ok("add-guest", "--name", "g1", "--ip", "10.0.0.1/24", "--node", "n1", "-q");
            assertEquals(0, Sh.run("docker", "pause", lab.container("n1")).exit());
            try {
                Sh.Result info = lab.ok("info");
                assertTrue(info.out().contains("status: paused"), info::all);
                assertTrue(info.out().contains("status: no connectivity: node n1 is paused"), info::all);
            } finally {
                Sh.run("docker", "unpause", lab.container("n1"));
            }
            // OVS killed in a running container: its entrypoint then stops the container, so info sees either
            Sh.run("docker", "exec", lab.container("n1"), "pkill", "ovs-vswitchd");
            Sh.Result info = lab.ok("info");
            assertTrue(info.out().contains("status: running, but ovs-vswitchd")
                    || info.out().contains("status: exited"), info::all);
            assertTrue(info.out().contains("status: no connectivity: node n1 is "), info::all);
            long t0 = System.nanoTime();
            lab.ok("clean", "-q");
            assertTrue(System.nanoTime() - t0 < 30_000_000_000L, "clean with a dead OVS is bounded");
            lab.assertNothingLeft();
        }
    }

    private static String ovsGet(String container, String... args) {
        String pid = Sh.run("docker", "inspect", "-f", "{{.State.Pid}}", container).out().strip();
        List<String> argv = new java.util.ArrayList<>(List.of("ovs-vsctl", "--timeout=5",
                "--db=unix:/proc/" + pid + "/root/run/openvswitch/db.sock"));
        argv.addAll(List.of(args));
        return Sh.run(Map.of(), 30, argv).out().strip();
    }

    @Test
    void nodes_not_running_normally_are_refused_at_once_and_a_guest_leaves_a_node_whose_ovs_died() throws Exception {
        try (LabFixture lab = new LabFixture("ftg")) {
            lab.ok("add-node", "--name", "n1", "-q");
            lab.ok("add-node", "--name", "n2", "-q");
            lab.ok("add-guest", "--name", "g1", "--ip", "10.0.0.1/24", "--node", "n1", "-q");
            String mac = Sh.run("ip", "-n", lab.netns("g1"), "-o", "link", "show", "eth0").out();

            // the example: OVS killed on n1 (the node's entrypoint then stops the container); after the issue's
            // 'sleep 6' the guest is evacuated to n2 with its namespace, address, MAC and port id
            Sh.run("docker", "exec", lab.container("n1"), "pkill", "ovs-vswitchd");
            Thread.sleep(6000);
            Sh.Result info = lab.ok("info");
            assertTrue(info.out().contains("no connectivity: node n1 is"), info::all);
            Sh.Result move = lab.dovs("move-guest", "--name-guest", "g1", "--name-dstnode", "n2");
            assertEquals(0, move.exit(), move::all);
            String tap = ovsGet(lab.container("n2"), "--format=csv", "--no-headings", "--columns=name",
                    "find", "Interface", "external_ids:dovs-guest=g1");
            assertTrue(tap.startsWith("tap"), () -> "g1's port is not on n2: " + tap + "\n" + move.all());
            assertEquals(mac.replaceAll(".*link/ether (\\S+).*", "$1").strip(),
                    Sh.run("ip", "-n", lab.netns("g1"), "-o", "link", "show", "eth0").out()
                            .replaceAll(".*link/ether (\\S+).*", "$1").strip(), "same MAC");
            assertTrue(Sh.run("ip", "-n", lab.netns("g1"), "-o", "addr").out().contains("10.0.0.1/24"));
            assertEquals(ovsGet(lab.container("n2"), "get", "Interface", tap, "external_ids:iface-id"),
                    "\"" + lab.ok("info", "--json").out().replaceAll("(?s).*\"ifaceid\" : \"([^\"]+)\".*", "$1")
                            + "\"", "same port id");

            // a paused node: refused at once, exit 2, with its state, nothing touched
            lab.ok("add-node", "--name", "n3", "-q");
            assertEquals(0, Sh.run("docker", "pause", lab.container("n3")).exit());
            long t0 = System.nanoTime();
            Sh.Result r = lab.dovs("add-guest", "--name", "g3", "--ip", "10.0.0.3/24", "--node", "n3");
            long secs = (System.nanoTime() - t0) / 1_000_000_000L;
            assertOneClearError(r, 2, "node n3 is paused");
            assertTrue(secs < 20, "refused at once, not after timeouts: " + secs + " s");
            assertFalse(netnsExists(lab.netns("g3")), "nothing touched");

            // an exited node: the same
            Sh.run("docker", "kill", lab.container("n1"));
            r = lab.dovs("add-guest", "--name", "g4", "--ip", "10.0.0.4/24", "--node", "n1");
            assertOneClearError(r, 2, "node n1 is exited");

            // clean with a paused and an exited node is bounded and leaves nothing
            t0 = System.nanoTime();
            lab.ok("clean", "-q");
            secs = (System.nanoTime() - t0) / 1_000_000_000L;
            assertTrue(secs < 40, "clean took " + secs + " s");
            lab.assertNothingLeft();
        }
    }

    @Test
    void a_router_attached_to_a_net_with_guests_gives_them_their_gateway_and_clean_takes_it_back() throws Exception {
        try (LabFixture lab = new LabFixture("fth")) {
            lab.ok("add-node", "--name", "r1", "-q");
            lab.ok("add-node", "--name", "r2", "-q");
            lab.ok("add-guest", "--name", "a1", "--ip", "10.61.0.1/24", "--net", "na", "--node", "r1", "-q");
            lab.ok("add-guest", "--name", "b1", "--ip", "10.62.0.1/24", "--net", "nb", "--router", "rr", "--node",
                    "r2", "-q");
            lab.ok("add-guest", "--name", "a2", "--ip", "10.61.0.2/24", "--net", "na", "--router", "rr", "--node",
                    "r2", "-q");
            Sh.Result route = Sh.run("ip", "-n", lab.netns("a1"), "route");
            assertTrue(route.out().contains("default via 10.61.0.254"), route::all);
            Sh.Result log = lab.ok("log", "--type", "step.started");
            assertTrue(log.out().contains("set the default route of " + lab.netns("a1") + " via 10.61.0.254"),
                    log::all);
            Sh.Result check = lab.dovs("check");
            assertEquals(0, check.exit(), check::all);
            lab.assertPing("a1", "10.62.0.1");
        }
    }

    @Test
    void an_odl_that_can_never_answer_fails_fast_and_a_plain_clean_still_works() throws Exception {
        try (LabFixture lab = new LabFixture("fti")) {
            Sh.Result r = lab.dovs("add-node", "--name", "n1", "--odl", "999.1.1.1");
            assertOneClearError(r, 2, "'999.1.1.1' is not a valid IPv4 address");

            // nothing listens on port 1 of this host: refused at once, before any container exists
            long t0 = System.nanoTime();
            r = lab.dovs("add-node", "--name", "n1", "--odl", "127.0.0.1:1");
            long secs = (System.nanoTime() - t0) / 1_000_000_000L;
            assertOneClearError(r, 1, "connection refused by 127.0.0.1:1");
            assertTrue(r.err().contains("(nothing was changed)"), r::all);
            assertTrue(secs < 15, "fails fast, not after the bridge wait: " + secs + " s");
            assertEquals(List.of(), lab.leftovers());

            // the ODL never held anything of the lab: a plain clean needs no --keep-odl
            Sh.Result clean = lab.dovs("clean");
            assertEquals(0, clean.exit(), clean::all);
        }
    }
}
