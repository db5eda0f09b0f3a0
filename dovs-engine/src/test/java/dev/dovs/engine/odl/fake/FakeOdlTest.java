package dev.dovs.engine.odl.fake;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.NetSocket;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Duration;

import static dev.dovs.engine.odl.Await.ok;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The fake on its own, over raw HTTP: it must accept what ODL accepts and reject what ODL rejects. */
@ExtendWith(VertxExtension.class)
class FakeOdlTest {

    private static final String NET = "177bef73-514e-4922-990f-d7aba0f3b0f4";
    private static final String TENANT = "5d806f0e-e197-4a72-88e6-72b024fa5c97";
    private static final String PORT = "9f0e8d7c-6b5a-4f3e-8d2c-1b0a99887766";
    private static final String SUBNET = "0b6c1a0e-1d2f-4c3a-9e8d-7f6a5b4c3d2e";
    private static final String NET_PATH = "/restconf/config/neutron:neutron/networks/network/" + NET;
    private static final String PORT_PATH = "/restconf/config/neutron:neutron/ports/port/" + PORT;
    private static final String TZ_PATH = "/restconf/config/itm:transport-zones/transport-zone/dovs-tz";
    private static final String AUTH = "Basic YWRtaW46YWRtaW4="; // admin:admin

    /** What the original tool sent: stringified booleans, augment-identifier prefixes, an object for the list. */
    private static final String ORIGINAL_NETWORK = "{\"network\":{\"uuid\":\"" + NET + "\",\"name\":\"dovs-net\","
            + "\"tenant-id\":\"" + TENANT + "\",\"shared\":\"false\",\"admin-state-up\":\"true\","
            + "\"network-provider-extension:network-type\":\"neutron-networks:network-type-vxlan\","
            + "\"network-provider-extension:segmentation-id\":\"1\",\"network-l3-extension:external\":\"false\"}}";

    private Vertx vertx;
    private FakeOdl fake;
    private WebClient web;

    @BeforeEach
    void setUp(Vertx vertx) {
        this.vertx = vertx;
        fake = ok(FakeOdl.start(vertx, new FakeOdlOptions().ovsdbPort(0).openflowPort(0)));
        web = WebClient.create(vertx);
    }

    @AfterEach
    void tearDown() {
        web.close();
        ok(fake.stop());
    }

    private HttpResponse<Buffer> call(String method, String path, String body) {
        HttpRequest<Buffer> r = web.request(HttpMethod.valueOf(method), fake.port(), "127.0.0.1", path)
                .putHeader("Authorization", AUTH).putHeader("Accept", "application/json");
        return ok(body == null ? r.send() : r.putHeader("Content-Type", "application/json").sendBuffer(Buffer.buffer(body)));
    }

    /** A test hook call: no auth, as a test in another process would make it. */
    private HttpResponse<Buffer> hook(String method, String pathAndQuery, String body) {
        HttpRequest<Buffer> r = web.request(HttpMethod.valueOf(method), fake.port(), "127.0.0.1", pathAndQuery);
        return ok(body == null ? r.send() : r.putHeader("Content-Type", "application/json").sendBuffer(Buffer.buffer(body)));
    }

    private static JsonObject error(HttpResponse<Buffer> r) {
        return r.bodyAsJsonObject().getJsonObject("errors").getJsonArray("error").getJsonObject(0);
    }

    private static void assertError(HttpResponse<Buffer> r, int status, String tag, String messagePart) {
        assertEquals(status, r.statusCode(), r.bodyAsString());
        assertEquals(tag, error(r).getString("error-tag"));
        assertTrue(error(r).getString("error-message").contains(messagePart), error(r).getString("error-message"));
    }

    private String port(String fixedIps) {
        return "{\"port\":[{\"uuid\":\"" + PORT + "\",\"network-id\":\"" + NET + "\",\"device-owner\":\"compute\","
                + "\"mac-address\":\"aa:bb:cc:dd:ee:ff\",\"fixed-ips\":" + fixedIps + "}]}";
    }

    private static final String FIXED_IPS = "[{\"subnet-id\":\"" + SUBNET + "\",\"ip-address\":\"10.0.0.1\"}]";

