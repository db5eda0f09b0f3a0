package dev.dovs.engine.odl;

import io.vertx.core.json.JsonObject;

/** A neutron network (contract B.1). Fields absent in ODL's answer are null. */
public record NeutronNetwork(String uuid, String name, String tenantId, String networkType, String segmentationId,
                             Boolean adminStateUp, Boolean shared, Boolean external) {

    /** The single network every dovs subnet lives on (the original's fixed dovs-net, VNI 1). */
    public static NeutronNetwork dovsNet() {
        return of(OdlLab.of(dev.dovs.events.model.LabNaming.defaultLab()));
    }

    /** The lab's base network as the original made it (one network, VNI 1); dovs now makes one per net. */
    public static NeutronNetwork of(OdlLab lab) {
        return new NeutronNetwork(lab.networkId(), lab.networkName(), lab.tenant(), OdlConstants.NETWORK_TYPE_VXLAN,
                OdlConstants.SEGMENTATION_ID, true, false, false);
    }

    /**
     * The network of one dovs net ({@link OdlLab#networkId(String)}): vxlan with its own segmentation id
     * ({@code vni}, 1..{@value OdlLab#MAX_SEGMENTATION_ID}), so that netvirt does not ignore it and every subnet and
     * port on it, and so that nets are isolated from each other.
     */
    public static NeutronNetwork forNet(OdlLab lab, String net, int vni) {
        if (vni < 1 || vni > OdlLab.MAX_SEGMENTATION_ID) {
            throw new IllegalArgumentException("segmentation id " + vni + " not in 1.." + OdlLab.MAX_SEGMENTATION_ID);
        }
        return new NeutronNetwork(lab.networkId(net), lab.networkName(net), lab.tenant(),
                OdlConstants.NETWORK_TYPE_VXLAN, String.valueOf(vni), true, false, false);
    }

    /** Canonical PUT body: module-name prefixes, real booleans, the segmentation id as the string YANG wants. */
    public JsonObject toBody() {
        return Json.body("network", toEntry());
    }

    /** The entry alone, as it stands in a list. */
    JsonObject toEntry() {
        JsonObject e = new JsonObject().put("uuid", uuid);
        Json.putIf(e, "name", name);
        Json.putIf(e, "tenant-id", tenantId);
        Json.putIf(e, "admin-state-up", adminStateUp);
        Json.putIf(e, "shared", shared);
        Json.putIf(e, "neutron-provider-ext:network-type", networkType);
        Json.putIf(e, "neutron-provider-ext:segmentation-id", segmentationId);
        Json.putIf(e, "neutron-L3-ext:external", external);
        return e;
    }

    public static NeutronNetwork fromJson(JsonObject e) {
        return new NeutronNetwork(Json.text(e, "uuid"), Json.text(e, "name"), Json.text(e, "tenant-id"),
                Json.text(e, "neutron-provider-ext:network-type"),
                Json.text(e, "neutron-provider-ext:segmentation-id"), Json.bool(e, "admin-state-up"),
                Json.bool(e, "shared"), Json.bool(e, "neutron-L3-ext:external"));
    }
}
