package dev.dovs.engine.odl;

import dev.dovs.engine.controller.RemoteState;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * One tenant's neutron objects as ODL had them when an intent was decided. Carried in the log as the facts of the
 * inspect step, so the decision can be re-read; parsed here into the client's records.
 */
public record OdlSnapshot(List<NeutronNetwork> networks, List<NeutronSubnet> subnets, List<NeutronRouter> routers,
                          List<NeutronPort> ports) implements RemoteState {
    /** Fact key of the snapshot, as JSON, in the inspect step's {@code step.succeeded}. */
    static final String FACT_SNAPSHOT = "snapshot";

    public static final OdlSnapshot EMPTY = new OdlSnapshot(List.of(), List.of(), List.of(), List.of());

    public OdlSnapshot {
        networks = List.copyOf(networks);
        subnets = List.copyOf(subnets);
        routers = List.copyOf(routers);
        ports = List.copyOf(ports);
    }

    /** The inspect step's facts: the snapshot as JSON. */
    @Override
    public java.util.Map<String, String> facts() {
        return java.util.Map.of(FACT_SNAPSHOT, toJson());
    }

    /** Reads the snapshot an inspect step logged. */
    public static OdlSnapshot fromFacts(java.util.Map<String, String> facts) {
        return fromJson(facts.get(FACT_SNAPSHOT));
    }

    /** Keeps only {@code tenant}'s objects: like the original, dovs never reuses or touches anyone else's. */
    public OdlSnapshot ofTenant(String tenant) {
        return new OdlSnapshot(
                networks.stream().filter(n -> tenant.equals(n.tenantId())).toList(),
                subnets.stream().filter(s -> tenant.equals(s.tenantId())).toList(),
                routers.stream().filter(r -> tenant.equals(r.tenantId())).toList(),
                ports.stream().filter(p -> tenant.equals(p.tenantId())).toList());
    }

    public Optional<NeutronNetwork> network(String uuid) {
        return networks.stream().filter(n -> uuid.equals(n.uuid())).findFirst();
    }

    /** By uuid or name, as the original's idOrName lookups. */
    public Optional<NeutronSubnet> subnet(String idOrName) {
        return subnets.stream().filter(s -> idOrName.equals(s.uuid()) || idOrName.equals(s.name())).findFirst();
    }

    public Optional<NeutronRouter> router(String idOrName) {
        return routers.stream().filter(r -> idOrName.equals(r.uuid()) || idOrName.equals(r.name())).findFirst();
    }

    public Optional<NeutronPort> port(String uuid) {
        return ports.stream().filter(p -> uuid.equals(p.uuid())).findFirst();
    }

    /** The router interface serving a subnet: how the original finds whether a subnet is routed, and by which router. */
    public Optional<NeutronPort> routerPortOf(String subnetUuid) {
        return ports.stream().filter(p -> p.isRouterInterface() && subnetUuid.equals(p.firstSubnetId())).findFirst();
    }

    public String toJson() {
        return new JsonObject()
                .put("networks", array(networks, NeutronNetwork::toEntry))
                .put("subnets", array(subnets, NeutronSubnet::toEntry))
                .put("routers", array(routers, NeutronRouter::toEntry))
                .put("ports", array(ports, NeutronPort::toEntry))
                .encode();
    }

    public static OdlSnapshot fromJson(String text) {
        JsonObject o = new JsonObject(text);
        return new OdlSnapshot(
                Json.entries(o, "networks").stream().map(NeutronNetwork::fromJson).toList(),
                Json.entries(o, "subnets").stream().map(NeutronSubnet::fromJson).toList(),
                Json.entries(o, "routers").stream().map(NeutronRouter::fromJson).toList(),
                Json.entries(o, "ports").stream().map(NeutronPort::fromJson).toList());
    }

    private static <T> JsonArray array(List<T> items, Function<T, JsonObject> entry) {
        return new JsonArray(items.stream().map(entry).collect(Collectors.toList()));
    }
}
