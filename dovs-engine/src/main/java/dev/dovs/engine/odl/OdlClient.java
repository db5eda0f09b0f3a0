package dev.dovs.engine.odl;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;

import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Asynchronous client for the parts of ODL's bierman02 RESTCONF that dovs uses (contract part B).
 *
 * <p>Every request is reported to the exchange listener (without credentials), whatever its outcome. Failures
 * are {@link OdlException}s. Deletes and collection reads treat 404 as "nothing there", which keeps clean-up
 * idempotent.
 */
public final class OdlClient implements AutoCloseable {

    private final Vertx vertx;
    private final OdlEndpoint endpoint;
    private final OdlClientOptions options;
    private final Consumer<OdlExchange> listener;
    private final WebClient web;

    /**
     * @param listener receives every exchange on the event loop; it must be quick and must not throw (a throw
     *                 would replace the request's result). Null = no reporting.
     */
    public OdlClient(Vertx vertx, OdlEndpoint endpoint, OdlClientOptions options, Consumer<OdlExchange> listener) {
        this(vertx, endpoint, options, listener,
                WebClient.create(vertx, new WebClientOptions().setUserAgent("dovs").setKeepAlive(true)));
    }

    private OdlClient(Vertx vertx, OdlEndpoint endpoint, OdlClientOptions options, Consumer<OdlExchange> listener,
                      WebClient web) {
        this.vertx = vertx;
        this.endpoint = endpoint;
        this.options = options;
        this.listener = listener == null ? x -> { } : listener;
        this.web = web;
    }

    /**
     * The same client (and connection pool) reporting to another listener, e.g. one per step. Closing the view
     * closes the shared pool: close only the original.
     */
    public OdlClient reportingTo(Consumer<OdlExchange> stepListener) {
        return new OdlClient(vertx, endpoint, options, stepListener, web);
    }

    // ---- any neutron resource by its name in the model: network, subnet, router, port --------------------

    public static String path(String resource, String uuid) {
        return switch (resource) {
            case "network" -> OdlPaths.network(uuid);
            case "subnet" -> OdlPaths.subnet(uuid);
            case "router" -> OdlPaths.router(uuid);
            case "port" -> OdlPaths.port(uuid);
            default -> throw new IllegalArgumentException("unknown neutron resource '" + resource + "'");
        };
    }

    /** @return true if created (201), false if an existing object was replaced */
    public Future<Boolean> putResource(String resource, String uuid, JsonObject body) {
        return put(path(resource, uuid), body);
    }

    /** @return false if there was no such object */
    public Future<Boolean> deleteResource(String resource, String uuid) {
        return delete(path(resource, uuid));
    }

    public OdlEndpoint endpoint() {
        return endpoint;
    }

    // ---- neutron -------------------------------------------------------------------------------------------

    public Future<List<NeutronNetwork>> listNetworks() {
        return list(OdlPaths.NETWORKS, "networks", "network", NeutronNetwork::fromJson);
    }

    /** @return true if created, false if an existing network was replaced */
    public Future<Boolean> putNetwork(NeutronNetwork n) {
        return put(OdlPaths.network(n.uuid()), n.toBody());
    }

    /** @return false if there was no such network */
    public Future<Boolean> deleteNetwork(String uuid) {
        return delete(OdlPaths.network(uuid));
    }

    public Future<List<NeutronSubnet>> listSubnets() {
        return list(OdlPaths.SUBNETS, "subnets", "subnet", NeutronSubnet::fromJson);
    }

    public Future<Boolean> putSubnet(NeutronSubnet s) {
        return put(OdlPaths.subnet(s.uuid()), s.toBody());
    }

    public Future<Boolean> deleteSubnet(String uuid) {
        return delete(OdlPaths.subnet(uuid));
    }

    public Future<List<NeutronRouter>> listRouters() {
        return list(OdlPaths.ROUTERS, "routers", "router", NeutronRouter::fromJson);
    }

    public Future<Boolean> putRouter(NeutronRouter r) {
        return put(OdlPaths.router(r.uuid()), r.toBody());
    }

    public Future<Boolean> deleteRouter(String uuid) {
        return delete(OdlPaths.router(uuid));
    }

    public Future<List<NeutronPort>> listPorts() {
        return list(OdlPaths.PORTS, "ports", "port", NeutronPort::fromJson);
    }

    public Future<Boolean> putPort(NeutronPort p) {
        return put(OdlPaths.port(p.uuid()), p.toBody());
    }

