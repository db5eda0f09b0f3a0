package dev.dovs.engine.odl;

import dev.dovs.engine.core.ActionFailures;
import dev.dovs.engine.core.ActionRequest;
import dev.dovs.engine.core.StepReply;
import dev.dovs.engine.core.LocalCodec;
import dev.dovs.engine.core.Orchestrator;
import dev.dovs.engine.docker.ContainerInfo;
import dev.dovs.engine.docker.DockerDriver;
import dev.dovs.engine.docker.NodeSpec;
import dev.dovs.engine.odl.NeutronNetwork;
import dev.dovs.engine.odl.NeutronPort;
import dev.dovs.engine.odl.NeutronRouter;
import dev.dovs.engine.odl.NeutronSubnet;
import dev.dovs.engine.odl.OdlClient;
import dev.dovs.engine.odl.OdlClientOptions;
import dev.dovs.engine.odl.OdlConstants;
import dev.dovs.engine.odl.OdlEndpoint;
import dev.dovs.engine.odl.OdlSnapshot;
import dev.dovs.engine.odl.TransportZone;
import dev.dovs.engine.odl.fake.FakeOdl;
import dev.dovs.engine.odl.fake.FakeOdlOptions;
import dev.dovs.engine.odl.fake.Fault;
import dev.dovs.events.Action;
import dev.dovs.events.StepEvent;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

import static dev.dovs.engine.odl.Await.failure;
import static dev.dovs.engine.odl.Await.ok;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The ODL verticle on the event bus, as the orchestrator uses it, against the in-process fake ODL; the node
 * containers are a stub that only answers inspect. The fake and the verticle share a non-default password.
 */
@ExtendWith(VertxExtension.class)
class OdlVerticleTest {
    private static final String PASSWORD = "s3cret-Pa55";
    private static final String NET = OdlConstants.NETWORK_ID;
    private static final String TENANT = OdlConstants.TENANT_ID;
    private static final String SUBNET = "0b6c1a0e-1d2f-4c3a-9e8d-7f6a5b4c3d2e";
    private static final String ROUTER = "4a1e2b3c-0000-4000-8000-000000000001";
    private static final String RPORT = "4a1e2b3c-0000-4000-8000-000000000002";
    private static final String PORT = "9f0e8d7c-6b5a-4f3e-8d2c-1b0a99887766";
    private static final String TAP = "tap9f0e8d7c-6b";
    private static final String DPN1 = "143139750943898";
    private static final String DPN2 = "86414573561866";

    private Vertx vertx;
    private FakeOdl fake;
    private String odl;
    /** Reads ODL for the checks; reports nothing, so it does not mix with the verticle's exchanges. */
    private OdlClient checker;
    private final List<StepEvent.OdlExchanged> exchanges = new CopyOnWriteArrayList<>();
    private final Switch sw = new Switch();

    /**
     * The switches of the nodes (one table for all, as the nodes share pid 4242): its flows, and what ODL's rules
     * manager sends on a reconnect. Only what odl.reconcile-switch uses; anything else fails.
     */
    private static final class Switch {
        final List<dev.dovs.engine.ovs.OvsDriver.FlowEntry> flows = new CopyOnWriteArrayList<>();
        volatile List<dev.dovs.engine.ovs.OvsDriver.FlowEntry> onReconnect;
        volatile int reconnects;

        dev.dovs.engine.ovs.OvsDriver driver() {
            return (dev.dovs.engine.ovs.OvsDriver) java.lang.reflect.Proxy.newProxyInstance(getClass()
                    .getClassLoader(), new Class<?>[] {dev.dovs.engine.ovs.OvsDriver.class}, (proxy, m, args) ->
                    switch (m.getName()) {
                        case "datapathId" -> "0000" + String.format("%012x", new BigInteger(DPN1));
                        case "flows" -> List.copyOf(flows);
                        case "reconnectController" -> {
                            reconnects++;
                            if (onReconnect != null) {
                                flows.clear();
                                flows.addAll(onReconnect);
                            }
                            yield true;
                        }
                        default -> throw new UnsupportedOperationException(m.getName());
                    });
        }
    }

