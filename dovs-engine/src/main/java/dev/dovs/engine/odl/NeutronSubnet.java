package dev.dovs.engine.odl;

import io.vertx.core.json.JsonObject;

/** A neutron subnet (contract B.2); dovs puts each subnet on a network of its own ({@link NeutronNetwork#forNet}). */
public record NeutronSubnet(String uuid, String name, String tenantId, String networkId, String ipVersion,
                            String cidr, String gatewayIp) {

    /** The subnet a guest address implies: its network, gateway = second-to-last address. */
    public static NeutronSubnet forGuest(String uuid, String name, String guestCidr) {
        return forGuest(OdlLab.of(dev.dovs.events.model.LabNaming.defaultLab()), uuid, name, guestCidr);
    }

    public static NeutronSubnet forGuest(OdlLab lab, String uuid, String name, String guestCidr) {
        Ipv4Prefix net = Ipv4Prefix.parse(guestCidr).network();
        return new NeutronSubnet(uuid, name, lab.tenant(), lab.networkId(name), OdlConstants.IP_VERSION_V4,
                net.toString(), net.gateway());
    }

    public JsonObject toBody() {
        return Json.body("subnet", toEntry());
    }

    /** The entry alone, as it stands in a list. */
    JsonObject toEntry() {
        JsonObject e = new JsonObject().put("uuid", uuid);
        Json.putIf(e, "name", name);
        Json.putIf(e, "tenant-id", tenantId);
        Json.putIf(e, "network-id", networkId);
        Json.putIf(e, "ip-version", ipVersion);
        Json.putIf(e, "cidr", cidr);
        Json.putIf(e, "gateway-ip", gatewayIp);
        return e;
    }

    public static NeutronSubnet fromJson(JsonObject e) {
        return new NeutronSubnet(Json.text(e, "uuid"), Json.text(e, "name"), Json.text(e, "tenant-id"),
                Json.text(e, "network-id"), Json.text(e, "ip-version"), Json.text(e, "cidr"),
                Json.text(e, "gateway-ip"));
    }
}
