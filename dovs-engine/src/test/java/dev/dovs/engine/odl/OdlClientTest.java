package dev.dovs.engine.odl;

import dev.dovs.engine.odl.fake.FakeOdl;
import dev.dovs.engine.odl.fake.FakeOdlOptions;
import dev.dovs.engine.odl.fake.Fault;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.net.NetServer;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.math.BigInteger;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

import static dev.dovs.engine.odl.Await.odlFailure;
import static dev.dovs.engine.odl.Await.ok;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The client against the in-process fake: every resource and every error path. */
@ExtendWith(VertxExtension.class)
class OdlClientTest {

    private static final String SUBNET_ID = "0b6c1a0e-1d2f-4c3a-9e8d-7f6a5b4c3d2e";
    private static final String ROUTER_ID = "4a1e2b3c-0000-4000-8000-000000000001";
    private static final String RPORT_ID = "4a1e2b3c-0000-4000-8000-000000000002";
    private static final String VM_ID = "9f0e8d7c-6b5a-4f3e-8d2c-1b0a99887766";

    private Vertx vertx;
    private FakeOdl fake;
    private OdlClient client;
    private final List<OdlExchange> exchanges = new CopyOnWriteArrayList<>();

    @BeforeEach
    void setUp(Vertx vertx) {
        this.vertx = vertx;
        startFake(new FakeOdlOptions());
    }

    @AfterEach
    void tearDown() {
        client.close();
        ok(fake.stop());
    }

    private void startFake(FakeOdlOptions o) {
        if (fake != null) {
            client.close();
            ok(fake.stop());
        }
        fake = ok(FakeOdl.start(vertx, o));
        client = client(OdlClientOptions.DEFAULTS, "admin");
    }

    private OdlClient client(OdlClientOptions options, String password) {
        OdlEndpoint ep = OdlEndpoint.parse("127.0.0.1:" + fake.port(), "admin", password);
        return new OdlClient(vertx, ep, options, exchanges::add);
    }

    /** The network of net "net1" in the default lab: the one {@link #subnet()} is on. */
    private static NeutronNetwork network() {
        return NeutronNetwork.forNet(OdlLab.of(dev.dovs.events.model.LabNaming.defaultLab()), "net1", 4242);
    }

    private NeutronSubnet subnet() {
        return NeutronSubnet.forGuest(SUBNET_ID, "net1", "10.0.0.1/24");
    }

    private NeutronPort vmPort() {
        return NeutronPort.compute(VM_ID, "vm1", "aa:bb:cc:dd:ee:01", subnet(), "10.0.0.1", "dovs-node-1");
    }

    private void createTopology() {
        assertTrue(ok(client.putNetwork(network())));
        assertTrue(ok(client.putSubnet(subnet())));
        NeutronRouter r = NeutronRouter.of(ROUTER_ID, "router1");
        assertTrue(ok(client.putRouter(r)));
        assertTrue(ok(client.putPort(NeutronPort.routerInterface(RPORT_ID, r, subnet(), "52:54:00:00:00:01"))));
        assertTrue(ok(client.putPort(vmPort())));
    }

    @Test
    void emptyCollectionsReadAsEmptyLists() {
        assertEquals(List.of(), ok(client.listNetworks()));
        assertEquals(List.of(), ok(client.listSubnets()));
        assertEquals(List.of(), ok(client.listRouters()));
        assertEquals(List.of(), ok(client.listPorts()));
        assertEquals(404, exchanges.get(0).status());
    }

    @Test
    void createsListsAndDeletesEveryNeutronResource() {
        createTopology();
        assertEquals(List.of(network()), ok(client.listNetworks()));
        assertEquals(List.of(subnet()), ok(client.listSubnets()));
        NeutronRouter router = ok(client.listRouters()).get(0);
        assertEquals("router1", router.name());
        assertEquals(OdlConstants.TENANT_ID, router.tenantId(), "the router is the tenant's");
        List<NeutronPort> ports = ok(client.listPorts());
        assertEquals(2, ports.size());
        NeutronPort rif = ports.stream().filter(NeutronPort::isRouterInterface).findFirst().orElseThrow();
        assertEquals(SUBNET_ID, rif.firstSubnetId());
        assertEquals("10.0.0.254", rif.fixedIps().get(0).ipAddress());
        assertEquals(vmPort(), ports.stream().filter(p -> !p.isRouterInterface()).findFirst().orElseThrow());

        assertFalse(ok(client.putNetwork(network())), "second PUT replaces (200)");

        // Clean-up order of the original: ports, subnets, routers, networks.
        assertTrue(ok(client.deletePort(VM_ID)));
        assertTrue(ok(client.deletePort(RPORT_ID)));
        assertTrue(ok(client.deleteSubnet(SUBNET_ID)));
        assertTrue(ok(client.deleteRouter(ROUTER_ID)));
        assertTrue(ok(client.deleteNetwork(network().uuid())));
        assertFalse(ok(client.deleteNetwork(network().uuid())), "absent = false, not an error");
        assertEquals(List.of(), ok(client.listPorts()));
        assertTrue(fake.datastore().isEmpty(), fake.datastore().encode());
    }