    /** Writes {@code flows} into the fake's config inventory for the switch openflow:{@code dpn}, as netvirt does. */
    private void inventory(String dpn, List<dev.dovs.engine.ovs.OvsDriver.FlowEntry> flows) throws Exception {
        inventory(dpn, flows, List.of());
    }

    /** As above, the flow {@code i} matching destination MAC {@code macs.get(i)} where the list has one. */
    private void inventory(String dpn, List<dev.dovs.engine.ovs.OvsDriver.FlowEntry> flows, List<String> macs)
            throws Exception {
        io.vertx.core.json.JsonArray tables = new io.vertx.core.json.JsonArray();
        Map<Integer, io.vertx.core.json.JsonArray> byTable = new java.util.TreeMap<>();
        for (int i = 0; i < flows.size(); i++) {
            var f = flows.get(i);
            io.vertx.core.json.JsonObject flow = new io.vertx.core.json.JsonObject().put("id", "flow-" + i)
                    .put("table_id", f.table()).put("priority", f.priority()).put("hard-timeout", f.hardTimeout());
            if (i < macs.size()) {
                flow.put("match", new io.vertx.core.json.JsonObject().put("ethernet-match", new io.vertx.core.json
                        .JsonObject().put("ethernet-destination", new io.vertx.core.json.JsonObject()
                                .put("address", macs.get(i)))));
            }
            byTable.computeIfAbsent(f.table(), t -> new io.vertx.core.json.JsonArray()).add(flow);
        }
        byTable.forEach((t, fl) -> tables.add(new io.vertx.core.json.JsonObject().put("id", t).put("flow", fl)));
        String body = new io.vertx.core.json.JsonObject().put("node", new io.vertx.core.json.JsonArray().add(
                new io.vertx.core.json.JsonObject().put("id", "openflow:" + dpn)
                        .put("flow-node-inventory:table", tables))).encode();
        var req = java.net.http.HttpRequest.newBuilder(java.net.URI.create("http://" + odl
                        + "/restconf/config/opendaylight-inventory:nodes/node/openflow:" + dpn))
                .header("Authorization", "Basic " + Base64.getEncoder().encodeToString(("admin:" + PASSWORD)
                        .getBytes(StandardCharsets.UTF_8)))
                .header("Content-Type", "application/json")
                .PUT(java.net.http.HttpRequest.BodyPublishers.ofString(body)).build();
        var r = java.net.http.HttpClient.newHttpClient().send(req, java.net.http.HttpResponse.BodyHandlers.ofString());
        assertTrue(r.statusCode() == 201 || r.statusCode() == 200, r.statusCode() + " " + r.body());
    }

    private static dev.dovs.engine.ovs.OvsDriver.FlowEntry flow(int table, int priority) {
        return new dev.dovs.engine.ovs.OvsDriver.FlowEntry(table, priority, 0);
    }

    /** Running node containers on dovs-int: n1 at 172.20.0.2, n2 at .3, "far" at 10.1.0.5 (another subnet). */
    private static final class Nodes implements DockerDriver {
        private static final Map<String, String> IPS = Map.of("n1", "172.20.0.2", "n2", "172.20.0.3",
                "far", "10.1.0.5");

        @Override
        public Future<Optional<ContainerInfo>> inspect(String name) {
            String ip = IPS.get(name);
            return Future.succeededFuture(ip == null ? Optional.empty() : Optional.of(new ContainerInfo("id-" + name,
                    name, "running", true, 4242, Map.of(), Map.of("dovs-int",
                    new ContainerInfo.Endpoint(ip, 16, "02:42:ac:14:00:02")))));
        }

        private static <T> Future<T> unused() {
            return Future.failedFuture(new UnsupportedOperationException("not used by the ODL verticle"));
        }

