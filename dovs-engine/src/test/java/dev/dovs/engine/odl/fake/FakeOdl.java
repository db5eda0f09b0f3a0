package dev.dovs.engine.odl.fake;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.NetServer;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An in-process stand-in for ODL with odl-netvirt-openstack (contract part D), since a real Neon cannot run on
 * Java 17 (contract part A). Serves bierman02 RESTCONF for neutron, itm and ietf-interfaces, emulates the
 * netvirt/genius reactions, injects faults, and records OVSDB/OpenFlow connections.
 *
 * <p>Test hooks outside RESTCONF, without auth (see {@link AdminHooks}), so that a test can drive a fake running
 * in another process ({@link #main}); a bad request answers 400 {@code {"error": "..."}}:
 * <ul>
 * <li>{@code GET /fake/datastore}: the config datastore as JSON.
 * <li>{@code DELETE /fake/datastore}: {@link #reset()}: clears the data, the plugs, the recorded requests and the
 *     injected faults; the genius and auto-plug settings stay as they are.
 * <li>{@code POST /fake/plugged?iface-id=U&tap=T}: {@link #plugged}, "OVS attached tap T with iface-id U".
 * <li>{@code GET /fake/peers}: {@code [{"kind":"ovsdb","host":...,"port":...}]}, see {@link #peers()}.
 * <li>{@code GET /fake/requests}: {@code ["PUT /restconf/...", ...]}, see {@link #requests()}.
 * <li>{@code POST /fake/faults} with {@code {"method":"PUT"|null, "pathPrefix":"/restconf/...", "status":500,
 *     "delayMs":0, "times":-1}}: {@link #inject}; answers the fault as read (see {@link Fault#fromJson}).
 * <li>{@code DELETE /fake/faults}: {@link #clearFaults()}.
 * <li>{@code PUT /fake/genius?missing=true|false}: {@link #geniusMissing}.
 * <li>{@code PUT /fake/binding?auto-plug-ms=N}: {@link #autoPlug}; negative = never bind on its own.
 * <li>{@code PUT /fake/bridges?create=true|false}: {@link #createBridges}, whether a node connecting to the OVSDB
 *     port gets br-int from "netvirt" ({@link OvsdbSouthbound}); on by default.
 * <li>{@code GET /fake/bridges}: {@code [{"host":...,"outcome":"created"|"exists"|"adopted"|"error: ..."}]}.
 * </ul>
 */
public final class FakeOdl {

    /** A TCP peer that connected to the OVSDB or OpenFlow port. */
    public record Peer(String kind, String host, int port) {
    }

    private record ActiveFault(Fault fault, AtomicInteger left) {
    }

    private final FakeOdlOptions options;
    private final RestconfService service = new RestconfService();
    private final List<ActiveFault> faults = new CopyOnWriteArrayList<>();
    private final List<Peer> peers = new CopyOnWriteArrayList<>();
    private final List<String> requests = new CopyOnWriteArrayList<>();
    private final AdminHooks admin = new AdminHooks(this);
    private volatile boolean createBridges = true;
    private final OvsdbSouthbound southbound = new OvsdbSouthbound(() -> createBridges, peers::add,
            new OvsdbSouthbound.Plugs() {
                public void plugged(String ifaceId, String tap) {
                    netvirt.plugged(ifaceId, tap);
                }

                public void unplugged(String ifaceId, String tap) {
                    netvirt.unplugged(ifaceId, tap);
                }
            });
    private Vertx vertx;
    private Netvirt netvirt;
    private HttpServer http;
    private NetServer ovsdb;
    private NetServer openflow;
    private int port;

    public FakeOdl(FakeOdlOptions options) {
        this.options = options;
        service.geniusMissing(options.geniusMissing());
    }

    /** Starts a fake; the instance gives the bound ports and the test hooks. */
    public static Future<FakeOdl> start(Vertx vertx, FakeOdlOptions options) {
        FakeOdl fake = new FakeOdl(options);
        return fake.start(vertx).map(p -> fake);
    }

    /** @return the bound RESTCONF port */
    public Future<Integer> start(Vertx vertx) {
        this.vertx = vertx;
        this.netvirt = new Netvirt(vertx, service, options.bindDelay(), options.autoPlugDelay());
        service.portListener(netvirt);
        service.operationalInterfaces(netvirt::interfaceState);
        Future<?> of = options.openflowPort() < 0 ? Future.succeededFuture()
                : PeerListener.start(vertx, options.host(), options.openflowPort(), "openflow", peers::add)
                        .onSuccess(s -> openflow = s);
        Future<?> ovs = options.ovsdbPort() < 0 ? Future.succeededFuture()
                : southbound.start(vertx, options.host(), options.ovsdbPort()).onSuccess(s -> ovsdb = s);
        return Future.all(of, ovs).compose(x -> listen(options.port())).map(p -> port = p);
    }

    private Future<Integer> listen(int p) {
        http = vertx.createHttpServer().requestHandler(this::onRequest);
        return http.listen(p, options.host()).map(HttpServer::actualPort);
    }

    public Future<Void> stop() {
        List<Future<?>> closing = new ArrayList<>();
        for (Object s : new Object[] {http, ovsdb, openflow}) {
            if (s instanceof HttpServer) {
                closing.add(((HttpServer) s).close());
            } else if (s instanceof NetServer) {
                closing.add(((NetServer) s).close());
            }
        }
        return Future.all(closing).mapEmpty();
    }

    public int port() { return port; }

    public int ovsdbPort() { return ovsdb == null ? -1 : ovsdb.actualPort(); }

    public int openflowPort() { return openflow == null ? -1 : openflow.actualPort(); }

    public List<Peer> peers() { return List.copyOf(peers); }

    /** "METHOD path" of every RESTCONF request received, in order. */
    public List<String> requests() { return List.copyOf(requests); }

    /** OVS reported a port {@code tap} with external_ids:iface-id={@code ifaceId}; genius will bind it. */
    public void plugged(String ifaceId, String tap) {
        netvirt.plugged(ifaceId, tap);
    }

    /** OVS reported that port gone: genius drops its interface state. */
    public void unplugged(String ifaceId, String tap) {
        netvirt.unplugged(ifaceId, tap);
    }

    /** Whether nodes connecting to the OVSDB port get br-int created, as netvirt does. */
    public void createBridges(boolean create) {
        createBridges = create;
    }

    /** What happened on each OVSDB connection's br-int transaction, in order. */
    public List<OvsdbSouthbound.BridgeResult> bridges() {
        return southbound.results();
    }

    public void inject(Fault f) {
        faults.add(new ActiveFault(f, new AtomicInteger(f.times())));
    }

    public void clearFaults() {
        faults.clear();
    }

    public void geniusMissing(boolean missing) {
        service.geniusMissing(missing);
    }

    /**
     * Changes {@link FakeOdlOptions#autoPlugDelay} on a started fake. Null = compute ports are never bound unless
     * {@link #plugged} says so, which also cancels auto-plugs still pending (lets a test wait for a binding that
     * never appears).
     */
    public void autoPlug(Duration delay) {
        netvirt.autoPlugDelay(delay);
    }

    /**
     * Whether "genius" binds the ports it sees plugged (by OVS through the southbound's monitor, by a test, or by the
     * auto-plug timer); false = a genius that never binds anything, for tests of the binding timeout.
     */
    public void binds(boolean binds) {
        netvirt.binds(binds);
    }

    /** Stops listening so clients get "connection refused" (the port stays reserved for acceptConnections). */
    public Future<Void> refuseConnections() {
        return http.close();
    }

    public Future<Void> acceptConnections() {
        return listen(port).mapEmpty();
    }

    public JsonObject datastore() {
        return service.dump();
    }

    public void reset() {
        service.reset();
        netvirt.reset();
        faults.clear();
        requests.clear();
    }

    private void onRequest(HttpServerRequest req) {
        req.body().onSuccess(buf -> {
            String method = req.method().name();
            String path = req.path();
            if (path.startsWith("/fake/")) {
                admin.handle(req, method, path, buf.toString(StandardCharsets.UTF_8));
                return;
            }
            requests.add(method + " " + path);
            Fault f = takeFault(method, path);
            String body = buf.toString(StandardCharsets.UTF_8);
            if (f != null && f.delayMs() > 0) {
                vertx.setTimer(f.delayMs(), t -> answer(req, method, path, body, f));
            } else {
                answer(req, method, path, body, f);
            }
        });
    }

    private Fault takeFault(String method, String path) {
        for (ActiveFault a : faults) {
            if (!a.fault().matches(method, path)) {
                continue;
            }
            if (a.fault().times() < 0 || a.left().getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
                return a.fault();
            }
        }
        return null;
    }

    private void answer(HttpServerRequest req, String method, String path, String body, Fault f) {
        if (req.response().closed()) {
            return; // the client gave up (timeout) while we were "slow"
        }
        if ((f != null && f.status() == 401) || !authorized(req.getHeader("Authorization"))) {
            // Like ODL's AAA filter: no RESTCONF error body, just the challenge.
            req.response().setStatusCode(401).putHeader("WWW-Authenticate", "Basic realm=\"opendaylight\"").end();
            return;
        }
        if (f != null && f.status() != 0) {
            String tag = RestconfError.tagOf(f.status());
            String msg = f.status() == 409 ? "Data already exists for path: " + path : "Injected fault on " + path;
            send(req, new Reply(f.status(), new RestconfError("application", tag, msg).toJson().encode(), null));
            return;
        }
        String accept = req.getHeader("Accept");
        if (accept != null && !accept.contains("json") && !accept.contains("*/*")) {
            send(req, Reply.of(406));
            return;
        }
        String type = req.getHeader("Content-Type");
        if (("PUT".equals(method) || "POST".equals(method)) && (type == null || !type.contains("json"))) {
            send(req, Reply.of(415));
            return;
        }
        Reply reply;
        try {
            reply = service.handle(method, path, body);
        } catch (RuntimeException e) {
            // A bug in the fake must fail the test loudly, not hang the client until its timeout.
            reply = Reply.error(new RestconfError("application", "operation-failed", "fake ODL bug: " + e));
        }
        send(req, reply);
    }

    private boolean authorized(String header) {
        if (header == null || !header.startsWith("Basic ")) {
            return false;
        }
        try {
            String decoded = new String(Base64.getDecoder().decode(header.substring(6).trim()), StandardCharsets.UTF_8);
            return decoded.equals(options.user() + ":" + options.password());
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    static void send(HttpServerRequest req, Reply r) {
        var resp = req.response().setStatusCode(r.status());
        if (r.location() != null) {
            resp.putHeader("Location", r.location());
        }
        if (r.body() == null) {
            resp.end();
        } else {
            resp.putHeader("Content-Type", "application/json").end(r.body());
        }
    }

    /**
     * Standalone: {@code [--port 8181] [--ovsdb-port 6640] [--openflow-port 6653] [--bind 127.0.0.1]
     * [--genius-missing] [--user admin --password admin] [--bind-delay-ms 0] [--auto-plug-ms 500 (negative = off)]
     * [--exit-on-stdin-eof] [--no-bridges]}. Port 0 = any free port; -1 for OVSDB or OpenFlow = do not listen.
     * {@code --no-bridges}: connecting nodes do not get br-int (dovs' fallback path then runs).
     *
     * <p>Once ready it prints one line, parsed by tests that run it as a process (keep its format):
     * {@code fake-odl listening on <host>:<port> (ovsdb <port|-1>, openflow <port|-1>[, genius missing])}, with the
     * bound ports. With {@code --exit-on-stdin-eof} it exits when its stdin closes, i.e. when the process that
     * started it with a pipe dies, so an aborted test run leaves no fake behind.
     */
    public static void main(String[] args) {
        FakeOdlOptions o = new FakeOdlOptions().port(8181).ovsdbPort(6640).openflowPort(6653)
                .autoPlugDelay(Duration.ofMillis(500));
        String user = "admin";
        String password = "admin";
        boolean exitOnStdinEof = false;
        boolean noBridges = false;
        try {
            for (int i = 0; i < args.length; i++) {
                String a = args[i];
                if (a.equals("--no-bridges")) {
                    noBridges = true;
                    continue;
                }
                if (a.equals("--genius-missing")) {
                    o.geniusMissing(true);
                    continue;
                }
                if (a.equals("--exit-on-stdin-eof")) {
                    exitOnStdinEof = true;
                    continue;
                }
                if (i + 1 >= args.length) {
                    throw new IllegalArgumentException("missing value after " + a);
                }
                String v = args[++i];
                switch (a) {
                    case "--port": o.port(Integer.parseInt(v)); break;
                    case "--ovsdb-port": o.ovsdbPort(Integer.parseInt(v)); break;
                    case "--openflow-port": o.openflowPort(Integer.parseInt(v)); break;
                    case "--bind": o.host(v); break;
                    case "--user": user = v; break;
                    case "--password": password = v; break;
                    case "--bind-delay-ms": o.bindDelay(Duration.ofMillis(Long.parseLong(v))); break;
                    case "--auto-plug-ms":
                        long ms = Long.parseLong(v);
                        o.autoPlugDelay(ms < 0 ? null : Duration.ofMillis(ms));
                        break;
                    default: throw new IllegalArgumentException("unknown option " + a);
                }
            }
        } catch (IllegalArgumentException e) { // NumberFormatException included
            System.err.println("fake-odl: " + e.getMessage());
            System.exit(2);
        }
        if (exitOnStdinEof) {
            exitOnStdinEof();
        }
        o.credentials(user, password);
        boolean[] createBridgesOff = {noBridges};
        Vertx vertx = Vertx.vertx();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> vertx.close()));
        FakeOdl.start(vertx, o).onComplete(ar -> {
            if (ar.failed()) {
                System.err.println("fake-odl: cannot start: " + ar.cause().getMessage());
                System.exit(1);
            }
            FakeOdl f = ar.result();
            f.createBridges(!createBridgesOff[0]);
            System.out.println("fake-odl listening on " + o.host() + ":" + f.port() + " (ovsdb " + f.ovsdbPort()
                    + ", openflow " + f.openflowPort() + (o.geniusMissing() ? ", genius missing" : "") + ")");
            System.out.flush();
        });
    }

    /** A daemon thread that drains stdin and ends the JVM (running the shutdown hook) at EOF. */
    private static void exitOnStdinEof() {
        Thread t = new Thread(() -> {
            byte[] buf = new byte[256];
            try {
                while (System.in.read(buf) >= 0) {
                    // whatever the parent writes is ignored; only the end of the stream matters
                }
            } catch (IOException e) {
                // a broken stdin means the parent is gone as well
            }
            System.exit(0);
        }, "fake-odl-stdin");
        t.setDaemon(true);
        t.start();
    }
}