    @Test
    void exchangesAreReportedWithoutCredentials() {
        ok(client.putNetwork(network()));
        OdlExchange x = exchanges.get(0);
        assertEquals("PUT", x.method());
        assertEquals("/restconf/config/neutron:neutron/networks/network/" + network().uuid(), x.path());
        assertEquals(201, x.status());
        assertTrue(x.requestBody().contains("\"admin-state-up\":true"), x.requestBody());
        assertTrue(x.durationMs() >= 0);
        assertFalse(x.toString().contains("YWRtaW46YWRtaW4"), "no Basic auth token");
    }

    @Test
    void transportZoneCreateRegisterVtepsAndDelete() {
        assertEquals(Optional.empty(), ok(client.getTransportZone("dovs-tz")));
        TransportZone tz = TransportZone.dovs("172.19.0.2/16");
        assertTrue(ok(client.createTransportZone(tz)));
        assertFalse(ok(client.createTransportZone(tz)), "exists: POST answers 409, reported as false");

        // Two nodes registering at once must both survive (the original's read-modify-write lost one).
        TransportZone.Vtep a = TransportZone.Vtep.forNode(new BigInteger("18446744073709551615"), "n1", "172.19.0.2");
        TransportZone.Vtep b = TransportZone.Vtep.forNode(BigInteger.valueOf(42), "n2", "172.19.0.3");
        ok(Future.all(client.registerVtep("dovs-tz", "172.19.0.0/16", a),
                client.registerVtep("dovs-tz", "172.19.0.0/16", b)));

        TransportZone read = ok(client.getTransportZone("dovs-tz")).orElseThrow();
        assertEquals("odl-interface:tunnel-type-vxlan", read.tunnelType());
        assertEquals("172.19.0.0/16", read.subnets().get(0).prefix());
        // The two PUTs race, so the keyed list's order is arrival order, which is not part of the contract.
        List<TransportZone.Vtep> vteps = read.subnets().get(0).vteps();
        assertEquals(2, vteps.size(), vteps.toString());
        assertEquals(java.util.Set.of(a, b), java.util.Set.copyOf(vteps));

        assertTrue(ok(client.putTransportZone(read)) == false);
        assertTrue(ok(client.deleteTransportZone("dovs-tz")));
        assertFalse(ok(client.deleteTransportZone("dovs-tz")));
    }

    @Test
    void vtepWithoutZoneIsRejectedBecauseTunnelTypeIsMandatory() {
        TransportZone.Vtep v = TransportZone.Vtep.forNode(BigInteger.ONE, "n1", "172.19.0.2");
        OdlException e = odlFailure(client.registerVtep("dovs-tz", "172.19.0.0/16", v));
        assertEquals(OdlException.Kind.BAD_REQUEST, e.kind());
        assertTrue(e.getMessage().contains("tunnel-type"), e.getMessage());
    }

    @Test
    void geniusMissingIsADistinctCondition() {
        startFake(new FakeOdlOptions().geniusMissing(true));
        OdlException e = odlFailure(client.getTransportZone("dovs-tz"));
        assertTrue(e.isGeniusMissing(), e.getMessage());
        assertEquals(400, e.status());
        assertTrue(e.getMessage().contains("The module named 'itm' does not exist."), e.getMessage());
        assertTrue(odlFailure(client.deleteTransportZone("dovs-tz")).isGeniusMissing());
    }

    @Test
    void wrongPasswordIsUnauthorized() {
        OdlClient bad = client(OdlClientOptions.DEFAULTS, "wrong");
        OdlException e = odlFailure(bad.listNetworks());
        bad.close();
        assertEquals(OdlException.Kind.UNAUTHORIZED, e.kind());
        assertEquals(401, e.status());
        assertTrue(e.getMessage().startsWith("GET /restconf/config/neutron:neutron/networks -> 401"), e.getMessage());
    }