    public Future<Boolean> deletePort(String uuid) {
        return delete(OdlPaths.port(uuid));
    }

    // ---- genius ITM ----------------------------------------------------------------------------------------

    /** Empty if the zone does not exist; fails with {@link OdlException.Kind#GENIUS_MISSING} on a 400. */
    public Future<Optional<TransportZone>> getTransportZone(String zoneName) {
        String path = OdlPaths.transportZone(zoneName);
        return getOptional(path).compose(o -> {
            if (o.isEmpty()) {
                return Future.succeededFuture(Optional.empty());
            }
            List<JsonObject> zones = Json.entries(o.get(), "transport-zone");
            if (zones.isEmpty()) {
                return Future.failedFuture(OdlException.badResponse("GET", path, 200, "no transport-zone entry"));
            }
            return Future.succeededFuture(Optional.of(TransportZone.fromJson(zones.get(0))));
        });
    }

    /** Creates or replaces the whole zone (including its VTEPs). */
    public Future<Boolean> putTransportZone(TransportZone tz) {
        return put(OdlPaths.transportZone(tz.zoneName()), tz.toBody());
    }

    /**
     * Creates the zone only if absent, with a create-only POST, so two nodes added at once cannot overwrite
     * each other's VTEPs the way a GET-then-PUT would.
     *
     * @return true if this call created it, false if it already existed
     */
    public Future<Boolean> createTransportZone(TransportZone tz) {
        return send(HttpMethod.POST, OdlPaths.TRANSPORT_ZONES, tz.toBody()).compose(r -> {
            if (r.statusCode() == 201 || r.statusCode() == 204) {
                return Future.succeededFuture(true);
            }
            if (r.statusCode() == 409) {
                return Future.succeededFuture(false);
            }
            return fail("POST", OdlPaths.TRANSPORT_ZONES, r);
        });
    }

    /** Writes just this VTEP entry (the zone must exist: tunnel-type is mandatory). */
    public Future<Boolean> registerVtep(String zoneName, String prefix, TransportZone.Vtep vtep) {
        JsonObject body = Json.body("vteps", vtep.toJson());
        return put(OdlPaths.vtep(zoneName, prefix, vtep.dpnId(), vtep.portname()), body);
    }

    /** @return false if there was no such VTEP */
    public Future<Boolean> deleteVtep(String zoneName, String prefix, java.math.BigInteger dpnId, String portname) {
        return delete(OdlPaths.vtep(zoneName, prefix, dpnId, portname));
    }

    public Future<Boolean> deleteTransportZone(String zoneName) {
        return delete(OdlPaths.transportZone(zoneName));
    }

    /**
     * Deletes what netvirt derived from a neutron port, router or network and sometimes leaves behind after the
     * neutron object is gone (seen with a real ODL Neon): the port's L3VPN interface, the router's interface map,
     * and, for a network, every L3VPN interface still on it (neutronvpn rewrites a port's VPN interface with new
     * adjacencies while it handles the port's or its router interface's removal, after dovs deleted it). Absent
     * entries, or an ODL without those modules, are fine.
     *
     * @return true if something was deleted
     */
    public Future<Boolean> deleteNetvirtLeftovers(String resource, String uuid) {
        if ("network".equals(resource)) {
            return getOptionalKnown(OdlPaths.VPN_INTERFACES).compose(o -> {
                JsonObject list = o == null ? null : o.map(b -> b.getJsonObject("vpn-interfaces")).orElse(null);
                List<Future<Boolean>> deletes = Json.entries(list, "vpn-interface").stream()
                        .filter(e -> uuid.equals(e.getString("network-id")))
                        .map(e -> deleteNetvirtLeftovers("port", e.getString("name"))).toList();
                return Future.all(deletes).map(all -> deletes.stream().anyMatch(Future::result));
            });
        }
        String path = switch (resource) {
            case "port" -> OdlPaths.vpnInterface(uuid);
            case "router" -> OdlPaths.routerInterfaces(uuid);
            default -> null;
        };
        if (path == null) {
            return Future.succeededFuture(false);
        }
        Future<Boolean> leftover = delete(path).recover(err -> unknownModule(err) ? Future.succeededFuture(false)
                : Future.failedFuture(err));
        return "port".equals(resource) ? leftover.compose(l -> deletePortInterface(uuid).map(i -> l || i))
                : leftover;
    }