        @Override public Future<Void> ping() { return unused(); }
        @Override public Future<Boolean> ensureNetwork(String name, String lab) { return unused(); }
        @Override public Future<Boolean> removeNetwork(String name, String lab) { return unused(); }
        @Override public Future<ContainerInfo> createNode(NodeSpec spec) { return unused(); }
        @Override public Future<Boolean> removeContainer(String name, String lab) { return unused(); }
        @Override public Future<List<ContainerInfo>> containersOfLab(String lab) { return unused(); }
        @Override public Future<List<String>> networksOfLab(String lab) { return unused(); }
        @Override public Future<Boolean> imageExists(String image) { return unused(); }
        @Override public Future<Optional<String>> imageLabel(String image, String label) { return unused(); }
        @Override public Future<Optional<String>> imageId(String image) { return unused(); }
        @Override public Future<Boolean> removeImage(String id) { return unused(); }
        @Override public Future<Optional<String>> networkGateway(String name) { return unused(); }
        @Override public Future<Void> importImage(Path tarball, String image, List<String> changes) { return unused(); }
    }

    @BeforeEach
    void setUp(Vertx vertx) {
        this.vertx = vertx;
        // As Engine.start does
        dev.dovs.engine.Engine.registerCodecs(vertx);
        vertx.eventBus().<StepEvent.OdlExchanged>consumer(Orchestrator.EXCHANGES, m -> exchanges.add(m.body()));
        OdlClientOptions options = OdlClientOptions.DEFAULTS.withBinding(Duration.ofSeconds(60), Duration.ofMillis(100));
        ok(vertx.deployVerticle(new OdlVerticle("admin", PASSWORD, options, new Nodes(), sw.driver())));
        startFake(new FakeOdlOptions());
    }

    @AfterEach
    void tearDown() {
        checker.close();
        ok(fake.stop());
    }

    private void startFake(FakeOdlOptions o) {
        if (fake != null) {
            checker.close();
            ok(fake.stop());
        }
        fake = ok(FakeOdl.start(vertx, o.credentials("admin", PASSWORD)));
        odl = "127.0.0.1:" + fake.port();
        checker = new OdlClient(vertx, OdlEndpoint.parse(odl, "admin", PASSWORD), OdlClientOptions.DEFAULTS, null);
    }

    /** Sends one step to the verticle as the orchestrator does. */
    private Future<Map<String, String>> apply(String step, Action action) {
        return vertx.eventBus().<StepReply>request(Action.Subsystem.ODL.address(), new ActionRequest(step, action),
                new DeliveryOptions().setSendTimeout(15_000)).map(Message::body).map(r -> r.result().facts());
    }

    private Map<String, String> run(Action action) {
        return ok(apply(UUID.randomUUID().toString(), action));
    }

    private ReplyException fails(Action action) {
        return assertInstanceOf(ReplyException.class, failure(apply(UUID.randomUUID().toString(), action)));
    }

    private Action.OdlRegisterVtep vtep(String node, String dpn) {
        return new Action.OdlRegisterVtep(odl, "dovs-tz", node, "dovs-int", dpn, "vxlan-" + node);
    }

    private static TransportZone.Vtep vtepOf(String dpn, String node, String ip) {
        return new TransportZone.Vtep(new BigInteger(dpn), "vxlan-" + node, ip);
    }

    private Optional<TransportZone> zone() {
        return ok(checker.getTransportZone("dovs-tz"));
    }

    private static Action.OdlPut putNetwork(String odl) {
        NeutronNetwork n = NeutronNetwork.dovsNet();
        return new Action.OdlPut(odl, "network", n.uuid(), n.name(), n.toBody().encode());
    }

    /** Network, subnet, router, router interface and guest port of the default lab's tenant. */
    private void createTopology() {
        NeutronSubnet s = NeutronSubnet.forGuest(SUBNET, "S", "10.0.0.1/24");
        NeutronRouter r = NeutronRouter.of(ROUTER, "R");
        ok(checker.putNetwork(NeutronNetwork.dovsNet()));
        ok(checker.putSubnet(s));
        ok(checker.putRouter(r));
        ok(checker.putPort(NeutronPort.routerInterface(RPORT, r, s, "52:54:00:00:00:01")));
        ok(checker.putPort(NeutronPort.compute(PORT, "g1", "fa:16:3e:00:00:01", s, "10.0.0.1", "n1")));
    }

