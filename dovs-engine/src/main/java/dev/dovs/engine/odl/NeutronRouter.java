package dev.dovs.engine.odl;

import io.vertx.core.json.JsonObject;

/** A neutron router (contract B.3). Interfaces are ports, see {@link NeutronPort#routerInterface}. */
public record NeutronRouter(String uuid, String name, String tenantId) {

    public static NeutronRouter of(String uuid, String name) {
        return of(OdlLab.of(dev.dovs.events.model.LabNaming.defaultLab()), uuid, name);
    }

    public static NeutronRouter of(OdlLab lab, String uuid, String name) {
        return new NeutronRouter(uuid, name, lab.tenant());
    }

    public JsonObject toBody() {
        return Json.body("router", toEntry());
    }

    /** The entry alone, as it stands in a list. */
    JsonObject toEntry() {
        JsonObject e = new JsonObject().put("uuid", uuid);
        Json.putIf(e, "name", name);
        Json.putIf(e, "tenant-id", tenantId);
        return e;
    }

    public static NeutronRouter fromJson(JsonObject e) {
        return new NeutronRouter(Json.text(e, "uuid"), Json.text(e, "name"), Json.text(e, "tenant-id"));
    }
}