    @Test
    void acceptsLenientInputAndAnswersCanonically() {
        assertEquals(201, call("PUT", NET_PATH, ORIGINAL_NETWORK).statusCode());
        assertEquals(200, call("PUT", NET_PATH, ORIGINAL_NETWORK).statusCode(), "replace");
        HttpResponse<Buffer> get = call("GET", NET_PATH, null);
        assertEquals(200, get.statusCode());
        JsonObject n = get.bodyAsJsonObject().getJsonArray("network").getJsonObject(0);
        assertEquals(Boolean.TRUE, n.getValue("admin-state-up"));
        assertEquals(Boolean.FALSE, n.getValue("neutron-L3-ext:external"));
        assertEquals("neutron-networks:network-type-vxlan", n.getValue("neutron-provider-ext:network-type"));
        assertEquals("1", n.getValue("neutron-provider-ext:segmentation-id"));
        assertFalse(n.containsKey("vlan-transparent"), "defaults are not filled in");

        String objectFixedIps = "{\"subnet-id\":\"" + SUBNET + "\",\"ip-address\":\"10.0.0.1\"}";
        assertEquals(201, call("PUT", PORT_PATH, port(objectFixedIps)).statusCode());
        JsonObject collection = call("GET", "/restconf/config/neutron:neutron/ports", null).bodyAsJsonObject();
        Object ips = collection.getJsonObject("ports").getJsonArray("port").getJsonObject(0).getValue("fixed-ips");
        assertTrue(ips instanceof JsonArray, "fixed-ips answered as an array: " + ips);
    }

    @Test
    void rejectsKeyMismatchBetweenUriAndBody() {
        String other = "{\"network\":[{\"uuid\":\"" + SUBNET + "\"}]}";
        assertError(call("PUT", NET_PATH, other), 400, "invalid-value", "The value '" + NET + "' for key 'uuid' "
                + "specified in the URI doesn't match the value '" + SUBNET + "' specified in the message body.");
    }

    @Test
    void rejectsWrongPayloadName() {
        String body = "{\"subnet\":[{\"uuid\":\"" + NET + "\"}]}";
        assertError(call("PUT", NET_PATH, body), 400, "malformed-message",
                "Payload name (subnet) is different from identifier name (network)");
    }

    @Test
    void rejectsBadValueFormats() {
        String badUuid = "/restconf/config/neutron:neutron/networks/network/not-a-uuid";
        assertError(call("PUT", badUuid, "{\"network\":[{\"uuid\":\"not-a-uuid\"}]}"), 400, "invalid-value", "uuid");
        assertError(call("PUT", PORT_PATH, port(FIXED_IPS).replace("aa:bb:cc:dd:ee:ff", "aa:bb:cc:dd:ee")), 400,
                "malformed-message", "mac-address");
        assertError(call("PUT", PORT_PATH, port(FIXED_IPS).replace("\"" + NET + "\"", "\"177bef73\"")), 400,
                "malformed-message", "network-id");
        assertError(call("PUT", PORT_PATH, port(FIXED_IPS.replace("10.0.0.1", "10.0.0.300"))), 400,
                "malformed-message", "ip-address");
        assertError(call("PUT", NET_PATH, ORIGINAL_NETWORK.replace("network-type-vxlan", "network-type-vxlan2")),
                400, "malformed-message", "identityref");
        assertError(call("PUT", NET_PATH, ORIGINAL_NETWORK.replace("\"shared\":\"false\"", "\"shared\":\"no\"")),
                400, "malformed-message", "boolean");
        assertError(call("PUT", NET_PATH, ORIGINAL_NETWORK.replace("\"name\"", "\"nmae\"")), 400,
                "malformed-message", "nmae");
        assertError(call("PUT", PORT_PATH, port("[{\"subnet-id\":\"" + SUBNET + "\"}]")), 400,
                "malformed-message", "keys of fixed-ips");
        assertError(call("PUT", NET_PATH, "{\"network\": [ {"), 400, "malformed-message", "Error parsing input");
        assertEquals(404, call("GET", NET_PATH, null).statusCode(), "nothing was stored");
    }

    @Test
    void rejectsBadPaths() {
        assertError(call("GET", "/restconf/config/nosuch:thing", null), 400, "unknown-element",
                "The module named 'nosuch' does not exist.");
        assertError(call("GET", "/restconf/config/neutron:neutron/nets", null), 400, "unknown-element",
                "\"nets\" in URI was not found in parent data node");
        assertError(call("GET", "/restconf/config/neutron:neutron/networks/network", null), 404, "data-missing",
                "Missing key for list \"network\"");
    }

