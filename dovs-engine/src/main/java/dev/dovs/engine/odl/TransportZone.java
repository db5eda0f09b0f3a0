package dev.dovs.engine.odl;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;

/** A genius ITM transport zone in the Neon form: zone / subnets (by prefix) / vteps (contract B.6). */
public record TransportZone(String zoneName, String tunnelType, List<TzSubnet> subnets) {

    public record TzSubnet(String prefix, String gatewayIp, Integer vlanId, List<Vtep> vteps) {
        public TzSubnet {
            vteps = vteps == null ? List.of() : List.copyOf(vteps);
        }
    }

    /**
     * One tunnel endpoint. The key is (dpn-id, portname); dpn-id is the br-int datapath id, an unsigned 64-bit
     * number, hence BigInteger.
     */
    public record Vtep(BigInteger dpnId, String portname, String ipAddress) {

        /** The original formatted the TZ name into the portname by mistake; we use the node name as intended. */
        public static Vtep forNode(BigInteger dpnId, String nodeName, String ip) {
            return new Vtep(dpnId, "vxlan-" + nodeName, ip);
        }

        /** Parses ovs-vsctl's {@code "0000a2b3c4d5e6f7"} (quotes optional) into the decimal ITM wants. */
        public static BigInteger dpnIdFromDatapathId(String hex) {
            String h = hex.trim().replace("\"", "");
            if (!h.matches("[0-9a-fA-F]{1,16}")) {
                throw new IllegalArgumentException("'" + hex + "' is not an OVS datapath id (up to 16 hex digits)");
            }
            return new BigInteger(h, 16);
        }

        JsonObject toJson() {
            JsonObject v = new JsonObject().put("dpn-id", dpnId).put("portname", portname);
            Json.putIf(v, "ip-address", ipAddress);
            return v;
        }
    }

    public TransportZone {
        subnets = subnets == null ? List.of() : List.copyOf(subnets);
    }

    /** The zone dovs creates: one subnet (the tunnel network), no VTEPs yet; those are added one by one. */
    public static TransportZone dovs(String tunnelPrefix) {
        return of(OdlConstants.TRANSPORT_ZONE, tunnelPrefix);
    }

    /**
     * VXLAN, with the tunnel network as the one subnet. Not the original's vxlan-gpe (it came out of the SFC/NSH
     * tests): netvirt 0.8.0's ELAN asks ITM for VXLAN tunnels whatever the zone says, so with a vxlan-gpe zone remote
     * MACs are programmed as drops and no guest reaches another node (seen with a real ODL Neon, docs/odl.md).
     */
    public static TransportZone of(String zoneName, String tunnelPrefix) {
        String prefix = Ipv4Prefix.parse(tunnelPrefix).network().toString();
        return new TransportZone(zoneName, OdlConstants.TUNNEL_TYPE_VXLAN,
                List.of(new TzSubnet(prefix, "0.0.0.0", 0, List.of())));
    }

    /** Every VTEP of every subnet. */
    public List<Vtep> vteps() {
        return subnets.stream().flatMap(s -> s.vteps().stream()).toList();
    }

    /** The prefix of the subnet holding this VTEP, if any. */
    public java.util.Optional<String> prefixOf(BigInteger dpnId, String portname) {
        return subnets.stream().filter(s -> s.vteps().stream().anyMatch(v -> dpnId.equals(v.dpnId())
                && portname.equals(v.portname()))).map(TzSubnet::prefix).findFirst();
    }

    JsonObject toEntry() {
        JsonObject z = new JsonObject().put("zone-name", zoneName);
        Json.putIf(z, "tunnel-type", tunnelType);
        JsonArray subs = new JsonArray();
        for (TzSubnet s : subnets) {
            JsonObject so = new JsonObject().put("prefix", s.prefix());
            Json.putIf(so, "gateway-ip", s.gatewayIp());
            Json.putIf(so, "vlan-id", s.vlanId());
            if (!s.vteps().isEmpty()) {
                JsonArray vs = new JsonArray();
                s.vteps().forEach(v -> vs.add(v.toJson()));
                so.put("vteps", vs);
            }
            subs.add(so);
        }
        if (!subs.isEmpty()) {
            z.put("subnets", subs);
        }
        return z;
    }

    public JsonObject toBody() {
        return Json.body("transport-zone", toEntry());
    }

    static TransportZone fromJson(JsonObject z) {
        List<TzSubnet> subs = new ArrayList<>();
        for (JsonObject s : Json.entries(z, "subnets")) {
            List<Vtep> vteps = new ArrayList<>();
            for (JsonObject v : Json.entries(s, "vteps")) {
                String dpn = Json.text(v, "dpn-id");
                vteps.add(new Vtep(dpn == null ? null : new BigInteger(dpn), Json.text(v, "portname"),
                        Json.text(v, "ip-address")));
            }
            String vlan = Json.text(s, "vlan-id");
            subs.add(new TzSubnet(Json.text(s, "prefix"), Json.text(s, "gateway-ip"),
                    vlan == null ? null : Integer.valueOf(vlan), vteps));
        }
        return new TransportZone(Json.text(z, "zone-name"), Json.text(z, "tunnel-type"), subs);
    }
}
