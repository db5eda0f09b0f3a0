package dev.dovs.engine.ovs;

import dev.dovs.engine.docker.ForeignResourceException;
import dev.dovs.engine.exec.ProcessRunner;
import io.vertx.core.json.JsonArray;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A guest's port on a real OVS database ({@link OvsdbServer}: the host's ovsdb-server, no root): what
 * {@link VsctlOvsDriver#plugPort} writes in-process, that it waits for ovs-vswitchd as ovs-vsctl does, and what it
 * does when the name is taken or the bridge is missing. The fallback runs the real ovs-vsctl on the same database.
 */
class GuestPortTest {
    private static final long PID = 4242;
    private static final String INFO = "{\"guest\":\"g1\",\"note\":\"a \\\"b\\\" c\\\\d\"}";
    private static final String HOSTILE = "g1; rm -rf / $(reboot) `id` 'x' \"y\"";

    private OvsdbServer ovsdb;
    private VsctlOvsDriver driver;

    @BeforeEach
    void start(@TempDir Path dir) throws Exception {
        ovsdb = new OvsdbServer(dir);
        ovsdb.vsctl("add-br", "br-int");
        driver = new VsctlOvsDriver(new ProcessRunner(Duration.ofSeconds(20)), VsctlOvsDriver.PollClock.SYSTEM,
                pid -> {
                    assertEquals(PID, pid, "the node's pid names its database");
                    return ovsdb.db();
                });
    }

    @AfterEach
    void stop() throws InterruptedException {
        ovsdb.close();
    }

    /** An OVSDB map column as a sorted Java map. */
    private static Map<String, String> map(Object column) {
        Map<String, String> m = new TreeMap<>();
        ((JsonArray) column).getJsonArray(1).forEach(p -> m.put(((JsonArray) p).getString(0),
                ((JsonArray) p).getString(1)));
        return m;
    }

    @Test
    void a_new_port_is_one_transaction_with_every_value_verbatim_and_returns_once_applied() {
        ovsdb.applyAfter(Duration.ofMillis(200));
        driver.plugPort(PID, "br-int", "tap1", "port-1", "fa:16:3e:00:00:01", HOSTILE, "lab1", INFO, 0);
        long appliedOnReturn = ovsdb.applied();

        assertEquals(Map.of("iface-id", "port-1", "attached-mac", "fa:16:3e:00:00:01", "dovs-lab", "lab1",
                "dovs-guest", HOSTILE), map(ovsdb.column("Interface", "tap1", "external_ids")));
        assertEquals(Map.of("dovs-info", INFO), map(ovsdb.column("Interface", "tap1", "other_config")));
        assertEquals("br-int", ovsdb.vsctl("port-to-br", "tap1").strip());
        assertEquals("[]", ovsdb.vsctl("get", "Port", "tap1", "tag").strip(), "no tag: none set");
        long next = Long.parseLong(ovsdb.vsctl("get", "Open_vSwitch", ".", "next_cfg").strip());
        assertEquals(1, next, "one transaction, one next_cfg");
        assertEquals(next, appliedOnReturn, "returned only after ovs-vswitchd's stand-in applied it");
    }

    @Test
    void a_tagged_port_gets_its_local_vlan() {
        driver.plugPort(PID, "br-int", "tap1", "port-1", "fa:16:3e:00:00:01", "g1", "lab1", "{}", 7);

        assertEquals("7", ovsdb.vsctl("get", "Port", "tap1", "tag").strip());
    }

    @Test
    void the_labs_own_port_of_that_name_is_taken_over_through_ovs_vsctl_with_may_exist() {
        ovsdb.vsctl("add-port", "br-int", "tap1", "--", "set", "Interface", "tap1", "external_ids:dovs-lab=lab1",
                "external_ids:iface-id=old");

        driver.plugPort(PID, "br-int", "tap1", "port-1", "fa:16:3e:00:00:01", "g1", "lab1", "{}", 3);

        assertEquals("port-1", map(ovsdb.column("Interface", "tap1", "external_ids")).get("iface-id"));
        assertEquals("3", ovsdb.vsctl("get", "Port", "tap1", "tag").strip());
        assertEquals("tap1", ovsdb.vsctl("list-ports", "br-int").strip(), "still one port");
    }

    @Test
    void a_port_or_interface_of_that_name_not_the_labs_is_never_adopted_and_nothing_changes() {
        ovsdb.vsctl("add-br", "br-ex");
        ovsdb.vsctl("add-port", "br-ex", "tap1", "--", "set", "Interface", "tap1", "external_ids:dovs-lab=other");
        ovsdb.vsctl("add-port", "br-ex", "tap2");

        ForeignResourceException other = assertThrows(ForeignResourceException.class, () -> driver.plugPort(PID,
                "br-int", "tap1", "port-1", "fa:16:3e:00:00:01", "g1", "lab1", "{}", 0));
        ForeignResourceException none = assertThrows(ForeignResourceException.class, () -> driver.plugPort(PID,
                "br-int", "tap2", "port-2", "fa:16:3e:00:00:02", "g2", "lab1", "{}", 0));

        assertTrue(other.getMessage().startsWith("OVS port tap1 exists but is not lab lab1's (dovs-lab=other)"),
                other.getMessage());
        assertTrue(none.getMessage().startsWith("OVS port tap2 exists but is not lab lab1's (no external_ids:"),
                none.getMessage());
        assertEquals("", ovsdb.vsctl("list-ports", "br-int").strip());
        assertEquals(Map.of("dovs-lab", "other"), map(ovsdb.column("Interface", "tap1", "external_ids")));
    }

    @Test
    void a_missing_bridge_fails_the_plug_and_creates_no_row() {
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> driver.plugPort(PID, "br-x",
                "tap1", "port-1", "fa:16:3e:00:00:01", "g1", "lab1", "{}", 0));

        assertEquals("no bridge br-x in the node's OVS database", e.getMessage());
        assertEquals("", ovsdb.vsctl("--columns=name", "list", "Interface").strip()
                .replace("name                : br-int", "").strip(), "only br-int's own interface");
    }

    @Test
    void a_switch_that_never_applies_the_change_fails_the_wait_within_its_bound() throws IOException {
        ovsdb.applying(false);
        OvsDriver.PortSpec p = new OvsDriver.PortSpec("tap1", "port-1", "fa:16:3e:00:00:01", "g1", "lab1", "{}", 0);

        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> Ovsdb.addPort(ovsdb.db(), "br-int", p, Duration.ofMillis(300)));

        assertTrue(e.getMessage().startsWith("ovs-vswitchd did not apply port tap1 within "), e.getMessage());
        assertTrue(e.getMessage().endsWith("(cur_cfg 0, next_cfg 1)"), e.getMessage());
    }

    @Test
    void an_unreachable_database_is_one_line_naming_the_socket() {
        driver = new VsctlOvsDriver(new ProcessRunner(Duration.ofSeconds(5)), VsctlOvsDriver.PollClock.SYSTEM,
                pid -> ovsdb.db().resolveSibling("nothing.sock"));

        IllegalStateException e = assertThrows(IllegalStateException.class, () -> driver.plugPort(PID, "br-int",
                "tap1", "port-1", "fa:16:3e:00:00:01", "g1", "lab1", "{}", 0));

        assertTrue(e.getMessage().startsWith("cannot add port tap1 through the node's OVS database "
                + ovsdb.db().resolveSibling("nothing.sock") + ": "), e.getMessage());
    }
}
