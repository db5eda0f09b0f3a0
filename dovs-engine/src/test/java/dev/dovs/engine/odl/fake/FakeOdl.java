package dev.dovs.engine.odl.fake;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.NetServer;

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
 * <p>Test hooks outside RESTCONF, without auth: {@code GET /fake/datastore} (dump), {@code DELETE
 * /fake/datastore} (reset), {@code POST /fake/plugged?iface-id=U&tap=T}, {@code GET /fake/peers},
 * {@code GET /fake/requests}.
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
        Future<?> of = options.openflowPort() < 0 ? Future.succeededFuture()
                : PeerListener.start(vertx, options.host(), options.openflowPort(), "openflow", peers::add)
                        .onSuccess(s -> openflow = s);
        Future<?> ovs = options.ovsdbPort() < 0 ? Future.succeededFuture()
                : PeerListener.start(vertx, options.host(), options.ovsdbPort(), "ovsdb", peers::add)
                        .onSuccess(s -> ovsdb = s);
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

    public void inject(Fault f) {
        faults.add(new ActiveFault(f, new AtomicInteger(f.times())));
    }

    public void clearFaults() {
        faults.clear();
    }

    public void geniusMissing(boolean missing) {
        service.geniusMissing(missing);
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
                admin(req, method, path);
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

    private static void send(HttpServerRequest req, Reply r) {
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

    private void admin(HttpServerRequest req, String method, String path) {
        String key = method + " " + path;
        switch (key) {
            case "GET /fake/datastore":
                send(req, Reply.json(200, datastore().encodePrettily()));
                break;
            case "DELETE /fake/datastore":
                reset();
                send(req, Reply.of(200));
                break;
            case "POST /fake/plugged":
                String iface = req.getParam("iface-id");
                String tap = req.getParam("tap");
                if (iface == null || tap == null) {
                    send(req, Reply.json(400, "{\"error\":\"need iface-id and tap query parameters\"}"));
                } else {
                    plugged(iface, tap);
                    send(req, Reply.of(200));
                }
                break;
            case "GET /fake/peers":
                JsonArray arr = new JsonArray();
                peers.forEach(p -> arr.add(new JsonObject().put("kind", p.kind()).put("host", p.host()).put("port", p.port())));
                send(req, Reply.json(200, arr.encode()));
                break;
            case "GET /fake/requests":
                send(req, Reply.json(200, new JsonArray(new ArrayList<Object>(requests)).encode()));
                break;
            default:
                send(req, Reply.of(404));
        }
    }

    /**
     * Standalone: {@code --port 8181 --ovsdb-port 6640 --openflow-port 6653 [--genius-missing] [--bind 127.0.0.1]
     * [--user admin --password admin] [--bind-delay-ms 0] [--auto-plug-ms 500 (negative = off)]}.
     */
    public static void main(String[] args) {
        FakeOdlOptions o = new FakeOdlOptions().port(8181).ovsdbPort(6640).openflowPort(6653)
                .autoPlugDelay(Duration.ofMillis(500));
        String user = "admin";
        String password = "admin";
        try {
            for (int i = 0; i < args.length; i++) {
                String a = args[i];
                if (a.equals("--genius-missing")) {
                    o.geniusMissing(true);
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
        } catch (IllegalArgumentException e) {
            System.err.println("fake-odl: " + e.getMessage());
            System.exit(2);
        }
        o.credentials(user, password);
        Vertx vertx = Vertx.vertx();
        FakeOdl.start(vertx, o).onComplete(ar -> {
            if (ar.failed()) {
                System.err.println("fake-odl: cannot start: " + ar.cause().getMessage());
                vertx.close();
                System.exit(1);
            }
            FakeOdl f = ar.result();
            System.out.println("fake-odl listening on " + o.host() + ":" + f.port() + " (ovsdb " + f.ovsdbPort()
                    + ", openflow " + f.openflowPort() + (o.geniusMissing() ? ", genius missing" : "") + ")");
        });
        Runtime.getRuntime().addShutdownHook(new Thread(() -> vertx.close()));
    }
}
