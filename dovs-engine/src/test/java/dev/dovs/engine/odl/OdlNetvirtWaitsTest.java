package dev.dovs.engine.odl;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

import static dev.dovs.engine.odl.Await.odlFailure;
import static dev.dovs.engine.odl.Await.ok;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The client's waits for netvirt to follow a write, and its clean-up of what netvirt leaves behind, against a scripted RESTCONF server that answers each path with
 * the given replies in turn (the last one repeats): the in-process fake ODL does not emulate the operational
 * datastore. Bodies are the shapes a real ODL Neon (netvirt 0.8.0) answered.
 */
@ExtendWith(VertxExtension.class)
class OdlNetvirtWaitsTest {
    private static final String PORT = "022c4313-d0cb-4174-91b6-2600d112998e";
    private static final String OTHER_PORT = "7927afbd-d2e6-452e-8057-a27b5aa4d41d";
    private static final String SUBNET = "eb957ffb-4738-3b36-a60d-65505f7c27b2";
    private static final String ROUTER = "59e818c7-b683-3d0d-9f76-5d0f83fd3f2b";
    private static final Reply MISSING = new Reply(404, "{\"errors\":{\"error\":[{\"error-type\":\"application\","
            + "\"error-tag\":\"data-missing\",\"error-message\":\"Request could not be completed because the relevant "
            + "data model content does not exist\"}]}}");
    private static final Reply UNKNOWN_MODULE = new Reply(400, "{\"errors\":{\"error\":[{\"error-type\":\"protocol\","
            + "\"error-tag\":\"unknown-element\",\"error-message\":\"The module named 'neutronvpn' does not exist.\"}]}}");

    record Reply(int status, String body) {
    }

    private final Map<String, Deque<Reply>> script = new ConcurrentHashMap<>();
    private final List<String> gets = new CopyOnWriteArrayList<>();
    private final List<String> requests = new CopyOnWriteArrayList<>();
    private HttpServer server;
    private OdlClient client;

    @BeforeEach
    void setUp(Vertx vertx) {
        server = ok(vertx.createHttpServer().requestHandler(req -> {
            gets.add(req.path());
            requests.add(req.method() + " " + req.path());
            Deque<Reply> replies = script.get(req.method() == io.vertx.core.http.HttpMethod.DELETE
                    ? "DELETE " + req.path() : req.path());
            Reply r = replies == null ? MISSING : replies.size() > 1 ? replies.poll() : replies.peek();
            req.response().setStatusCode(r.status()).putHeader("Content-Type", "application/json").end(r.body());
        }).listen(0, "127.0.0.1"));
        client = new OdlClient(vertx, OdlEndpoint.parse("127.0.0.1:" + server.actualPort(), "admin", "admin"),
                OdlClientOptions.DEFAULTS.withBinding(Duration.ofSeconds(5), Duration.ofMillis(20)), x -> { });
    }

    @AfterEach
    void tearDown() {
        client.close();
        ok(server.close());
    }

    private void answer(String path, Reply... replies) {
        script.put(path, new ArrayDeque<>(List.of(replies)));
    }

    private long polls(String path) {
        return gets.stream().filter(path::equals).count();
    }

    private static Reply interfaceState(String dpnPort) {
        return new Reply(200, "{\"interface\":[{\"name\":\"" + PORT + "\",\"lower-layer-if\":[\"openflow:" + dpnPort
                + "\"],\"type\":\"iana-if-type:l2vlan\",\"if-index\":6,\"admin-status\":\"up\",\"oper-status\":\"up\"}]}");
    }

    private static Reply vpnInterfaces(String... ports) {
        StringBuilder sb = new StringBuilder("{\"vpn-interface-op-data\":{\"vpn-interface-op-data-entry\":[");
        for (int i = 0; i < ports.length; i++) {
            sb.append(i == 0 ? "" : ",").append("{\"name\":\"").append(ports[i]).append("\",\"vpn-instance-name\":\"")
                    .append(ROUTER).append("\",\"dpn-id\":209366119779621}");
        }
        return new Reply(200, sb.append("]}}").toString());
    }