    // ---- transport zone ------------------------------------------------------------------------------------

    @Test
    void registering_a_vtep_creates_the_zone_on_the_nodes_subnet_with_the_vtep() {
        // When n1 (172.20.0.2/16 on dovs-int) registers
        Map<String, String> facts = run(vtep("n1", DPN1));

        // Then the zone exists on 172.20.0.0/16 (VXLAN: the only tunnel type netvirt's ELAN uses) holding n1's VTEP
        assertEquals(Map.of(Action.CREATED, "true"), facts);
        assertEquals(Optional.of(new TransportZone("dovs-tz", "odl-interface:tunnel-type-vxlan",
                List.of(new TransportZone.TzSubnet("172.20.0.0/16", "0.0.0.0", 0,
                        List.of(vtepOf(DPN1, "n1", "172.20.0.2")))))), zone());
    }

    @Test
    void a_second_nodes_vtep_is_added_without_losing_the_first() {
        run(vtep("n1", DPN1));

        run(vtep("n2", DPN2));

        assertEquals(List.of(vtepOf(DPN1, "n1", "172.20.0.2"), vtepOf(DPN2, "n2", "172.20.0.3")),
                zone().orElseThrow().vteps());
    }

    @Test
    void removing_the_last_vtep_removes_the_zone() {
        // Given two registered nodes
        run(vtep("n1", DPN1));
        run(vtep("n2", DPN2));

        // When n1 is removed, Then only its VTEP goes
        assertEquals(Map.of("removed", "true", "zoneRemoved", "false"), run(vtep("n1", DPN1).undo()));
        assertEquals(List.of(vtepOf(DPN2, "n2", "172.20.0.3")), zone().orElseThrow().vteps());

        // When n2 is removed too, Then the lab's zone goes with it
        assertEquals(Map.of("removed", "true", "zoneRemoved", "true"), run(vtep("n2", DPN2).undo()));
        assertEquals(Optional.empty(), zone());
    }

    @Test
    void without_genius_a_vtep_registration_is_a_warning_that_created_nothing() {
        // Given an ODL without genius (every itm: path is an unknown module)
        startFake(new FakeOdlOptions().geniusMissing(true));

        Map<String, String> facts = run(vtep("n1", DPN1));

        assertEquals(Map.of(Action.CREATED, "false", "warning", "genius is not installed in ODL at " + odl
                + ": no VTEP registered for n1"), facts);
    }

    @Test
    void a_node_off_the_zones_subnet_or_not_running_is_refused() {
        // Given the zone on 172.20.0.0/16
        run(vtep("n1", DPN1));

        // When a node on another tunnel subnet registers, Then it is refused and the zone is unchanged
        ReplyException other = fails(vtep("far", "7"));
        assertEquals("transport zone dovs-tz is on 172.20.0.0/16, not 10.1.0.0/16: all nodes of a zone must share "
                + "one tunnel subnet", other.getMessage());
        assertEquals(List.of(vtepOf(DPN1, "n1", "172.20.0.2")), zone().orElseThrow().vteps());

        // When a node that does not run registers, Then nothing was created (no rollback needed)
        ReplyException gone = fails(vtep("n9", "9"));
        assertEquals("node container n9 does not exist", gone.getMessage());
        assertEquals(ActionFailures.CREATED_NOTHING, gone.failureCode());
    }

    // ---- neutron objects -----------------------------------------------------------------------------------

    @Test
    void put_creates_once_and_delete_removes() {
        // When the network is put twice
        assertEquals(Map.of(Action.CREATED, "true"), run(putNetwork(odl)), "201");
        assertEquals(Map.of(Action.CREATED, "false"), run(putNetwork(odl)), "200: replaced, nothing to undo");
        assertEquals(List.of(NeutronNetwork.dovsNet()), ok(checker.listNetworks()));

        // When it is deleted (the put's undo), twice
        assertEquals(Map.of("removed", "true"), run(putNetwork(odl).undo()));
        assertEquals(Map.of("removed", "false"), run(putNetwork(odl).undo()),
                "already gone is fine");
        assertEquals(List.of(), ok(checker.listNetworks()));
    }

