package dev.dovs.engine.odl;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/** A neutron port (contract B.4/B.5): either a router interface or a guest ("compute") port. */
public record NeutronPort(String uuid, String name, String tenantId, String networkId, Boolean adminStateUp,
                          String deviceOwner, String deviceId, String macAddress, List<FixedIp> fixedIps,
                          String hostId, String vifType, String vnicType) {

    public record FixedIp(String subnetId, String ipAddress) {
    }

    public NeutronPort {
        fixedIps = fixedIps == null ? List.of() : List.copyOf(fixedIps);
    }

    /** Router interface = a port owned by network:router_interface carrying the subnet gateway (no RPC exists). */
    public static NeutronPort routerInterface(String uuid, NeutronRouter router, NeutronSubnet subnet, String mac) {
        return new NeutronPort(uuid, router.name() + "-" + subnet.name(), router.tenantId(),
                subnet.networkId(), true, OdlConstants.OWNER_ROUTER_INTERFACE, router.uuid(), mac,
                List.of(new FixedIp(subnet.uuid(), subnet.gatewayIp())), null, null, null);
    }

    /**
     * A guest port. {@code hostId} is the node's name (contract B.4 recommendation); the original put the port
     * uuid into an ovsdb:// URL there by accident.
     */
    public static NeutronPort compute(String uuid, String guestName, String mac, NeutronSubnet subnet, String ip,
                                      String hostId) {
        if (!Ipv4Prefix.parse(subnet.cidr()).contains(ip)) {
            throw new IllegalArgumentException("invalid ip " + ip + " for subnet " + subnet.name() + " (" + subnet.cidr() + ")");
        }
        return new NeutronPort(uuid, guestName, subnet.tenantId(), subnet.networkId(), true,
                OdlConstants.OWNER_COMPUTE, uuid, mac, List.of(new FixedIp(subnet.uuid(), ip)), hostId,
                OdlConstants.VIF_TYPE, OdlConstants.VNIC_TYPE);
    }

    /** A locally administered 52:54:xx MAC for router ports, as the original did (QEMU's OUI). */
    public static String randomRouterMac(Random random) {
        StringBuilder sb = new StringBuilder("52:54");
        for (int i = 0; i < 4; i++) {
            sb.append(String.format(":%02x", random.nextInt(256)));
        }
        return sb.toString();
    }

    /** The same port bound to another host: what nova sends when a VM migrates. */
    public NeutronPort withHostId(String host) {
        return new NeutronPort(uuid, name, tenantId, networkId, adminStateUp, deviceOwner, deviceId, macAddress,
                fixedIps, host, vifType, vnicType);
    }

    public boolean isRouterInterface() {
        return OdlConstants.OWNER_ROUTER_INTERFACE.equals(deviceOwner);
    }

    /** The subnet of the first fixed IP, which is how the original finds a subnet's router port. */
    public String firstSubnetId() {
        return fixedIps.isEmpty() ? null : fixedIps.get(0).subnetId();
    }

    public JsonObject toBody() {
        return Json.body("port", toEntry());
    }

    /** The entry alone, as it stands in a list. */
    JsonObject toEntry() {
        JsonObject e = new JsonObject().put("uuid", uuid);
        Json.putIf(e, "name", name);
        Json.putIf(e, "tenant-id", tenantId);
        Json.putIf(e, "network-id", networkId);
        Json.putIf(e, "admin-state-up", adminStateUp);
        Json.putIf(e, "device-owner", deviceOwner);
        Json.putIf(e, "device-id", deviceId);
        Json.putIf(e, "mac-address", macAddress);
        JsonArray ips = new JsonArray();
        for (FixedIp f : fixedIps) {
            ips.add(new JsonObject().put("subnet-id", f.subnetId()).put("ip-address", f.ipAddress()));
        }
        if (!ips.isEmpty()) {
            e.put("fixed-ips", ips);
        }
        Json.putIf(e, "neutron-binding:host-id", hostId);
        Json.putIf(e, "neutron-binding:vif-type", vifType);
        Json.putIf(e, "neutron-binding:vnic-type", vnicType);
        return e;
    }

    public static NeutronPort fromJson(JsonObject e) {
        List<FixedIp> ips = new ArrayList<>();
        for (JsonObject f : Json.entries(e, "fixed-ips")) {
            ips.add(new FixedIp(Json.text(f, "subnet-id"), Json.text(f, "ip-address")));
        }
        return new NeutronPort(Json.text(e, "uuid"), Json.text(e, "name"), Json.text(e, "tenant-id"),
                Json.text(e, "network-id"), Json.bool(e, "admin-state-up"), Json.text(e, "device-owner"),
                Json.text(e, "device-id"), Json.text(e, "mac-address"), ips, Json.text(e, "neutron-binding:host-id"),
                Json.text(e, "neutron-binding:vif-type"), Json.text(e, "neutron-binding:vnic-type"));
    }
}