    @Test
    void unbindingWaitsUntilGeniusDroppedTheInterfaceStateAndNetvirtItsVpnInterface() {
        // Given genius still reports the port's interface twice, then netvirt its VPN interface twice more
        String state = "/restconf/operational/ietf-interfaces:interfaces-state/interface/" + PORT;
        String vpn = "/restconf/operational/odl-l3vpn:vpn-interface-op-data";
        answer(state, interfaceState("209366119779621:3"), interfaceState("209366119779621:3"), MISSING);
        answer(vpn, vpnInterfaces(OTHER_PORT, PORT), vpnInterfaces(PORT), vpnInterfaces(OTHER_PORT));

        // When dovs waits for ODL to release the port
        ok(client.awaitUnbinding(PORT, Duration.ofSeconds(5)));

        // Then it read the state until it was gone, then (the state still gone) the VPN interfaces until the
        // port's was gone: another port's VPN interface does not count
        assertEquals(3, polls(vpn), gets::toString);
        assertEquals(2 + 3, polls(state), gets::toString);
    }

    @Test
    void unbindingIsBoundedAndSaysWhatOdlStillHolds() {
        answer("/restconf/operational/odl-l3vpn:vpn-interface-op-data", vpnInterfaces(PORT));

        OdlException e = odlFailure(client.awaitUnbinding(PORT, Duration.ofMillis(200)));

        assertEquals(OdlException.Kind.WAIT_TIMEOUT, e.kind());
        assertTrue(e.getMessage().contains("ODL still holds port " + PORT + " (its VPN interface) after 200 ms"),
                e.getMessage());
    }

    @Test
    void anOdlWithoutVpnmanagerHasNoVpnInterfaceToWaitFor() {
        answer("/restconf/operational/odl-l3vpn:vpn-interface-op-data", UNKNOWN_MODULE);

        ok(client.awaitUnbinding(PORT, Duration.ofSeconds(5)));
    }

    @Test
    void aDeletedPortsInterfaceIsLeftToNeutronvpnWhileItRemovesItAndDeletedByDovsWhenItStays() {
        String iface = "/restconf/config/ietf-interfaces:interfaces/interface/" + PORT;
        Reply held = new Reply(200, "{\"interface\":[{\"name\":\"" + PORT + "\",\"type\":\"iana-if-type:l2vlan\"}]}");
        // Given neutronvpn removes the interface of the deleted port after two reads
        answer(iface, held, held, MISSING);
        assertEquals(false, ok(client.deleteNetvirtLeftovers("port", PORT)));
        assertEquals(3, polls(iface));
        assertTrue(requests.stream().noneMatch(("DELETE " + iface)::equals), requests::toString);

        // Given it keeps it (the client's binding timeout, 5 s, bounds the wait)
        gets.clear();
        answer(iface, held);
        answer("DELETE " + iface, new Reply(200, ""));
        long t0 = System.nanoTime();
        assertEquals(true, ok(client.deleteNetvirtLeftovers("port", PORT)));
        assertTrue(System.nanoTime() - t0 >= 4_900_000_000L, "dovs waited for neutronvpn first");
        assertTrue(requests.contains("DELETE " + iface), requests::toString);
    }

    @Test
    void aSubnetIsReadyOnceNeutronvpnMadeItsSubnetmap() {
        String path = "/restconf/config/neutronvpn:subnetmaps/subnetmap/" + SUBNET;
        answer(path, MISSING, MISSING, new Reply(200, "{\"subnetmap\":[{\"id\":\"" + SUBNET
                + "\",\"subnet-ip\":\"10.0.1.0/24\",\"network-id\":\"b13f376d-7a0c-3cd4-a23f-57ed24a270e3\"}]}"));

        ok(client.awaitSubnetmap(SUBNET, Duration.ofSeconds(5)));

        assertEquals(3, polls(path));
    }