    @Test
    void del_guests_port_delete_removes_its_compute_port_and_leaves_the_router_interface_and_the_subnet() {
        // Given a guest's port behind a router, as add-guest --net S --router R --odl leaves them
        createTopology();

        // When del-guest's last step deletes the guest's neutron port (OdlController.removeGuest)
        assertEquals(Map.of("removed", "true"), run(new Action.OdlDelete(odl, "port", PORT, "g1")));

        // Then only the router's interface is left, on a subnet that stays until clean
        assertEquals(List.of(RPORT), ok(checker.listPorts()).stream().map(NeutronPort::uuid).toList());
        assertEquals(1, ok(checker.listSubnets()).size());
    }

    @Test
    void inspect_reads_the_snapshot_of_what_odl_holds() {
        createTopology();

        Map<String, String> facts = run(new Action.OdlInspect(odl, TENANT));

        OdlSnapshot s = OdlSnapshot.fromJson(facts.get("snapshot"));
        assertEquals(List.of(NeutronNetwork.dovsNet()), s.networks());
        assertEquals(List.of("S"), s.subnets().stream().map(NeutronSubnet::name).toList());
        assertEquals(List.of("R"), s.routers().stream().map(NeutronRouter::name).toList());
        assertEquals(RPORT, s.routerPortOf(SUBNET).orElseThrow().uuid());
        assertEquals("n1", s.port(PORT).orElseThrow().hostId());
    }

    @Test
    void sweep_deletes_every_object_of_the_tenant_and_the_zone_but_not_another_tenants() {
        // Given the lab's objects and zone, and a network of another tenant
        createTopology();
        run(vtep("n1", DPN1));
        NeutronNetwork foreign = new NeutronNetwork("0f0f0f0f-0000-4000-8000-000000000000", "theirs",
                "0f0f0f0f-0000-4000-8000-000000000001", OdlConstants.NETWORK_TYPE_VXLAN, "2", true, false, false);
        ok(checker.putNetwork(foreign));

        // When the lab's tenant is swept
        Map<String, String> facts = run(new Action.OdlSweep(odl, TENANT, "dovs-tz"));

        // Then its 5 objects and its zone are gone, the other tenant's network is not
        assertEquals(Map.of("swept", "6"), facts);
        assertEquals(List.of(foreign), ok(checker.listNetworks()));
        assertEquals(List.of(), ok(checker.listSubnets()));
        assertEquals(List.of(), ok(checker.listRouters()));
        assertEquals(List.of(), ok(checker.listPorts()));
        assertEquals(Optional.empty(), zone());
    }

    @Test
    void update_replaces_the_object_and_its_undo_puts_the_previous_one_back() {
        // Given the network in ODL
        run(putNetwork(odl));
        NeutronNetwork before = NeutronNetwork.dovsNet();
        NeutronNetwork after = new NeutronNetwork(NET, "renamed", TENANT, OdlConstants.NETWORK_TYPE_VXLAN, "1", true,
                false, false);
        Action.OdlUpdate update = new Action.OdlUpdate(odl, "network", NET, "dovs-net", after.toBody().encode(),
                before.toBody().encode());

        // When it is updated, Then ODL holds the new one, and no "created" fact hides the update from rollback
        assertEquals(Map.of(), run(update));
        assertEquals(List.of(after), ok(checker.listNetworks()));

        // When the update is undone, Then the previous one is back
        run(update.undo());
        assertEquals(List.of(before), ok(checker.listNetworks()));
    }

    @Test
    void without_genius_a_sweep_still_removes_the_neutron_objects() {
        startFake(new FakeOdlOptions().geniusMissing(true));
        createTopology();

        assertEquals(Map.of("swept", "5"), run(new Action.OdlSweep(odl, TENANT, "dovs-tz")));
        assertEquals(List.of(), ok(checker.listNetworks()));
    }