    @Test
    void emptyCollectionsAndMissingDeletesAre404() {
        assertError(call("GET", "/restconf/config/neutron:neutron/networks", null), 404, "data-missing",
                "relevant data model content does not exist");
        assertError(call("DELETE", NET_PATH, null), 404, "data-missing", "Data specified for delete doesn't exist.");
        assertEquals(201, call("PUT", NET_PATH, ORIGINAL_NETWORK).statusCode());
        HttpResponse<Buffer> del = call("DELETE", NET_PATH, null);
        assertEquals(200, del.statusCode());
        assertNull(del.body(), "DELETE answers 200 with an empty body");
        assertEquals(404, call("GET", "/restconf/config/neutron:neutron/networks", null).statusCode(),
                "emptied collection disappears");
    }

    @Test
    void transportZoneNeedsTunnelTypeAndPostIsCreateOnly() {
        assertError(call("PUT", TZ_PATH, "{\"transport-zone\":[{\"zone-name\":\"dovs-tz\"}]}"), 400,
                "missing-element", "tunnel-type");
        assertEquals(404, call("GET", TZ_PATH, null).statusCode(), "rolled back");

        String tz = "{\"transport-zone\":[{\"zone-name\":\"dovs-tz\",\"tunnel-type\":\"odl-interface:tunnel-type-vxlan\","
                + "\"subnets\":[{\"prefix\":\"172.19.0.0/16\",\"vlan-id\":0,\"gateway-ip\":\"0.0.0.0\"}]}]}";
        HttpResponse<Buffer> created = call("POST", "/restconf/config/itm:transport-zones", tz);
        assertEquals(204, created.statusCode());
        assertTrue(created.getHeader("Location").endsWith("/itm:transport-zones/transport-zone/dovs-tz"));
        assertError(call("POST", "/restconf/config/itm:transport-zones", tz), 409, "data-exists",
                "Data already exists for path");

        String vtepPath = TZ_PATH + "/subnets/172.19.0.0%2F16/vteps/234018835196237/vxlan-n1";
        String vtep = "{\"vteps\":[{\"dpn-id\":\"234018835196237\",\"portname\":\"vxlan-n1\",\"ip-address\":\"172.19.0.2\"}]}";
        assertEquals(201, call("PUT", vtepPath, vtep).statusCode());
        JsonObject read = call("GET", TZ_PATH, null).bodyAsJsonObject().getJsonArray("transport-zone").getJsonObject(0);
        Object dpn = read.getJsonArray("subnets").getJsonObject(0).getJsonArray("vteps").getJsonObject(0).getValue("dpn-id");
        assertEquals(234018835196237L, ((Number) dpn).longValue(), "uint64 answered as a JSON number");
        assertError(call("PUT", vtepPath, vtep.replace("vxlan-n1\",", "vxlan-n2\",")), 400, "invalid-value", "portname");
    }

    @Test
    void geniusMissingRejectsItmOnly() {
        fake.geniusMissing(true);
        assertError(call("GET", TZ_PATH, null), 400, "unknown-element", "The module named 'itm' does not exist.");
        assertEquals(201, call("PUT", NET_PATH, ORIGINAL_NETWORK).statusCode());
    }

    @Test
    void authAndMediaTypes() {
        HttpResponse<Buffer> anonymous = ok(web.get(fake.port(), "127.0.0.1", NET_PATH).send());
        assertEquals(401, anonymous.statusCode());
        assertTrue(anonymous.getHeader("WWW-Authenticate").startsWith("Basic"));
        HttpResponse<Buffer> wrong = ok(web.get(fake.port(), "127.0.0.1", NET_PATH)
                .putHeader("Authorization", "Basic YWRtaW46d3Jvbmc=").send());
        assertEquals(401, wrong.statusCode());
        HttpResponse<Buffer> xml = ok(web.put(fake.port(), "127.0.0.1", NET_PATH).putHeader("Authorization", AUTH)
                .putHeader("Content-Type", "application/xml").sendBuffer(Buffer.buffer("<network/>")));
        assertEquals(415, xml.statusCode());
    }