    @Test
    void injected401409And500AreDistinguishedAndOneLine() {
        fake.inject(Fault.status("PUT", "/restconf/config/neutron:neutron/networks", 409).times(1));
        fake.inject(Fault.status("PUT", "/restconf/config/neutron:neutron/subnets", 500).times(1));
        fake.inject(Fault.status("GET", "/restconf/config/neutron:neutron/routers", 401).times(1));

        OdlException conflict = odlFailure(client.putNetwork(network()));
        assertEquals(OdlException.Kind.CONFLICT, conflict.kind());
        assertEquals("data-exists", conflict.errorTag());
        assertTrue(conflict.getMessage().contains("Data already exists for path"), conflict.getMessage());

        OdlException server = odlFailure(client.putSubnet(subnet()));
        assertEquals(OdlException.Kind.SERVER_ERROR, server.kind());
        assertEquals(500, server.status());
        assertTrue(server.getMessage().startsWith("PUT /restconf/config/neutron:neutron/subnets/subnet/" + SUBNET_ID
                + " -> 500 operation-failed: "), server.getMessage());
        assertFalse(server.getMessage().contains("\n"));

        assertEquals(OdlException.Kind.UNAUTHORIZED, odlFailure(client.listRouters()).kind());
        assertTrue(ok(client.putNetwork(network())), "faults were one-shot");
    }

    @Test
    void badPayloadSurfacesOdlsMessage() {
        NeutronNetwork bad = new NeutronNetwork("not-a-uuid", "x", OdlConstants.TENANT_ID, null, null, null, null, null);
        OdlException e = odlFailure(client.putNetwork(bad));
        assertEquals(OdlException.Kind.BAD_REQUEST, e.kind());
        assertTrue(e.getMessage().contains("uuid"), e.getMessage());
    }

    @Test
    void slowOdlTimesOut() {
        fake.inject(Fault.delay("GET", "/restconf/config/neutron:neutron/networks", 3000));
        OdlClient impatient = client(OdlClientOptions.DEFAULTS.withRequestTimeout(Duration.ofMillis(200)), "admin");
        OdlException e = odlFailure(impatient.listNetworks());
        impatient.close();
        // the fake would answer 200 after 3 s: a TIMEOUT means the client gave up first
        assertEquals(OdlException.Kind.TIMEOUT, e.kind());
        assertEquals(0, e.status());
        assertEquals(0, exchanges.get(0).status(), "timeouts are reported too");
    }

    @Test
    void closedPortIsConnectionRefused() {
        NetServer probe = ok(vertx.createNetServer().connectHandler(s -> s.close()).listen(0, "127.0.0.1"));
        int closedPort = probe.actualPort();
        ok(probe.close());
        OdlClient c = new OdlClient(vertx, OdlEndpoint.parse("127.0.0.1:" + closedPort), OdlClientOptions.DEFAULTS, null);
        OdlException e = odlFailure(c.listNetworks());
        c.close();
        assertEquals(OdlException.Kind.CONNECTION_REFUSED, e.kind());
        assertTrue(e.getMessage().contains("connection refused by 127.0.0.1:" + closedPort), e.getMessage());
    }

    @Test
    void fakeCanRefuseAndAcceptAgain() {
        ok(fake.refuseConnections());
        // A client with no pooled connection: the shared one may still hold a keep-alive connection the closing
        // server has not torn down yet, which answers "connection closed" (IO) instead of a refusal (was flaky).
        // The listening socket itself may still reset a connection that reached its backlog while it closed (an IO
        // "connection reset", seen on a loaded host): that transition may be seen, and then only refusals.
        OdlException refused = null;
        for (int attempt = 0; attempt < 20; attempt++) {
            OdlClient fresh = client(OdlClientOptions.DEFAULTS, "admin");
            refused = odlFailure(fresh.listNetworks());
            fresh.close();
            if (refused.kind() != OdlException.Kind.IO) {
                break;
            }
            ok(vertx.timer(50));
        }
        assertEquals(OdlException.Kind.CONNECTION_REFUSED, refused.kind(), refused.getMessage());
        ok(fake.acceptConnections());
        assertEquals(List.of(), ok(client.listNetworks()));
    }