    // ---- failures ------------------------------------------------------------------------------------------

    @Test
    void a_binding_that_never_appears_fails_within_its_timeout_naming_the_tap() {
        // Given the guest's port in ODL, whose tap genius never binds
        createTopology();

        ReplyException e = fails(new Action.OdlAwaitBinding(odl, PORT, TAP, 1));

        assertEquals("GET /restconf/config/ietf-interfaces:interfaces/interface/" + PORT + " -> " + TAP
                + " was not set as parent interface of " + PORT + " within 1000 ms (last seen: none)", e.getMessage());
        assertEquals(ActionFailures.MAY_HAVE_CREATED, e.failureCode());
    }

    @Test
    void an_odl_error_fails_the_step_with_one_line_holding_odls_error_message() {
        // Given ODL answers 500 to network PUTs
        fake.inject(Fault.status("PUT", "/restconf/config/neutron:neutron/networks", 500));

        ReplyException e = fails(putNetwork(odl));

        String path = "/restconf/config/neutron:neutron/networks/network/" + NET;
        assertEquals("PUT " + path + " -> 500 operation-failed: Injected fault on " + path, e.getMessage());
        // RESTCONF commits a request whole or not at all: an error answer means nothing to undo
        assertEquals(ActionFailures.CREATED_NOTHING, e.failureCode());
    }

    /**
     * ODL's config inventory of switch {@code DPN1} holds four flows, two of them of table 17 with one priority
     * (distinct flows by their matches); returns them.
     */
    private List<dev.dovs.engine.ovs.OvsDriver.FlowEntry> fourFlowsInOdlsInventory() throws Exception {
        List<dev.dovs.engine.ovs.OvsDriver.FlowEntry> config = List.of(flow(0, 0), flow(17, 10), flow(17, 10),
                flow(51, 15));
        inventory(DPN1, config, List.of("02:00:00:00:00:01", "02:00:00:00:00:02", "02:00:00:00:00:03",
                "02:00:00:00:00:04"));
        return config;
    }

    @Test
    void reconcileSwitchWithAllFlowsSentEndsOnceOdlsConfigSettled() throws Exception {
        List<dev.dovs.engine.ovs.OvsDriver.FlowEntry> config = fourFlowsInOdlsInventory();
        sw.flows.addAll(config);
        sw.flows.add(new dev.dovs.engine.ovs.OvsDriver.FlowEntry(22, 10, 10)); // learned on the switch: not ODL's
        long t0 = System.nanoTime();
        Map<String, String> facts = run(new Action.OdlReconcileSwitch(odl, "n1", "br-int", 10));
        assertEquals(Map.of("flows", "4", "reconnects", "0"), facts);
        assertEquals(0, sw.reconnects);
        assertTrue(System.nanoTime() - t0 >= 2_000_000_000L, "ended before ODL's config was unchanged for 2 s");
    }

    @Test
    void reconcileSwitchCountsFlowsOfOneTablePriorityAndMatchOnceAndLeavesMacsElanLearnedOut() throws Exception {
        // two flows with one match are one flow on the switch; ELAN writes MACs it learned from traffic in upper
        // case, and after a move leaves some for the old location that the switch rightly no longer has
        List<dev.dovs.engine.ovs.OvsDriver.FlowEntry> config = List.of(flow(51, 20), flow(51, 20), flow(51, 20),
                flow(50, 20));
        inventory(DPN1, config, List.of("02:00:00:00:00:0a", "02:00:00:00:00:0a", "fa:16:3e:74:94:49",
                "FA:16:3E:10:6C:91"));
        sw.flows.addAll(List.of(flow(51, 20), flow(51, 20)));
        assertEquals(Map.of("flows", "2", "reconnects", "0"),
                run(new Action.OdlReconcileSwitch(odl, "n1", "br-int", 10)));
        assertEquals(0, sw.reconnects);
    }

