package dev.dovs.events.model;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TopologyTest {
    /** Linux IFNAMSIZ is 16 including the terminating NUL: an interface name has at most 15 characters. */
    private static final int MAX_IFNAME = 15;
    private static final Pattern MAC = Pattern.compile("[0-9a-f]{2}(:[0-9a-f]{2}){5}");

    /** Remote container names as the labs produce them: default lab (node name) and named labs (lab.node). */
    private static final List<String> REMOTES = List.of("n1", "n2", "dovs-node-1", "dovs-node-2", "dovs-node-50",
            "ab.dovs-node-1", "abcdef.dovs-node-1", "abcdef." + "x".repeat(32));

    // ---- VNI and VLAN numbering ----------------------------------------------------------------------------

    @ParameterizedTest(name = "net {0}: vni {1}, vlan {2}")
    @CsvSource({"1, 1001, 101", "2, 1002, 102", "3, 1003, 103", "250, 1250, 350"})
    void the_kth_net_gets_vni_1000_plus_k_and_vlan_100_plus_k(int k, int vni, int vlan) {
        assertEquals(vni, Topology.vni(k));
        assertEquals(vlan, Topology.vlan(k));
    }

    @Test
    void every_net_of_a_lab_gets_its_own_vni_and_vlan() {
        Set<Integer> vnis = new HashSet<>();
        Set<Integer> vlans = new HashSet<>();
        for (int k = 1; k <= 250; k++) {
            assertTrue(vnis.add(Topology.vni(k)), "vni of net " + k + " is reused");
            assertTrue(vlans.add(Topology.vlan(k)), "vlan of net " + k + " is reused");
            assertNotEquals(Topology.LOCAL_VLAN, Topology.vlan(k), "a net must not share the no-net VLAN");
            assertTrue(Topology.vlan(k) >= 1 && Topology.vlan(k) <= 4094, "802.1Q VLAN range");
        }
    }

    // ---- tunnel ports --------------------------------------------------------------------------------------

    @Test
    void tunnel_port_names_fit_an_interface_name_and_start_with_vx() {
        for (int k = 1; k <= 250; k++) {
            for (String remote : REMOTES) {
                String port = Topology.tunnelPort(Topology.vni(k), remote);
                assertTrue(port.length() <= MAX_IFNAME, () -> port + " is longer than " + MAX_IFNAME);
                assertTrue(port.startsWith("vx"), port);
                assertTrue(port.chars().allMatch(c -> Character.isLetterOrDigit(c)), () -> port + " has odd chars");
            }
        }
    }

    @Test
    void tunnel_port_names_are_deterministic() {
        for (String remote : REMOTES) {
            // computed twice from fresh strings: no identity, no randomness, no hidden state
            assertEquals(Topology.tunnelPort(1001, new String(remote)), Topology.tunnelPort(1001, remote));
        }
    }

    @Test
    void tunnel_port_names_differ_per_remote_for_one_vni() {
        Set<String> names = new HashSet<>();
        for (String remote : REMOTES) {
            assertTrue(names.add(Topology.tunnelPort(1001, remote)), "two remotes share a port name: " + remote);
        }
        for (int n = 1; n <= 50; n++) {
            names.add(Topology.tunnelPort(1001, "lab1.dovs-node-" + n));
        }
        assertEquals(REMOTES.size() + 50, names.size(), "every remote of a node gets its own port");
    }

    @Test
    void tunnel_port_names_differ_per_vni_for_one_remote() {
        Set<String> names = new HashSet<>();
        for (int k = 1; k <= 250; k++) {
            names.add(Topology.tunnelPort(Topology.vni(k), "dovs-node-2"));
        }
        assertEquals(250, names.size(), "every net to the same remote gets its own port");
    }

    // ---- routers -------------------------------------------------------------------------------------------

    @Test
    void router_namespace_is_the_labs_prefix_then_qr_dot_router() {
        assertEquals("dovs-qr.r1", Topology.routerNetns(LabNaming.defaultLab(), "r1"));
        assertEquals("dovsab-qr.router1", Topology.routerNetns(new LabNaming("ab"), "router1"));
    }

    @Test
    void router_port_id_is_a_stable_uuid_per_router_and_net() {
        String id = Topology.routerPortId("r1", "net-a");
        assertEquals(id, Topology.routerPortId(new String("r1"), new String("net-a")));
        assertEquals(id, UUID.fromString(id).toString(), "a canonical uuid, like a neutron port id");

        assertNotEquals(id, Topology.routerPortId("r1", "net-b"), "another net of the same router");
        assertNotEquals(id, Topology.routerPortId("r2", "net-a"), "another router on the same net");
    }

    @Test
    void router_ports_of_many_nets_are_all_distinct() {
        Set<String> ids = new HashSet<>();
        Set<String> macs = new HashSet<>();
        Set<String> ifnames = new HashSet<>();
        for (int k = 1; k <= 250; k++) {
            String id = Topology.routerPortId("router1", "dovs-net-" + k);
            ids.add(id);
            macs.add(Topology.routerMac(id));
            ifnames.add(Topology.routerIfname(id));
        }
        assertEquals(250, ids.size());
        assertEquals(250, macs.size(), "router interfaces on a router need distinct MACs");
        assertEquals(250, ifnames.size(), "interfaces in one router namespace need distinct names");
    }

    @Test
    void router_mac_is_a_neutron_style_unicast_mac() {
        for (int k = 1; k <= 250; k++) {
            String mac = Topology.routerMac(Topology.routerPortId("r" + (k % 7), "net" + k));
            assertTrue(MAC.matcher(mac).matches(), mac);
            assertTrue(mac.startsWith("fa:16:3e:"), mac);
            int first = Integer.parseInt(mac.substring(0, 2), 16);
            assertEquals(0, first & 1, () -> mac + " is a multicast MAC");
            assertNotEquals("ff:ff:ff:ff:ff:ff", mac);
            assertEquals(mac, Validation.mac(mac), "what the CLI accepts as a guest MAC");
        }
    }

    @Test
    void router_mac_is_deterministic_per_port() {
        String id = Topology.routerPortId("r1", "a");
        assertEquals(Topology.routerMac(id), Topology.routerMac(Topology.routerPortId("r1", "a")));
    }

    @Test
    void router_ifname_is_qr_dash_and_eleven_characters_of_the_port_and_fits_ifnamsiz() {
        String id = Topology.routerPortId("r1", "a");
        String ifname = Topology.routerIfname(id);
        assertTrue(ifname.startsWith("qr-"), ifname);
        assertEquals(14, ifname.length(), ifname);
        assertTrue(ifname.length() <= MAX_IFNAME);
        assertTrue(id.startsWith(ifname.substring(3)), "the 11 characters come from the port id: " + ifname);
        // the veth peer on br-int follows nova's convention and also fits
        assertTrue(LabNaming.tap(id).length() <= MAX_IFNAME);
        assertNotEquals(ifname, LabNaming.tap(id));
    }
}