    @Test
    void netvirtCreatesAndDeletesTheInterfaceAndGeniusBindsIt() {
        assertEquals(201, call("PUT", NET_PATH, ORIGINAL_NETWORK).statusCode());
        assertEquals(201, call("PUT", PORT_PATH, port(FIXED_IPS)).statusCode());
        String ifPath = "/restconf/config/ietf-interfaces:interfaces/interface/" + PORT;
        JsonObject iface = call("GET", ifPath, null).bodyAsJsonObject().getJsonArray("interface").getJsonObject(0);
        assertEquals("iana-if-type:l2vlan", iface.getString("type"));
        assertEquals("trunk", iface.getString("odl-interface:l2vlan-mode"));
        assertFalse(iface.containsKey("odl-interface:parent-interface"));

        // Through the standalone hook; a name outside genius's tap pattern is reported as "dpn:name".
        HttpResponse<Buffer> plug = ok(web.post(fake.port(), "127.0.0.1", "/fake/plugged?iface-id=" + PORT + "&tap=eth-guest").send());
        assertEquals(200, plug.statusCode());
        assertEquals("1:eth-guest", call("GET", ifPath, null).bodyAsJsonObject().getJsonArray("interface")
                .getJsonObject(0).getString("odl-interface:parent-interface"));
        fake.plugged(PORT, "tap9f0e8d7c-6b");
        assertEquals("tap9f0e8d7c-6b", call("GET", ifPath + "/odl-interface:parent-interface", null)
                .bodyAsJsonObject().getString("odl-interface:parent-interface"));

        assertEquals(200, call("DELETE", PORT_PATH, null).statusCode());
        assertEquals(404, call("GET", ifPath, null).statusCode(), "port delete removes the interface");
    }

    @Test
    void datastoreDumpAndReset() {
        assertEquals(201, call("PUT", NET_PATH, ORIGINAL_NETWORK).statusCode());
        JsonObject dump = ok(web.get(fake.port(), "127.0.0.1", "/fake/datastore").send()).bodyAsJsonObject();
        assertEquals(NET, dump.getJsonObject("neutron:neutron").getJsonObject("networks").getJsonArray("network")
                .getJsonObject(0).getString("uuid"));
        assertEquals(200, ok(web.delete(fake.port(), "127.0.0.1", "/fake/datastore").send()).statusCode());
        assertTrue(fake.datastore().isEmpty());
        assertEquals(404, call("GET", NET_PATH, null).statusCode());
    }

    @Test
    void recordsOvsdbAndOpenflowPeers() throws InterruptedException {
        NetSocket a = ok(vertx.createNetClient().connect(fake.ovsdbPort(), "127.0.0.1"));
        NetSocket b = ok(vertx.createNetClient().connect(fake.openflowPort(), "127.0.0.1"));
        long deadline = System.currentTimeMillis() + 5000;
        while (fake.peers().size() < 2 && System.currentTimeMillis() < deadline) {
            Thread.sleep(10);
        }
        assertEquals(2, fake.peers().size(), fake.peers().toString());
        assertTrue(fake.peers().stream().anyMatch(p -> p.kind().equals("ovsdb") && p.port() == a.localAddress().port()));
        assertTrue(fake.peers().stream().anyMatch(p -> p.kind().equals("openflow") && p.host().equals("127.0.0.1")));
        ok(a.close());
        ok(b.close());
    }

    @Test
    void faultInjectedOverHttpChangesTheAnswerUntilDeleted() {
        HttpResponse<Buffer> added = hook("POST", "/fake/faults", "{\"method\":\"PUT\",\"pathPrefix\":"
                + "\"/restconf/config/neutron:neutron/networks\",\"status\":500,\"delayMs\":0,\"times\":-1}");
        assertEquals(200, added.statusCode(), added.bodyAsString());
        assertEquals(500, added.bodyAsJsonObject().getInteger("status"), "answers the fault as read");
        assertError(call("PUT", NET_PATH, ORIGINAL_NETWORK), 500, "operation-failed", "Injected fault");
        assertError(call("PUT", NET_PATH, ORIGINAL_NETWORK), 500, "operation-failed", "Injected fault");
        assertEquals(404, call("GET", NET_PATH, null).statusCode(), "other methods are not affected");

        assertEquals(200, hook("DELETE", "/fake/faults", null).statusCode());
        assertEquals(201, call("PUT", NET_PATH, ORIGINAL_NETWORK).statusCode());

        // Any method (null), once, with only the required field plus a status.
        assertEquals(200, hook("POST", "/fake/faults", "{\"method\":null,\"pathPrefix\":\"/restconf/config/\","
                + "\"status\":409,\"times\":1}").statusCode());
        assertError(call("GET", NET_PATH, null), 409, "data-exists", "Data already exists");
        assertEquals(200, call("GET", NET_PATH, null).statusCode(), "times=1 is used up");
    }