    /**
     * How long a port's delete waits for neutronvpn to remove the port's ietf interface itself (the binding timeout
     * when that is shorter).
     */
    static final java.time.Duration PORT_INTERFACE_WAIT = java.time.Duration.ofSeconds(10);

    /**
     * The ietf interface neutronvpn made for a port (named by the port's uuid) once the port is deleted: neutronvpn
     * removes it itself, usually within a second; when it is still there after {@link #PORT_INTERFACE_WAIT}, dovs
     * deletes it (seen with a real ODL Neon: the interface of one of a cleaned lab's ports stayed in the config
     * datastore). An ODL without ietf-interfaces has none.
     *
     * @return whether dovs had to delete it
     */
    private Future<Boolean> deletePortInterface(String portUuid) {
        String path = OdlPaths.iface(portUuid);
        java.time.Duration wait = options.bindingTimeout().compareTo(PORT_INTERFACE_WAIT) < 0
                ? options.bindingTimeout() : PORT_INTERFACE_WAIT;
        return pollUntil(() -> absent(path).map(gone -> gone ? null : "interface"), wait,
                        why -> OdlException.waitTimeout(path, "neutronvpn kept the interface of deleted port "
                                + portUuid, wait.toMillis()))
                .map(v -> false)
                .recover(err -> err instanceof OdlException o && o.kind() == OdlException.Kind.WAIT_TIMEOUT
                        ? delete(path) : Future.failedFuture(err));
    }

    /** ODL's answer for a path of a module it does not have: 400, error-tag {@code unknown-element}. */
    private static boolean unknownModule(Throwable err) {
        return err instanceof OdlException o && o.status() == 400 && "unknown-element".equals(o.errorTag());
    }

    // ---- what ODL itself keeps of a switch --------------------------------------------------------------------

    /**
     * Deletes the switch's node of ODL's flow inventory ({@code openflow:<dpn>}), where netvirt and genius wrote its
     * flows and groups and which nothing else removes (seen with a real ODL Neon). Absent is fine.
     *
     * @return whether there was one
     */
    public Future<Boolean> forgetSwitch(java.math.BigInteger dpnId) {
        return delete(OdlPaths.inventoryNode(dpnId));
    }

    /** openflowplugin's priority for a flow that names none (OpenFlow's {@code OFP_DEFAULT_PRIORITY}). */
    static final int DEFAULT_FLOW_PRIORITY = 0x8000;

    /**
     * The flows ODL's config inventory holds for the switch {@code openflow:<dpn>} (what netvirt and genius wrote
     * and ODL's rules manager is to send to it), as table, priority and hard timeout; empty when ODL has no such
     * node, or no flow inventory at all (an ODL without openflowplugin). Flows of one table with the same priority
     * and match are one flow on the switch (OpenFlow 1.3, 6.4: an add with an existing match replaces it), so they
     * count once, matches compared without letter case; flows of MACs ELAN learned from traffic (upper case,
     * {@link #LEARNED_MAC}) are left out.
     */
    public Future<List<dev.dovs.engine.ovs.OvsDriver.FlowEntry>> configFlows(java.math.BigInteger dpnId) {
        return getOptionalKnown(OdlPaths.inventoryNode(dpnId)).map(o -> {
            java.util.Map<String, dev.dovs.engine.ovs.OvsDriver.FlowEntry> flows = new java.util.LinkedHashMap<>();
            if (o != null) {
                o.ifPresent(body -> Json.entries(body, "node").forEach(n -> Json.entries(n,
                        "flow-node-inventory:table").forEach(t -> Json.entries(t, "flow").forEach(f -> {
                            var flow = new dev.dovs.engine.ovs.OvsDriver.FlowEntry(f.getInteger("table_id",
                                    t.getInteger("id", 0)), f.getInteger("priority", DEFAULT_FLOW_PRIORITY),
                                    f.getInteger("hard-timeout", 0));
                            Object match = f.getValue("match");
                            String m = canonical(match == null ? new JsonObject() : match);
                            if (!LEARNED_MAC.matcher(m).find()) {
                                flows.putIfAbsent(flow + " " + m.toLowerCase(java.util.Locale.ROOT), flow);
                            }
                        }))));
            }
            return List.copyOf(flows.values());
        });
    }

