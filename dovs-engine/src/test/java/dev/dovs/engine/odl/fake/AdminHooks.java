package dev.dovs.engine.odl.fake;

import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.time.Duration;
import java.util.ArrayList;

/**
 * The {@code /fake/...} test hooks of a {@link FakeOdl} (listed in its javadoc): no auth, JSON in and out, 400
 * with {@code {"error": "..."}} on a bad request, so a test in another process can drive the fake.
 */
final class AdminHooks {

    private final FakeOdl fake;

    AdminHooks(FakeOdl fake) {
        this.fake = fake;
    }

    void handle(HttpServerRequest req, String method, String path, String body) {
        try {
            FakeOdl.send(req, answer(req, method + " " + path, body));
        } catch (IllegalArgumentException e) {
            FakeOdl.send(req, Reply.json(400, new JsonObject().put("error", e.getMessage()).encode()));
        }
    }

    private Reply answer(HttpServerRequest req, String key, String body) {
        switch (key) {
            case "GET /fake/datastore":
                return Reply.json(200, fake.datastore().encodePrettily());
            case "DELETE /fake/datastore":
                fake.reset();
                return Reply.of(200);
            case "POST /fake/plugged":
                fake.plugged(param(req, "iface-id"), param(req, "tap"));
                return Reply.of(200);
            case "GET /fake/peers":
                JsonArray arr = new JsonArray();
                fake.peers().forEach(p -> arr.add(new JsonObject().put("kind", p.kind()).put("host", p.host())
                        .put("port", p.port())));
                return Reply.json(200, arr.encode());
            case "GET /fake/requests":
                return Reply.json(200, new JsonArray(new ArrayList<Object>(fake.requests())).encode());
            case "POST /fake/faults":
                Fault f = Fault.fromJson(jsonObject(body));
                fake.inject(f);
                return Reply.json(200, f.toJson().encode());
            case "DELETE /fake/faults":
                fake.clearFaults();
                return Reply.of(200);
            case "PUT /fake/genius":
                fake.geniusMissing(bool(param(req, "missing"), "missing"));
                return Reply.of(200);
            case "PUT /fake/bridges":
                fake.createBridges(bool(param(req, "create"), "create"));
                return Reply.of(200);
            case "GET /fake/bridges":
                JsonArray results = new JsonArray();
                fake.bridges().forEach(b -> results.add(new JsonObject().put("host", b.host())
                        .put("outcome", b.outcome())));
                return Reply.json(200, results.encode());
            case "PUT /fake/binding":
                if (req.getParam("binds") == null && req.getParam("auto-plug-ms") == null) {
                    throw new IllegalArgumentException("need the query parameter auto-plug-ms or binds");
                }
                if (req.getParam("binds") != null) {
                    fake.binds(bool(req.getParam("binds"), "binds"));
                }
                if (req.getParam("auto-plug-ms") != null) {
                    long ms = number(param(req, "auto-plug-ms"), "auto-plug-ms");
                    fake.autoPlug(ms < 0 ? null : Duration.ofMillis(ms));
                }
                return Reply.of(200);
            default:
                return Reply.of(404);
        }
    }

    private static String param(HttpServerRequest req, String name) {
        String v = req.getParam(name);
        if (v == null) {
            throw new IllegalArgumentException("need the query parameter " + name);
        }
        return v;
    }

    private static boolean bool(String v, String name) {
        if (!v.equals("true") && !v.equals("false")) {
            throw new IllegalArgumentException(name + " must be true or false, got " + v);
        }
        return Boolean.parseBoolean(v);
    }

    private static long number(String v, String name) {
        try {
            return Long.parseLong(v);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + " must be an integer, got " + v);
        }
    }

    private static JsonObject jsonObject(String body) {
        try {
            if (body == null || body.isBlank()) {
                throw new IllegalArgumentException("need a JSON object body");
            }
            return new JsonObject(body);
        } catch (DecodeException | ClassCastException e) {
            throw new IllegalArgumentException("body is not a JSON object: " + e.getMessage());
        }
    }
}