    @Test
    void badFaultBodiesAre400WithAJsonError() {
        for (String bad : new String[] {"", "{", "[1]", "{\"status\":500}",
                "{\"pathPrefix\":\"restconf\",\"status\":500}",
                "{\"pathPrefix\":\"/restconf\",\"status\":\"500\"}",
                "{\"pathPrefix\":\"/restconf\",\"status\":200}",
                "{\"pathPrefix\":\"/restconf\",\"status\":500,\"delay\":10}",
                "{\"pathPrefix\":\"/restconf\",\"delayMs\":-5}",
                "{\"pathPrefix\":\"/restconf\"}",
                "{\"method\":7,\"pathPrefix\":\"/restconf\",\"status\":500}"}) {
            HttpResponse<Buffer> r = hook("POST", "/fake/faults", bad);
            assertEquals(400, r.statusCode(), bad);
            assertTrue(r.bodyAsJsonObject().getString("error").length() > 0, bad);
        }
        assertEquals(201, call("PUT", NET_PATH, ORIGINAL_NETWORK).statusCode(), "no fault was added");
    }

    @Test
    void geniusToggleOverHttp() {
        assertEquals(200, hook("PUT", "/fake/genius?missing=true", null).statusCode());
        assertError(call("GET", TZ_PATH, null), 400, "unknown-element", "The module named 'itm' does not exist.");
        assertEquals(201, call("PUT", NET_PATH, ORIGINAL_NETWORK).statusCode(), "neutron still works");
        assertEquals(200, hook("DELETE", "/fake/datastore", null).statusCode());
        assertEquals(400, call("GET", TZ_PATH, null).statusCode(), "a datastore reset keeps the setting");

        assertEquals(200, hook("PUT", "/fake/genius?missing=false", null).statusCode());
        assertError(call("GET", TZ_PATH, null), 404, "data-missing", "does not exist");
        assertEquals(400, hook("PUT", "/fake/genius?missing=yes", null).statusCode());
        assertEquals(400, hook("PUT", "/fake/genius", null).statusCode());
    }

    @Test
    void negativeAutoPlugOverHttpMeansTheBindingNeverAppears() throws InterruptedException {
        ok(fake.stop());
        fake = ok(FakeOdl.start(vertx, new FakeOdlOptions().autoPlugDelay(Duration.ofMillis(300))));
        String ifPath = "/restconf/config/ietf-interfaces:interfaces/interface/" + PORT;
        assertEquals(201, call("PUT", NET_PATH, ORIGINAL_NETWORK).statusCode());
        assertEquals(201, call("PUT", PORT_PATH, port(FIXED_IPS)).statusCode());
        // Turned off while the auto-plug of this port is pending: it must not happen either.
        assertEquals(200, hook("PUT", "/fake/binding?auto-plug-ms=-1", null).statusCode());
        Thread.sleep(700);
        JsonObject iface = call("GET", ifPath, null).bodyAsJsonObject().getJsonArray("interface").getJsonObject(0);
        assertFalse(iface.containsKey("odl-interface:parent-interface"), iface.encode());

        // Back on at runtime: the next port change is bound as tap<uuid[0:11]>.
        assertEquals(200, hook("PUT", "/fake/binding?auto-plug-ms=0", null).statusCode());
        assertEquals(200, call("PUT", PORT_PATH, port(FIXED_IPS).replace("aa:bb:cc:dd:ee:ff", "aa:bb:cc:dd:ee:01"))
                .statusCode());
        String parent = null;
        long deadline = System.currentTimeMillis() + 5000;
        while (parent == null && System.currentTimeMillis() < deadline) {
            Thread.sleep(10);
            parent = call("GET", ifPath, null).bodyAsJsonObject().getJsonArray("interface").getJsonObject(0)
                    .getString("odl-interface:parent-interface");
        }
        assertEquals("tap9f0e8d7c-6b", parent);
        assertEquals(400, hook("PUT", "/fake/binding?auto-plug-ms=soon", null).statusCode());
        assertEquals(400, hook("PUT", "/fake/binding", null).statusCode());
        assertEquals(400, hook("PUT", "/fake/binding?binds=maybe", null).statusCode());
    }
}