    /**
     * A MAC address in upper case: ELAN writes those for MACs it learned from a guest's packets (its packet-in
     * handler formats them so), beside the lower-case ones of neutron's ports. Learned entries follow the traffic
     * and age out; after a move ELAN leaves some in ODL's config for the old location while its rules manager has
     * removed the switch's flow of that match (seen with a real ODL Neon), and sending them again would bring back
     * a stale location. They are not what a dovs command made ODL write, so the reconciliation leaves them out.
     */
    private static final java.util.regex.Pattern LEARNED_MAC = java.util.regex.Pattern.compile(
            "\"address\":\"(?=[0-9A-F:]*[A-F])[0-9A-F]{2}(:[0-9A-F]{2}){5}\"");

    /** A JSON value with its objects' keys sorted, so that equal values print alike. */
    static String canonical(Object v) {
        if (v instanceof JsonObject o) {
            return o.fieldNames().stream().sorted().map(k -> io.vertx.core.json.Json.encode(k) + ":"
                    + canonical(o.getValue(k))).collect(Collectors.joining(",", "{", "}"));
        }
        if (v instanceof JsonArray a) {
            return a.stream().map(OdlClient::canonical).collect(Collectors.joining(",", "[", "]"));
        }
        return io.vertx.core.json.Json.encode(v);
    }

    /**
     * Deletes the lab's nodes and bridges from ODL's config OVSDB topology (netvirt writes the br-int it takes there)
     * once they are no longer connected: those whose id starts with {@code prefix} and that the operational
     * topology no longer has, and the flow inventory of their switches ({@link #forgetSwitch}; ids are
     * {@code <prefix><16 hex digits of datapath id>[/bridge/<name>]}). A connected one is left alone (netvirt would
     * only make it again).
     *
     * @return how many entries were deleted
     */
    public Future<Integer> deleteDisconnectedOvsdbNodes(String prefix) {
        return getOptional(OdlPaths.CONFIG + OdlPaths.OVSDB_TOPOLOGY).compose(config ->
                getOptional(OdlPaths.OPERATIONAL + OdlPaths.OVSDB_TOPOLOGY).compose(oper -> {
                    java.util.Set<String> connected = new java.util.HashSet<>(nodeIds(oper));
                    List<Future<Boolean>> deletes = new java.util.ArrayList<>();
                    java.util.Set<String> datapaths = new java.util.TreeSet<>();
                    for (String id : nodeIds(config)) {
                        if (id.startsWith(prefix) && !connected.contains(id)) {
                            deletes.add(delete(OdlPaths.ovsdbConfigNode(id)));
                            datapaths.add(id.substring(prefix.length()).split("/")[0]);
                        }
                    }
                    // and each such switch's flow inventory (the datapath id is the node id's last part)
                    for (String dpid : datapaths) {
                        if (dpid.matches("[0-9a-fA-F]{16}")) {
                            deletes.add(forgetSwitch(new java.math.BigInteger(dpid, 16)));
                        }
                    }
                    return Future.all(deletes).map(f -> (int) f.list().stream().filter(Boolean.TRUE::equals).count());
                }));
    }

    private static List<String> nodeIds(Optional<JsonObject> topology) {
        List<String> ids = new java.util.ArrayList<>();
        topology.ifPresent(body -> Json.entries(body, "topology").forEach(t -> Json.entries(t, "node")
                .forEach(n -> ids.add(n.getString("node-id", "")))));
        return ids;
    }

