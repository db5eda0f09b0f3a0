package dev.dovs.engine.odl;

import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.math.BigInteger;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PayloadTest {

    private static final String SUBNET_ID = "0b6c1a0e-1d2f-4c3a-9e8d-7f6a5b4c3d2e";

    @Test
    void networkBodyIsCanonical() {
        JsonObject e = NeutronNetwork.dovsNet().toBody().getJsonArray("network").getJsonObject(0);
        assertEquals(OdlConstants.NETWORK_ID, e.getString("uuid"));
        assertEquals("dovs-net", e.getString("name"));
        assertEquals(Boolean.TRUE, e.getValue("admin-state-up"));
        assertEquals(Boolean.FALSE, e.getValue("neutron-L3-ext:external"));
        assertEquals("neutron-networks:network-type-vxlan", e.getString("neutron-provider-ext:network-type"));
        assertEquals("1", e.getValue("neutron-provider-ext:segmentation-id"));
    }

    @Test
    void subnetGatewayIsSecondToLastAddress() {
        NeutronSubnet s = NeutronSubnet.forGuest(SUBNET_ID, "net1", "10.0.3.7/24");
        assertEquals("10.0.3.0/24", s.cidr());
        assertEquals("10.0.3.254", s.gatewayIp());
        assertEquals("192.168.0.6", NeutronSubnet.forGuest(SUBNET_ID, "n", "192.168.0.1/29").gatewayIp());
        String why = assertThrows(IllegalArgumentException.class,
                () -> NeutronSubnet.forGuest(SUBNET_ID, "n", "10.0.0.1/32")).getMessage();
        assertTrue(why.contains("too small"), why);
    }

    @Test
    void routerInterfacePortNamesAndFixedIpsArray() {
        NeutronSubnet s = NeutronSubnet.forGuest(SUBNET_ID, "net1", "10.0.0.1/24");
        NeutronRouter r = NeutronRouter.of("4a1e2b3c-0000-4000-8000-000000000001", "router1");
        String mac = NeutronPort.randomRouterMac(new Random(1));
        assertTrue(mac.matches("52:54(:[0-9a-f]{2}){4}"), mac);
        JsonObject p = NeutronPort.routerInterface("4a1e2b3c-0000-4000-8000-000000000002", r, s, mac)
                .toBody().getJsonArray("port").getJsonObject(0);
        assertEquals("router1-net1", p.getString("name"));
        assertEquals("network:router_interface", p.getString("device-owner"));
        assertEquals(r.uuid(), p.getString("device-id"));
        JsonObject ip = p.getJsonArray("fixed-ips").getJsonObject(0);
        assertEquals("10.0.0.254", ip.getString("ip-address"));
        assertEquals(SUBNET_ID, ip.getString("subnet-id"));
    }

    @Test
    void computePortUsesNodeAsHostIdAndOvsVif() {
        NeutronSubnet s = NeutronSubnet.forGuest(SUBNET_ID, "net1", "10.0.0.1/24");
        String id = "9f0e8d7c-6b5a-4f3e-8d2c-1b0a99887766";
        JsonObject p = NeutronPort.compute(id, "vm1", "aa:bb:cc:dd:ee:ff", s, "10.0.0.1", "dovs-node-1")
                .toBody().getJsonArray("port").getJsonObject(0);
        assertEquals("dovs-node-1", p.getString("neutron-binding:host-id"));
        assertEquals("ovs", p.getString("neutron-binding:vif-type"));
        assertEquals("compute", p.getString("device-owner"));
        assertEquals(id, p.getString("device-id"));
        assertEquals("tap9f0e8d7c-6b", OdlConstants.tapName(id));
        assertThrows(IllegalArgumentException.class,
                () -> NeutronPort.compute(id, "vm1", "aa:bb:cc:dd:ee:ff", s, "10.0.1.1", "n"));
    }

    @Test
    void dpnIdFromDatapathIdIsUnsignedDecimal() {
        assertEquals(new BigInteger("234018835196237"),
                TransportZone.Vtep.dpnIdFromDatapathId("\"0000d4d6c18ae94d\""));
        assertEquals(new BigInteger("18446744073709551615"), TransportZone.Vtep.dpnIdFromDatapathId("ffffffffffffffff"));
        assertThrows(IllegalArgumentException.class, () -> TransportZone.Vtep.dpnIdFromDatapathId("xyz"));
    }

    @Test
    void keysArePercentEncoded() {
        assertEquals("10.0.0.0%2F24", OdlPaths.key("10.0.0.0/24"));
        assertTrue(OdlPaths.vtep("dovs-tz", "172.19.0.0/16", BigInteger.TEN, "vxlan-n1")
                .endsWith("/transport-zone/dovs-tz/subnets/172.19.0.0%2F16/vteps/10/vxlan-n1"));
    }
}
