package dev.dovs.engine.ovs;

import dev.dovs.engine.docker.ForeignResourceException;
import dev.dovs.engine.exec.CommandException;
import dev.dovs.engine.ovs.OvsDriver.PortInfo;
import dev.dovs.engine.ovs.OvsDriver.PortSpec;
import dev.dovs.engine.ovs.OvsDriver.TunnelSpec;
import dev.dovs.engine.ovs.ScriptedRunner.Call;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import static dev.dovs.engine.ovs.ScriptedRunner.PID;
import static dev.dovs.engine.ovs.ScriptedRunner.exit;
import static dev.dovs.engine.ovs.ScriptedRunner.out;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@link VsctlOvsDriver} without a node: the argv it builds (one argument per value, whatever the value holds: no
 * shell), how it reads ovs-vsctl's JSON and ovs-ofctl's flow dump, how a failed command surfaces, and its bounded
 * polls (datapath, datapath id, ODL taking the bridge, the reconnect once ODL's first flows settle) on a virtual
 * clock. Output samples are as ovs-vsctl(8) {@code --format=json} and ovs-ofctl(8) {@code dump-flows} print them.
 */
class VsctlOvsDriverTest {
    private final ScriptedRunner ovs = new ScriptedRunner();
    private final VsctlOvsDriver driver = new VsctlOvsDriver(ovs, ovs.clock, VsctlOvsDriver::dbSocket);

    // ---- bridges --------------------------------------------------------------------------------------------------

    @Test
    void a_bridge_is_made_in_one_transaction_with_the_labs_mark_and_local_ip_then_its_datapath_is_awaited() {
        AtomicInteger polls = new AtomicInteger();
        ovs.vsctl(argv -> out(polls.incrementAndGet() < 3 ? "-1\n" : "65534\n").apply(argv),
                        "get", "Interface", "br-int", "ofport")
                .vsctl(out(""), "--", "--may-exist", "add-br");

        driver.createBridge(PID, "br-int", "lab1", "172.19.0.5");

        assertEquals(List.of("--", "--may-exist", "add-br", "br-int",
                "--", "set", "Bridge", "br-int", "datapath_type=netdev", "fail_mode=standalone",
                "--", "set", "Bridge", "br-int", "external_ids:dovs-lab=lab1",
                "--", "set", "Open_vSwitch", ".", "external_ids:dovs-lab=lab1",
                "--", "set", "Bridge", "br-int", "other_config:local_ip=172.19.0.5",
                "--", "set", "Open_vSwitch", ".", "other_config:local_ip=172.19.0.5"), ovs.calls.get(0).vsctlArgs());
        assertEquals(3, polls.get(), "polled until the bridge's port has the local ofport");
        assertEquals(4, ovs.calls.size());
    }

    @Test
    void without_a_local_ip_only_the_mark_is_set() {
        ovs.vsctl(out("65534\n"), "get", "Interface", "br-int", "ofport").vsctl(out(""), "--", "--may-exist", "add-br");

        driver.createBridge(PID, "br-int", "lab1", null);

        assertFalse(ovs.calls.get(0).vsctlArgs().stream().anyMatch(a -> a.contains("local_ip")),
                ovs.calls.get(0).argv().toString());
        assertTrue(ovs.calls.get(0).vsctlArgs().contains("external_ids:dovs-lab=lab1"));
    }

    @Test
    void a_bridge_without_a_datapath_fails_after_the_bounded_wait_with_the_interfaces_error() {
        ovs.vsctl(out("-1\n"), "get", "Interface", "br-int", "ofport")
                .vsctl(out("\"could not open network device br-int (No such device)\"\n"),
                        "get", "Interface", "br-int", "error")
                .vsctl(out(""), "--", "--may-exist", "add-br");

        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> driver.createBridge(PID, "br-int", "lab1", null));

        assertEquals("bridge br-int has no datapath (ofport -1, error \"could not open network device br-int (No such "
                + "device)\"): the node needs /dev/net/tun and NET_ADMIN", e.getMessage());
        assertTrue(ovs.clock.slept >= 10_000, "waited " + ovs.clock.slept + " ms");
        assertTrue(ovs.clock.slept < 10_200, "waited " + ovs.clock.slept + " ms");
    }

    @Test
    void a_failed_command_is_a_one_line_command_exception_naming_the_argv_and_what_the_tool_said() {
        ovs.vsctl(exit(1, "ovs-vsctl: unix:/proc/4242/root/run/openvswitch/db.sock: database connection failed "
                + "(No such file or directory)\nsecond line\n"), "--", "--may-exist", "add-br");

        CommandException e = assertThrows(CommandException.class,
                () -> driver.createBridge(PID, "br-int", "lab1", null));

        assertEquals(1, e.exitCode());
        assertEquals(ovs.calls.get(0).argv(), e.argv());
        assertTrue(e.getMessage().startsWith("ovs-vsctl " + ScriptedRunner.DB + " --timeout=20 -- --may-exist add-br "
                + "br-int "), e.getMessage());
        assertTrue(e.getMessage().endsWith(" failed (exit 1): ovs-vsctl: unix:/proc/4242/root/run/openvswitch/db.sock:"
                + " database connection failed (No such file or directory)"), e.getMessage());
        assertEquals(1, ovs.calls.size(), "nothing runs after the failed transaction");
    }

    // ---- ports ----------------------------------------------------------------------------------------------------

    private static final String INFO = "{\"guest\":\"g1\",\"note\":\"a \\\"b\\\" c\\\\d\"}";
    private static final String HOSTILE = "g1; rm -rf / $(reboot) `id` 'x' \"y\"";

    // a single guest's port goes in-process (GuestPortTest, on a real ovsdb-server); these are ovs-vsctl's way, for
    // spawn's batches and for a port whose name is taken

    private static final String NO_INTERFACES = "{\"data\":[],\"headings\":[\"name\",\"external_ids\"]}";

    @Test
    void ports_plugged_by_ovs_vsctl_get_each_value_as_one_argument_whatever_it_holds() {
        ovs.vsctl(out(NO_INTERFACES), "--format=json").vsctl(out(""), "--", "--may-exist", "add-port");

        driver.plugPorts(PID, "br-int", List.of(new PortSpec("tap1", "port-1", "fa:16:3e:00:00:01", HOSTILE, "lab1",
                INFO, 0)));

        assertEquals(2, ovs.calls.size());
        assertEquals(List.of("--", "--may-exist", "add-port", "br-int", "tap1",
                "--", "set", "Interface", "tap1", "external_ids:iface-id=port-1",
                "external_ids:attached-mac=fa:16:3e:00:00:01", "external_ids:dovs-lab=lab1",
                "external_ids:dovs-guest=" + HOSTILE,
                // OVSDB string syntax (ovs-vsctl(8) "Database Values"): quoted, with \ and " escaped
                "other_config:dovs-info=\"{\\\"guest\\\":\\\"g1\\\","
                        + "\\\"note\\\":\\\"a \\\\\\\"b\\\\\\\" c\\\\\\\\d\\\"}\""),
                ovs.calls.get(1).vsctlArgs());
    }

    @Test
    void a_tagged_port_sets_its_vlan_tag_in_the_same_transaction() {
        ovs.vsctl(out(NO_INTERFACES), "--format=json").vsctl(out(""), "--", "--may-exist", "add-port");

        driver.plugPorts(PID, "br-int", List.of(new PortSpec("tap1", "port-1", "fa:16:3e:00:00:01", "g1", "lab1", "{}",
                7)));

        List<String> args = ovs.calls.get(1).vsctlArgs();
        assertEquals(List.of("--", "set", "Port", "tap1", "tag=7"), args.subList(args.size() - 5, args.size()));
    }

    private static final String INTERFACES = "{\"data\":[[\"tap1\",[\"map\",[[\"attached-mac\",\"fa:16:3e:00:00:01\"],"
            + "[\"dovs-lab\",\"lab1\"],[\"iface-id\",\"port-1\"]]]],[\"tap2\",[\"map\",[[\"dovs-lab\",\"other\"]]]],"
            + "[\"tap3\",[\"map\",[]]],[\"br-int\",[\"map\",[]]]],\"headings\":[\"name\",\"external_ids\"]}\n";

    @Test
    void a_port_of_another_lab_or_of_none_is_never_adopted() {
        ovs.vsctl(out(INTERFACES), "--format=json", "--columns=name,external_ids", "list", "Interface");

        ForeignResourceException other = assertThrows(ForeignResourceException.class, () -> driver.plugPorts(PID,
                "br-int", List.of(new PortSpec("tap2", "p2", "fa:16:3e:00:00:02", "g2", "lab1", "{}", 0))));
        ForeignResourceException none = assertThrows(ForeignResourceException.class, () -> driver.plugPorts(PID,
                "br-int", List.of(new PortSpec("tap3", "p3", "fa:16:3e:00:00:03", "g3", "lab1", "{}", 0))));

        assertEquals("OVS port tap2 exists but is not lab lab1's (dovs-lab=other): dovs neither adopts nor removes it",
                other.getMessage());
        assertEquals("OVS port tap3 exists but is not lab lab1's (no external_ids:dovs-lab): dovs neither adopts nor "
                + "removes it", none.getMessage());
        assertEquals(2, ovs.calls.size(), "only the two reads ran");
    }

    @Test
    void foreign_ports_are_read_from_ovs_vsctl_json_for_the_ports_asked_only() {
        ovs.vsctl(out(INTERFACES), "--format=json", "--columns=name,external_ids", "list", "Interface");

        assertEquals(java.util.Map.of("tap2", "other", "tap3", ""),
                driver.foreignPorts(PID, "lab1", List.of("tap1", "tap2", "tap3", "tap9")));
        assertEquals(java.util.Map.of("tap1", "lab1", "tap3", ""),
                driver.foreignPorts(PID, "other", List.of("tap1", "tap3")));
    }

    @Test
    void several_ports_go_in_one_transaction() {
        ovs.vsctl(out("{\"data\":[],\"headings\":[\"name\",\"external_ids\"]}"), "--format=json")
                .vsctl(out(""), "--", "--may-exist", "add-port");

        driver.plugPorts(PID, "br-int", List.of(new PortSpec("tap1", "p1", "fa:16:3e:00:00:01", "g1", "lab1", "{}", 0),
                new PortSpec("tap2", "p2", "fa:16:3e:00:00:02", "g2", "lab1", "{}", 3)));

        List<String> args = ovs.calls.get(1).vsctlArgs();
        assertEquals(2, args.stream().filter("add-port"::equals).count(), args.toString());
        assertEquals(1, args.stream().filter("tag=3"::equals).count(), args.toString());
    }

    @Test
    void the_labs_ports_are_read_with_their_ofport_ids_and_error() {
        ovs.vsctl(out("{\"data\":[[\"tap1\",5,[\"map\",[[\"attached-mac\",\"fa:16:3e:00:00:01\"],[\"dovs-guest\","
                + "\"g1\"],[\"dovs-lab\",\"lab1\"],[\"iface-id\",\"port-1\"]]],[\"set\",[]]],[\"tap2\",[\"set\",[]],"
                + "[\"map\",[[\"dovs-lab\",\"lab1\"]]],\"could not open network device tap2 (No such device)\"]],"
                + "\"headings\":[\"name\",\"ofport\",\"external_ids\",\"error\"]}\n"), "--format=json");

        List<PortInfo> ports = driver.labPorts(PID, "lab1");

        assertEquals(List.of("--format=json", "--columns=name,ofport,external_ids,error", "find", "Interface",
                "external_ids:dovs-lab=lab1"), ovs.calls.get(0).vsctlArgs());
        assertEquals(List.of(new PortInfo("tap1", 5, "port-1", "fa:16:3e:00:00:01", "g1", null),
                new PortInfo("tap2", -1, null, null, null, "could not open network device tap2 (No such device)")),
                ports);
    }

    @Test
    void unplug_says_whether_the_port_existed_and_removes_it_if_it_does() {
        AtomicReference<String> exists = new AtomicReference<>("br-int\n");
        ovs.vsctl(argv -> exists.get() == null ? exit(1, "ovs-vsctl: no port named tap1").apply(argv)
                        : out(exists.get()).apply(argv), "port-to-br", "tap1")
                .vsctl(out(""), "--if-exists", "del-port", "br-int", "tap1");

        assertTrue(driver.unplugPort(PID, "br-int", "tap1"));
        exists.set(null);
        assertFalse(driver.unplugPort(PID, "br-int", "tap1"));

        assertEquals(2, ovs.vsctlCalls("--if-exists", "del-port", "br-int", "tap1").size(), "removed both times");
    }

    @Test
    void ports_and_tunnels_are_removed_and_added_in_one_transaction_each() {
        ovs.vsctl(out(""), "--");

        driver.removePorts(PID, "br-int", List.of("tap1", "vx-n2"));
        driver.addTunnels(PID, "br-int", "lab1", List.of(new TunnelSpec("vx-n2", "172.19.0.6", 100, 5)));

        assertEquals(List.of("--", "--if-exists", "del-port", "br-int", "tap1", "--", "--if-exists", "del-port",
                "br-int", "vx-n2"), ovs.calls.get(0).vsctlArgs());
        assertEquals(List.of("--", "--may-exist", "add-port", "br-int", "vx-n2",
                "--", "set", "Interface", "vx-n2", "type=vxlan", "options:remote_ip=172.19.0.6", "options:key=100",
                "external_ids:dovs-lab=lab1", "--", "set", "Port", "vx-n2", "tag=5", "protected=true"),
                ovs.calls.get(1).vsctlArgs());
    }

    // ---- underlay -------------------------------------------------------------------------------------------------

    private static final String ADDRS = "1: lo    inet 127.0.0.1/8 scope host lo\\       valid_lft forever "
            + "preferred_lft forever\n"
            + "40: eth0    inet 172.18.0.5/16 brd 172.18.255.255 scope global eth0\\       valid_lft forever\n"
            + "42: eth1    inet 172.19.0.5/16 brd 172.19.255.255 scope global eth1\\       valid_lft forever\n";

    @Test
    void the_underlay_moves_the_nics_address_to_br_phy_and_drops_what_the_node_kernel_would_answer() {
        ovs.on(out(ADDRS), "nsenter", "-t", "4242", "-n", "ip", "-o", "-4", "addr", "show")
                .on(out(""), "nsenter", "-t", "4242", "-n", "ip", "-batch", "-")
                .on(out(""), "nsenter", "-t", "4242", "-n", "nft", "-f", "-")
                .vsctl(out(""), "--", "--may-exist", "add-br", "br-phy");

        driver.setupUnderlay(PID, "172.19.0.5/16", "02:42:ac:13:00:05", "lab1");

        assertEquals(4, ovs.calls.size());
        assertEquals(List.of("--", "--may-exist", "add-br", "br-phy",
                "--", "set", "Bridge", "br-phy", "datapath_type=netdev", "fail_mode=standalone",
                "other_config:hwaddr=\"02:42:ac:13:00:05\"", "external_ids:dovs-lab=lab1",
                "--", "--may-exist", "add-port", "br-phy", "eth1"), ovs.calls.get(1).vsctlArgs());
        assertEquals("addr flush dev eth1\naddr add 172.19.0.5/16 dev br-phy\nlink set br-phy up\n",
                ovs.calls.get(2).stdin());
        assertTrue(ovs.calls.get(3).stdin().contains("hook ingress device \"eth1\" priority 0; policy drop;"),
                ovs.calls.get(3).stdin());
    }

    @Test
    void an_underlay_already_on_br_phy_is_left_as_it_is_and_a_missing_address_is_an_error() {
        ovs.on(out("5: br-phy    inet 172.19.0.5/16 scope global br-phy\n"), "nsenter");

        driver.setupUnderlay(PID, "172.19.0.5/16", "02:42:ac:13:00:05", "lab1");
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> driver.setupUnderlay(PID, "172.19.0.6/16", "02:42:ac:13:00:06", "lab1"));

        assertEquals(2, ovs.calls.size(), "only the two reads ran");
        assertEquals("no interface holds the underlay address 172.19.0.6/16 in the node", e.getMessage());
    }

    // ---- handing the switch to ODL --------------------------------------------------------------------------------

    private static final String DPID = "00000000000000a1";
    private static final String FLOW = " cookie=0x8000000, duration=1.2s, table=0, n_packets=0, n_bytes=0, "
            + "priority=0 actions=goto_table:17\n";

    /**
     * A node as ODL takes it: the datapath id follows dovs' {@code other_config:datapath-id} after a poll, ODL sets
     * itself as controller after {@code odlAfterPolls} polls of get-controller (never when negative), the switch is
     * connected whenever it has a controller and {@code connects}, and ODL's flows grow as {@code flowCounts} then
     * stay at the last count.
     */
    private final class OdlNode {
        final List<String> controllers = new ArrayList<>();
        final AtomicInteger controllerPolls = new AtomicInteger();
        final AtomicInteger dumps = new AtomicInteger();

        OdlNode(int odlAfterPolls, boolean connects, int... flowCounts) {
            AtomicInteger dpidPolls = new AtomicInteger();
            ovs.vsctl(out(""), "set", "Open_vSwitch", ".")
                    .vsctl(out(""), "--", "--may-exist", "add-br", "br-int")
                    .vsctl(out("65534\n"), "get", "Interface", "br-int", "ofport")
                    .vsctl(argv -> out(dpidPolls.getAndIncrement() == 0 ? "\"0000e2f54d5a1b4c\"\n"
                            : "\"" + DPID + "\"\n").apply(argv), "get", "Bridge", "br-int", "datapath_id")
                    .vsctl(out(""), "set-manager")
                    .vsctl(argv -> {
                        if (odlAfterPolls >= 0 && controllerPolls.getAndIncrement() >= odlAfterPolls
                                && controllers.isEmpty()) {
                            controllers.add("tcp:10.0.0.9:6653");
                        }
                        return out(String.join("\n", controllers) + (controllers.isEmpty() ? "" : "\n")).apply(argv);
                    }, "get-controller", "br-int")
                    .vsctl(argv -> {
                        controllers.clear();
                        controllers.addAll(argv.subList(5, argv.size()));
                        return out("").apply(argv);
                    }, "set-controller", "br-int")
                    .vsctl(argv -> {
                        controllers.clear();
                        return out("").apply(argv);
                    }, "del-controller", "br-int")
                    .vsctl(argv -> out(connects && !controllers.isEmpty() ? "true\n" : "").apply(argv),
                            "--bare", "--columns=is_connected", "find", "Controller", "is_connected=true")
                    .vsctl(out(""), "--", "set", "Bridge", "br-int")
                    .on(argv -> {
                        int n = flowCounts[Math.min(dumps.getAndIncrement(), flowCounts.length - 1)];
                        return out("OFPST_FLOW reply (OF1.3) (xid=0x2):\n" + FLOW.repeat(n)).apply(argv);
                    }, "ovs-ofctl", "-O", "OpenFlow13", "dump-flows",
                            "unix:/proc/4242/root/run/openvswitch/br-int.mgmt");
        }
    }

    private boolean connect(String host, Duration bridgeWait) {
        return driver.connectController(PID, "br-int", "lab1", host, bridgeWait, DPID, "172.19.0.5", "dovs-lab1-n1");
    }

    private int indexOf(String... vsctlStart) {
        for (int i = 0; i < ovs.calls.size(); i++) {
            if (ovs.calls.get(i).isVsctl(vsctlStart)) {
                return i;
            }
        }
        return -1;
    }

    @Test
    void br_int_is_made_with_its_final_datapath_id_before_odl_meets_the_switch() {
        new OdlNode(2, true, 12, 30);

        assertTrue(connect("10.0.0.9", Duration.ofSeconds(30)), "ODL took the bridge");

        assertEquals(List.of("set", "Open_vSwitch", ".", "external_ids:opendaylight-iid=\"/network-topology:network-"
                + "topology/network-topology:topology[network-topology:topology-id='ovsdb:1']/network-topology:node"
                + "[network-topology:node-id='dovs-lab1-n1']\""), ovs.calls.get(0).vsctlArgs());
        assertEquals(List.of("--", "--may-exist", "add-br", "br-int", "--", "set", "Bridge", "br-int",
                "datapath_type=netdev", "fail_mode=secure", "protocols=OpenFlow13", "other_config:disable-in-band=true",
                "other_config:datapath-id=" + DPID, "external_ids:dovs-lab=lab1"), ovs.calls.get(1).vsctlArgs());
        int dpid = indexOf("get", "Bridge", "br-int", "datapath_id");
        int manager = indexOf("set-manager");
        int localIp = indexOf("--", "set", "Bridge", "br-int");
        assertEquals(List.of("set-manager", "tcp:10.0.0.9:6640"), ovs.calls.get(manager).vsctlArgs());
        assertTrue(dpid < manager, "the datapath id is final before the manager is set");
        assertEquals(2, ovs.vsctlCalls("get", "Bridge", "br-int", "datapath_id").size(), "polled until it matched");
        assertTrue(manager < localIp, "local_ip comes after ODL meets the switch");
        assertTrue(ovs.calls.get(localIp).vsctlArgs().contains("other_config:local_ip=172.19.0.5"));
        assertEquals(List.of(), ovs.calls.subList(0, localIp).stream()
                .filter(c -> c.isVsctl("set-controller")).toList(), "ODL set the controller itself");
    }

    @Test
    void once_odls_first_flows_settle_the_switch_reconnects_once_to_the_same_targets() {
        OdlNode node = new OdlNode(0, true, 0, 12, 30, 30);

        connect("10.0.0.9", Duration.ofSeconds(30));

        int del = indexOf("del-controller", "br-int");
        int set = indexOf("set-controller", "br-int");
        assertTrue(del > 0 && set == del + 1, "del-controller then set-controller: " + del + ", " + set);
        assertEquals(List.of("set-controller", "br-int", "tcp:10.0.0.9:6653"), ovs.calls.get(set).vsctlArgs());
        assertEquals(1, ovs.vsctlCalls("del-controller").size(), "once");
        // the last flow dump came after the count had stayed at 30 for the settle time (1500 ms)
        List<Call> dumps = ovs.calls.stream().filter(c -> c.argv().get(0).equals("ovs-ofctl")).toList();
        long firstAt30 = dumps.get(2).atMs();
        long lastDump = dumps.get(dumps.size() - 1).atMs();
        assertTrue(lastDump - firstAt30 >= 1500, "settled for " + (lastDump - firstAt30) + " ms");
        assertTrue(lastDump - firstAt30 < 1500 + 400, "settled for " + (lastDump - firstAt30) + " ms");
        assertTrue(dumps.get(dumps.size() - 1).atMs() <= ovs.calls.get(del).atMs());
        assertTrue(ovs.calls.get(set + 1).isVsctl("--bare", "--columns=is_connected"), "waits for the reconnect");
        assertEquals(List.of("tcp:10.0.0.9:6653"), node.controllers);
    }

    @Test
    void flows_that_never_settle_still_reconnect_after_the_bound() {
        int[] counts = new int[200];
        for (int i = 0; i < counts.length; i++) {
            counts[i] = 10 + i;
        }
        new OdlNode(0, true, counts);
        long start = ovs.clock.nanos / 1_000_000;

        connect("10.0.0.9", Duration.ofSeconds(30));

        long del = ovs.calls.get(indexOf("del-controller", "br-int")).atMs() - start;
        assertTrue(del >= 15_000 && del < 16_000, "reconnected after " + del + " ms");
    }

    @Test
    void when_odl_does_not_take_br_int_in_time_dovs_points_it_at_odl_itself() {
        new OdlNode(-1, true, 5);

        assertFalse(connect("10.0.0.9", Duration.ofSeconds(2)));

        int fallback = indexOf("set-controller", "br-int");
        assertEquals(List.of("set-controller", "br-int", "tcp:10.0.0.9:6653"), ovs.calls.get(fallback).vsctlArgs());
        assertTrue(ovs.calls.get(fallback).atMs() - ovs.calls.get(indexOf("set-manager")).atMs() >= 2000,
                "after the bridge wait");
        assertTrue(fallback < indexOf("--", "set", "Bridge", "br-int"), "before local_ip");
    }

    @Test
    void an_ipv6_controller_host_is_bracketed() {
        new OdlNode(0, true, 5);

        connect("fd00::9", Duration.ofSeconds(30));

        assertEquals(List.of("set-manager", "tcp:[fd00::9]:6640"), ovs.calls.get(indexOf("set-manager")).vsctlArgs());
    }

    @Test
    void a_switch_that_never_connects_is_not_reconnected() {
        new OdlNode(0, false, 5);

        assertTrue(connect("10.0.0.9", Duration.ofSeconds(30)));

        assertEquals(-1, indexOf("del-controller", "br-int"));
        assertTrue(ovs.calls.stream().noneMatch(c -> c.argv().get(0).equals("ovs-ofctl")), "no flows read");
    }

    @Test
    void a_datapath_id_that_is_never_applied_fails_with_both_ids() {
        ScriptedRunner stuck = new ScriptedRunner();
        stuck.vsctl(out("\"0000e2f54d5a1b4c\"\n"), "get", "Bridge", "br-int", "datapath_id")
                .vsctl(out("65534\n"), "get", "Interface")
                .vsctl(out(""), "set")
                .vsctl(out(""), "--");
        VsctlOvsDriver d = new VsctlOvsDriver(stuck, stuck.clock, VsctlOvsDriver::dbSocket);

        IllegalStateException e = assertThrows(IllegalStateException.class, () -> d.connectController(PID, "br-int",
                "lab1", "10.0.0.9", Duration.ofSeconds(30), DPID, null, "dovs-lab1-n1"));

        assertEquals("bridge br-int still has datapath id 0000e2f54d5a1b4c, not " + DPID + ", after 10000 ms",
                e.getMessage());
        assertTrue(stuck.calls.stream().noneMatch(c -> c.isVsctl("set-manager")),
                "ODL never meets a switch with the wrong id");
    }
}