    /** ODL's form of a datapath id: 8 colon-separated hex bytes ({@code 00:00:73:e9:77:c8:ef:c6}). */
    static String datapathIdColons(java.math.BigInteger dpnId) {
        String hex = String.format("%016x", dpnId);
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < 16; i += 2) {
            sb.append(i == 0 ? "" : ":").append(hex, i, i + 2);
        }
        return sb.toString();
    }

    // ---- ietf-interfaces (written by netvirt/genius, read-only here) --------------------------------------

    /** The interface's {@code odl-interface:parent-interface}; empty while netvirt/genius have not set it. */
    public Future<Optional<String>> getParentInterface(String portUuid) {
        return getOptional(OdlPaths.iface(portUuid)).map(o -> o.flatMap(body -> Json.entries(body, "interface")
                .stream().findFirst().map(i -> i.getString("odl-interface:parent-interface"))));
    }

    /**
     * Polls until genius reports {@code tap} as the parent of the port's interface and has its operational state,
     * up: OVS and ODL agree the guest is plugged, and netvirt's services are being bound to it. Bounded by
     * {@link OdlClientOptions#bindingTimeout()}; any non-404 error ends it early.
     */
    public Future<Void> awaitBinding(String portUuid, String tap) {
        return awaitBinding(portUuid, tap, options.bindingTimeout());
    }

    /**
     * As {@link #awaitBinding(String, String)} with its own bound.
     *
     * @throws OdlException (as the failed future) of kind {@code BINDING_TIMEOUT}, naming what was seen last
     */
    public Future<Void> awaitBinding(String portUuid, String tap, java.time.Duration timeout) {
        return pollUntil(() -> getParentInterface(portUuid).compose(parent -> !tap.equals(parent.orElse(null))
                        ? Future.succeededFuture(parent.orElse("none"))
                        : getOptional(OdlPaths.interfaceState(portUuid)).map(state -> state.flatMap(body -> Json
                                .entries(body, "interface").stream().findFirst())
                                .filter(i -> "up".equals(i.getString("oper-status"))).isPresent()
                                ? null : tap + ", but no interface state up")),
                timeout, lastSeen -> OdlException.bindingTimeout(OdlPaths.iface(portUuid), tap, portUuid,
                        timeout.toMillis(), lastSeen));
    }

    /**
     * Polls until ODL has let go of the port's interface: genius has no operational interface state for it and
     * netvirt no VPN interface (its FIB clean-up is done). An ODL without netvirt's vpnmanager (400 unknown module)
     * has no VPN interface to wait for. Bounded by {@code timeout}; any other error ends it early.
     *
     * @throws OdlException (as the failed future) of kind {@code WAIT_TIMEOUT} when ODL still holds it
     */
    public Future<Void> awaitUnbinding(String portUuid, java.time.Duration timeout) {
        String state = OdlPaths.interfaceState(portUuid);
        return pollUntil(() -> absent(state).compose(noState -> !noState ? Future.succeededFuture("interface state")
                : getOptionalKnown(OdlPaths.VPN_INTERFACE_OP_DATA).map(o -> o != null && o.map(body -> Json
                        .entries(body.getJsonObject("vpn-interface-op-data"), "vpn-interface-op-data-entry").stream()
                        .anyMatch(e -> portUuid.equals(e.getString("name")))).orElse(false)
                        ? "VPN interface" : null)), timeout,
                held -> OdlException.waitTimeout(state, "ODL still holds port " + portUuid + " (its " + held + ")",
                        timeout.toMillis()));
    }

    /**
     * Polls until neutronvpn has made the subnet's subnetmap: netvirt's router code reads it when a router interface
     * comes, and a router-interface port written before it is never added to the router's VPN ({@code getSubnetmap
     * failed, subnet ... is not present}, seen with a real ODL Neon). An ODL without neutronvpn (400 unknown
     * module) has none to wait for. Bounded by {@code timeout}.
     */
    public Future<Void> awaitSubnetmap(String subnetUuid, java.time.Duration timeout) {
        String path = OdlPaths.subnetmap(subnetUuid);
        return pollUntil(() -> getOptionalKnown(path).map(o -> o == null || o.isPresent() ? null : "no subnetmap"),
                timeout, why -> OdlException.waitTimeout(path, "neutronvpn made no subnetmap for subnet " + subnetUuid,
                        timeout.toMillis()));
    }

    /**
     * Polls until netvirt has finished deleting the router's VPN instance (its operational entry, state
     * {@code pending_delete} meanwhile, is gone). A router with the same uuid written before that (a replay right
     * after a clean) is skipped by netvirt: {@code addVpnInterface ... skipped as vpn is pending delete}. Bounded by
     * {@code timeout}.
     */
    public Future<Void> awaitVpnInstanceGone(String routerUuid, java.time.Duration timeout) {
        String path = OdlPaths.vpnInstanceOpData(routerUuid);
        return pollUntil(() -> absent(path).map(gone -> gone ? null : "VPN instance"), timeout,
                why -> OdlException.waitTimeout(path, "netvirt did not finish deleting the VPN instance of router "
                        + routerUuid, timeout.toMillis()));
    }

    /** Whether {@code path} reads as absent: 404, or 400 for a module this ODL does not have. */
    private Future<Boolean> absent(String path) {
        return getOptionalKnown(path).map(o -> o == null || o.isEmpty());
    }

    /** As {@link #getOptional}, but null (not a failure) when this ODL does not know the path's module. */
    private Future<Optional<JsonObject>> getOptionalKnown(String path) {
        return getOptional(path).recover(err -> unknownModule(err) ? Future.succeededFuture(null)
                : Future.failedFuture(err));
    }

    /**
     * Runs {@code probe} every {@link OdlClientOptions#bindingPeriod()} until it answers null (done), failing with
     * {@code timedOut} of its last answer once {@code timeout} is over; a failed probe ends the wait with its error.
     */
    private Future<Void> pollUntil(java.util.function.Supplier<Future<String>> probe, java.time.Duration timeout,
                                   Function<String, Throwable> timedOut) {
        Promise<Void> done = Promise.promise();
        long deadline = System.nanoTime() + timeout.toNanos();
        poll(probe, deadline, timedOut, done);
        return done.future();
    }

    private void poll(java.util.function.Supplier<Future<String>> probe, long deadline,
                      Function<String, Throwable> timedOut, Promise<Void> done) {
        probe.get().onComplete(ar -> {
            if (ar.failed()) {
                done.fail(ar.cause());
            } else if (ar.result() == null) {
                done.complete();
            } else if (System.nanoTime() + options.bindingPeriod().toNanos() > deadline) {
                done.fail(timedOut.apply(ar.result()));
            } else {
                vertx.setTimer(options.bindingPeriod().toMillis(), t -> poll(probe, deadline, timedOut, done));
            }
        });
    }

    @Override
    public void close() {
        web.close();
    }

    // ---- plumbing ------------------------------------------------------------------------------------------

    private <T> Future<List<T>> list(String path, String container, String listName, Function<JsonObject, T> parse) {
        return getOptional(path).map(o -> o
                // ODL answers 404 for an empty collection, and some versions {"networks":{}}: both are empty.
                .map(body -> Json.entries(body.getJsonObject(container), listName).stream().map(parse)
                        .collect(Collectors.toList()))
                .orElse(List.of()));
    }

    private Future<Optional<JsonObject>> getOptional(String path) {
        return send(HttpMethod.GET, path, null).compose(r -> {
            if (r.statusCode() == 404) {
                return Future.succeededFuture(Optional.empty());
            }
            if (r.statusCode() != 200) {
                return fail("GET", path, r);
            }
            try {
                return Future.succeededFuture(Optional.of(r.bodyAsJsonObject()));
            } catch (DecodeException | ClassCastException e) {
                return Future.failedFuture(OdlException.badResponse("GET", path, 200, "body is not a JSON object"));
            }
        });
    }

    private Future<Boolean> put(String path, JsonObject body) {
        return send(HttpMethod.PUT, path, body).compose(r -> {
            if (r.statusCode() == 201) {
                return Future.succeededFuture(true);
            }
            if (r.statusCode() == 200 || r.statusCode() == 204) {
                return Future.succeededFuture(false);
            }
            return fail("PUT", path, r);
        });
    }

    private Future<Boolean> delete(String path) {
        return send(HttpMethod.DELETE, path, null).compose(r -> {
            if (r.statusCode() == 200 || r.statusCode() == 204) {
                return Future.succeededFuture(true);
            }
            if (r.statusCode() == 404) {
                return Future.succeededFuture(false);
            }
            return fail("DELETE", path, r);
        });
    }

    private static <T> Future<T> fail(String method, String path, HttpResponse<Buffer> r) {
        return Future.failedFuture(OdlException.http(method, path, r.statusCode(), r.bodyAsString()));
    }

    /** Sends one request and reports it; transport failures become OdlExceptions, HTTP statuses do not. */
    private Future<HttpResponse<Buffer>> send(HttpMethod method, String path, JsonObject body) {
        long timeoutMs = options.requestTimeout().toMillis();
        HttpRequest<Buffer> req = web.request(method, endpoint.port(), endpoint.host(), path)
                .putHeader("Authorization", endpoint.basicAuthorization())
                .putHeader("Accept", "application/json")
                .timeout(timeoutMs);
        String text = body == null ? null : body.encode();
        long start = System.nanoTime();
        Future<HttpResponse<Buffer>> sent = text == null ? req.send()
                : req.putHeader("Content-Type", "application/json").sendBuffer(Buffer.buffer(text));
        return sent.transform(ar -> {
            long ms = (System.nanoTime() - start) / 1_000_000;
            if (ar.failed()) {
                listener.accept(new OdlExchange(method.name(), path, text, 0, null, ms));
                return Future.failedFuture(
                        OdlException.transport(method.name(), path, ar.cause(), timeoutMs, endpoint.hostPort()));
            }
            HttpResponse<Buffer> r = ar.result();
            listener.accept(new OdlExchange(method.name(), path, text, r.statusCode(),
                    OdlExchange.truncate(r.bodyAsString()), ms));
            return Future.succeededFuture(r);
        });
    }
}