    @Test
    void reconcileSwitchReconnectsASwitchThatLacksFlowsOdlHolds() throws Exception {
        List<dev.dovs.engine.ovs.OvsDriver.FlowEntry> config = fourFlowsInOdlsInventory();
        sw.flows.addAll(List.of(flow(0, 0), flow(17, 10))); // one of table 17's and table 51's never sent
        sw.onReconnect = config;
        Map<String, String> facts = run(new Action.OdlReconcileSwitch(odl, "n1", "br-int", 10));
        assertEquals(Map.of("flows", "4", "reconnects", "1"), facts);
        assertEquals(config, sw.flows);
    }

    @Test
    void reconcileSwitchFailsNamingTheTablesWhenTheSwitchStillLacksFlows() throws Exception {
        inventory(DPN1, List.of(flow(0, 0), flow(51, 15), flow(52, 5)));
        sw.flows.add(flow(0, 0));
        ReplyException e = fails(new Action.OdlReconcileSwitch(odl, "n1", "br-int", 6));
        assertTrue(e.getMessage().contains("lacks 2 of the 3 flows") && e.getMessage().contains("tables [51, 52]")
                && e.getMessage().contains("openflow:" + DPN1), e.getMessage());
        assertEquals(2, sw.reconnects);
    }

    @Test
    void reconcileSwitchHasNothingToDoWhenOdlHoldsNoFlowsForIt() {
        long t0 = System.nanoTime();
        assertEquals(Map.of("flows", "0", "reconnects", "0"),
                run(new Action.OdlReconcileSwitch(odl, "n1", "br-int", 10)));
        assertTrue(System.nanoTime() - t0 < 2_000_000_000L);
    }

    @Test
    void every_request_is_published_as_an_exchange_of_its_step_without_credentials() {
        // When steps of every kind run
        List<String> steps = new ArrayList<>();
        for (Action a : List.of(new Action.OdlInspect(odl, TENANT), putNetwork(odl), vtep("n1", DPN1),
                putNetwork(odl).undo(), vtep("n1", DPN1).undo(), new Action.OdlSweep(odl, TENANT, "dovs-tz"))) {
            String step = "step-" + steps.size();
            steps.add(step);
            ok(apply(step, a));
        }

        // Then each request ODL received was reported once, under the step that made it
        List<String> requests = fake.requests();
        List<StepEvent.OdlExchanged> reported = awaitExchanges(requests.size());
        assertEquals(requests.stream().sorted().toList(),
                reported.stream().map(x -> x.method() + " " + x.path()).sorted().toList());
        assertEquals(List.of(4L, 1L), List.of(countOf(reported, "step-0"), countOf(reported, "step-1")),
                "inspect reads four collections, put is one request");
        assertTrue(reported.stream().allMatch(x -> steps.contains(x.step())), reported.toString());
        StepEvent.OdlExchanged put = reported.stream().filter(x -> x.step().equals("step-1")).findFirst().orElseThrow();
        assertEquals(NeutronNetwork.dovsNet().toBody().encode(), put.requestBody());
        assertEquals(201, put.status());
        // and no exchange carries the password, in clear or in a Basic header
        String basic = Base64.getEncoder().encodeToString(("admin:" + PASSWORD).getBytes(StandardCharsets.UTF_8));
        for (StepEvent.OdlExchanged x : reported) {
            String text = x.toString();
            assertFalse(text.contains(PASSWORD) || text.contains(basic) || text.contains("Authorization")
                    || text.contains("Basic "), text);
        }
    }

    private static long countOf(List<StepEvent.OdlExchanged> xs, String step) {
        return xs.stream().filter(x -> x.step().equals(step)).count();
    }

    /** Exchanges travel on the bus independently of the replies: wait until {@code n} arrived, then a bit more. */
    private List<StepEvent.OdlExchanged> awaitExchanges(int n) {
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (exchanges.size() < n && System.nanoTime() < deadline) {
            sleep(20);
        }
        sleep(100); // a duplicate would show up here
        return List.copyOf(exchanges);
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