    @Test
    void aSubnetmapThatNeverComesFailsTheWaitAndAnOdlWithoutNeutronvpnHasNone() {
        OdlException e = odlFailure(client.awaitSubnetmap(SUBNET, Duration.ofMillis(200)));
        assertEquals(OdlException.Kind.WAIT_TIMEOUT, e.kind());
        assertTrue(e.getMessage().contains("neutronvpn made no subnetmap for subnet " + SUBNET), e.getMessage());

        answer("/restconf/config/neutronvpn:subnetmaps/subnetmap/" + SUBNET, UNKNOWN_MODULE);
        ok(client.awaitSubnetmap(SUBNET, Duration.ofSeconds(5)));
    }

    @Test
    void aDeletedRouterIsGoneOnceNetvirtDeletedItsVpnInstance() {
        String path = "/restconf/operational/odl-l3vpn:vpn-instance-op-data/vpn-instance-op-data-entry/" + ROUTER;
        Reply pending = new Reply(200, "{\"vpn-instance-op-data-entry\":[{\"vrf-id\":\"" + ROUTER
                + "\",\"vpn-instance-name\":\"" + ROUTER + "\",\"vpn-state\":\"pending_delete\",\"vpn-id\":100000}]}");
        answer(path, pending, pending, MISSING);

        ok(client.awaitVpnInstanceGone(ROUTER, Duration.ofSeconds(5)));
        assertEquals(3, polls(path));

        answer(path, pending);
        OdlException e = odlFailure(client.awaitVpnInstanceGone(ROUTER, Duration.ofMillis(200)));
        assertTrue(e.getMessage().contains("did not finish deleting the VPN instance of router " + ROUTER),
                e.getMessage());
    }

    @Test
    void deletingANetworkDeletesTheVpnInterfacesNetvirtLeftOnItAndOnlyThose() {
        // Given netvirt's config holds two VPN interfaces on the network and one on another network
        String network = "5798e407-479b-3f03-aea0-3430a65396ca";
        answer("/restconf/config/l3vpn:vpn-interfaces", new Reply(200, "{\"vpn-interfaces\":{\"vpn-interface\":["
                + "{\"name\":\"" + PORT + "\",\"network-id\":\"" + network + "\",\"router-interface\":false},"
                + "{\"name\":\"" + OTHER_PORT + "\",\"network-id\":\"" + network + "\"},"
                + "{\"name\":\"" + SUBNET + "\",\"network-id\":\"b13f376d-7a0c-3cd4-a23f-57ed24a270e3\"}]}}"));
        String vpnInterface = "/restconf/config/l3vpn:vpn-interfaces/vpn-interface/";
        answer("DELETE " + vpnInterface + PORT, new Reply(200, ""));
        answer("DELETE " + vpnInterface + OTHER_PORT, new Reply(200, ""));

        // When the network's leftovers are deleted
        boolean deleted = ok(client.deleteNetvirtLeftovers("network", network));

        // Then exactly the network's two VPN interfaces went
        assertTrue(deleted);
        List<String> deletes = requests.stream().filter(r -> r.startsWith("DELETE")).toList();
        assertEquals(2, deletes.size(), deletes::toString);
        assertEquals(java.util.Set.of("DELETE " + vpnInterface + PORT, "DELETE " + vpnInterface + OTHER_PORT),
                java.util.Set.copyOf(deletes));
    }

    @Test
    void anOdlWithoutL3vpnHasNoVpnInterfaceLeftOnANetwork() {
        answer("/restconf/config/l3vpn:vpn-interfaces", UNKNOWN_MODULE);

        assertEquals(false, ok(client.deleteNetvirtLeftovers("network", "5798e407-479b-3f03-aea0-3430a65396ca")));
        assertTrue(requests.stream().noneMatch(r -> r.startsWith("DELETE")), requests::toString);
    }

    @Test
    void anyOtherErrorEndsAWaitAtOnce() {
        answer("/restconf/operational/ietf-interfaces:interfaces-state/interface/" + PORT,
                new Reply(500, "{\"errors\":{\"error\":[{\"error-tag\":\"operation-failed\"}]}}"));

        OdlException e = odlFailure(client.awaitUnbinding(PORT, Duration.ofSeconds(5)));

        assertEquals(500, e.status());
        assertEquals(1, polls("/restconf/operational/ietf-interfaces:interfaces-state/interface/" + PORT));
    }
}