    @Test
    void bindingWaitSucceedsOnceGeniusSetsTheParent() {
        startFake(new FakeOdlOptions().bindDelay(Duration.ofMillis(300)));
        createTopology();
        String tap = OdlConstants.tapName(VM_ID);
        assertEquals(Optional.empty(), ok(client.getParentInterface(VM_ID)), "interface exists, no parent yet");
        fake.plugged(VM_ID, tap);
        OdlClient c = client(OdlClientOptions.DEFAULTS.withBinding(Duration.ofSeconds(5), Duration.ofMillis(50)), "admin");
        ok(c.awaitBinding(VM_ID, tap));
        c.close();
        assertEquals(Optional.of(tap), ok(client.getParentInterface(VM_ID)));
        long polls = exchanges.stream().filter(x -> x.path().endsWith("/interface/" + VM_ID)).count();
        assertTrue(polls >= 2, "had to poll while genius was slow: " + polls);
    }

    @Test
    void bindingWaitWorksWithImplicitPlug() {
        startFake(new FakeOdlOptions().autoPlugDelay(Duration.ofMillis(100)));
        createTopology();
        OdlClient c = client(OdlClientOptions.DEFAULTS.withBinding(Duration.ofSeconds(5), Duration.ofMillis(50)), "admin");
        ok(c.awaitBinding(VM_ID, OdlConstants.tapName(VM_ID)));
        c.close();
    }

    @Test
    void aBoundPortHasInterfaceStateUntilItsTapLeavesOvsThenTheUnbindingWaitEnds() {
        createTopology();
        String tap = OdlConstants.tapName(VM_ID);
        OdlClient c = client(OdlClientOptions.DEFAULTS.withBinding(Duration.ofSeconds(5), Duration.ofMillis(50)), "admin");
        // Given the tap plugged and bound (parent-interface and genius's interface state, up)
        fake.plugged(VM_ID, tap);
        ok(c.awaitBinding(VM_ID, tap));
        // Then ODL does not let go of the port while the tap is on OVS
        OdlException held = odlFailure(c.awaitUnbinding(VM_ID, Duration.ofMillis(300)));
        assertEquals(OdlException.Kind.WAIT_TIMEOUT, held.kind());
        assertTrue(held.getMessage().contains("(its interface state)"), held.getMessage());

        // When the tap leaves OVS
        fake.unplugged(VM_ID, tap);

        // Then the unbinding wait ends, and a binding wait now fails: parent-interface stays, the state does not
        ok(c.awaitUnbinding(VM_ID, Duration.ofSeconds(5)));
        OdlException unbound = odlFailure(c.awaitBinding(VM_ID, tap, Duration.ofMillis(300)));
        assertTrue(unbound.getMessage().contains("last seen: " + tap + ", but no interface state up"),
                unbound.getMessage());
        c.close();
    }

    @Test
    void bindingWaitIsBounded() {
        createTopology(); // never plugged
        OdlClient c = client(OdlClientOptions.DEFAULTS.withBinding(Duration.ofMillis(400), Duration.ofMillis(100)), "admin");
        OdlException e = odlFailure(c.awaitBinding(VM_ID, OdlConstants.tapName(VM_ID)));
        c.close();
        assertEquals(OdlException.Kind.BINDING_TIMEOUT, e.kind());
        assertTrue(e.getMessage().contains("tap9f0e8d7c-6b was not set as parent interface of " + VM_ID), e.getMessage());
    }

    @Test
    void portBeforeItsNetworkNeverBinds() {
        // netvirt ignores a port whose network is missing: order network -> subnet -> port matters.
        assertTrue(ok(client.putPort(vmPort())));
        fake.plugged(VM_ID, OdlConstants.tapName(VM_ID));
        assertEquals(Optional.empty(), ok(client.getParentInterface(VM_ID)));
        assertNull(fake.datastore().getValue("ietf-interfaces:interfaces"));
    }

    @Test
    void longResponseBodiesAreTruncatedInExchanges() {
        for (int i = 0; i < 60; i++) {
            String id = String.format("00000000-0000-4000-8000-%012d", i);
            ok(client.putRouter(NeutronRouter.of(id, "router-with-a-rather-long-name-" + i)));
        }
        exchanges.clear();
        assertEquals(60, ok(client.listRouters()).size(), "the client still sees the whole body");
        String body = exchanges.get(0).responseBody();
        assertTrue(body.length() < OdlExchange.MAX_BODY + 40 && body.contains("[truncated"), body.length() + "");
    }
}
