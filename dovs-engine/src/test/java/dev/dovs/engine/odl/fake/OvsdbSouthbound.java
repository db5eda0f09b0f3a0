package dev.dovs.engine.odl.fake;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.NetServer;
import io.vertx.core.net.NetSocket;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

/**
 * ODL's OVSDB southbound as far as netvirt's {@code ElanBridgeManager} goes (contract part C): when a node's
 * ovsdb-server connects (its manager is {@code tcp:ODL:6640}), create {@code br-int} on it with ODL as OpenFlow
 * controller ({@code tcp:<address the node reached us on>:6653}), fail mode secure, OpenFlow13, in-band off. The
 * transaction waits for "no br-int yet", so a reconnect never makes a second one. A br-int that exists already is
 * kept as it is and only gets ODL as its controller, as a real netvirt does (it "retains any existing configuration
 * on br-int"; seen with ODL Neon): recorded as "exists", then "adopted". JSON-RPC over the raw socket:
 * echo requests (ovsdb-server's inactivity probe) are answered, the transact's reply is recorded.
 */
final class OvsdbSouthbound {

    /** What happened to a node that connected: its address and "created", "exists" or the error. */
    record BridgeResult(String host, String outcome) {
    }

    private final List<BridgeResult> results = new CopyOnWriteArrayList<>();
    private final BooleanSupplier createBridges;
    private final Consumer<FakeOdl.Peer> peers;

    OvsdbSouthbound(BooleanSupplier createBridges, Consumer<FakeOdl.Peer> peers) {
        this.createBridges = createBridges;
        this.peers = peers;
    }

    List<BridgeResult> results() {
        return List.copyOf(results);
    }

    void clear() {
        results.clear();
    }

    Future<NetServer> start(Vertx vertx, String host, int port) {
        NetServer server = vertx.createNetServer();
        server.connectHandler(this::connected);
        return server.listen(port, host);
    }

    private void connected(NetSocket socket) {
        String peer = socket.remoteAddress().host();
        peers.accept(new FakeOdl.Peer("ovsdb", peer, socket.remoteAddress().port()));
        JsonStream stream = new JsonStream(msg -> onMessage(socket, peer, msg));
        socket.handler(stream::feed);
        if (createBridges.getAsBoolean()) {
            socket.write(Buffer.buffer(createIntegrationBridge(socket.localAddress().host()).encode()));
        }
    }

    private void onMessage(NetSocket socket, String peer, JsonObject msg) {
        if ("echo".equals(msg.getString("method"))) {
            socket.write(Buffer.buffer(new JsonObject().put("result", msg.getValue("params"))
                    .putNull("error").put("id", msg.getValue("id")).encode()));
        } else if ("br-int".equals(msg.getValue("id"))) {
            String outcome = outcome(msg);
            results.add(new BridgeResult(peer, outcome));
            if ("exists".equals(outcome)) {
                socket.write(Buffer.buffer(adoptIntegrationBridge(socket.localAddress().host()).encode()));
            }
        } else if ("br-int-adopt".equals(msg.getValue("id"))) {
            String outcome = outcome(msg);
            results.add(new BridgeResult(peer, "created".equals(outcome) ? "adopted" : outcome));
        }
    }

    /** The transact's reply: one result per operation; the first ("wait") fails when br-int already exists. */
    private static String outcome(JsonObject reply) {
        if (reply.getValue("error") != null) {
            return "error: " + reply.getValue("error");
        }
        JsonArray ops = reply.getJsonArray("result", new JsonArray());
        for (int i = 0; i < ops.size(); i++) {
            JsonObject op = ops.getJsonObject(i);
            if (op != null && op.getValue("error") != null) {
                return i == 0 ? "exists" : "error: " + op.getValue("error") + " " + op.getValue("details", "");
            }
        }
        return "created";
    }

    static JsonObject createIntegrationBridge(String odlAddress) {
        JsonArray ops = new JsonArray()
                .add(new JsonObject().put("op", "wait").put("table", "Bridge").put("timeout", 0)
                        .put("where", new JsonArray().add(new JsonArray().add("name").add("==").add("br-int")))
                        .put("columns", new JsonArray().add("name")).put("until", "==").put("rows", new JsonArray()))
                .add(insert("Interface", "iface", new JsonObject().put("name", "br-int").put("type", "internal")))
                .add(insert("Port", "port", new JsonObject().put("name", "br-int").put("interfaces", named("iface"))))
                .add(insert("Controller", "ctl", new JsonObject().put("target", "tcp:" + odlAddress + ":6653")))
                .add(insert("Bridge", "br", new JsonObject().put("name", "br-int").put("ports", named("port"))
                        .put("controller", named("ctl")).put("fail_mode", "secure").put("protocols", "OpenFlow13")
                        .put("other_config", new JsonArray().add("map").add(new JsonArray()
                                .add(new JsonArray().add("disable-in-band").add("true"))))))
                .add(new JsonObject().put("op", "mutate").put("table", "Open_vSwitch").put("where", new JsonArray())
                        .put("mutations", new JsonArray().add(new JsonArray().add("bridges").add("insert")
                                .add(named("br")))));
        JsonArray params = new JsonArray().add("Open_vSwitch");
        ops.forEach(params::add);
        return new JsonObject().put("method", "transact").put("params", params).put("id", "br-int");
    }

    /** netvirt's take-over of an existing br-int: ODL becomes its controller, nothing else changes. */
    static JsonObject adoptIntegrationBridge(String odlAddress) {
        JsonArray params = new JsonArray().add("Open_vSwitch")
                .add(insert("Controller", "ctl", new JsonObject().put("target", "tcp:" + odlAddress + ":6653")))
                .add(new JsonObject().put("op", "update").put("table", "Bridge")
                        .put("where", new JsonArray().add(new JsonArray().add("name").add("==").add("br-int")))
                        .put("row", new JsonObject().put("controller", named("ctl"))));
        return new JsonObject().put("method", "transact").put("params", params).put("id", "br-int-adopt");
    }

    private static JsonObject insert(String table, String name, JsonObject row) {
        return new JsonObject().put("op", "insert").put("table", table).put("row", row).put("uuid-name", name);
    }

    private static JsonArray named(String name) {
        return new JsonArray().add("named-uuid").add(name);
    }

    /** OVSDB JSON-RPC has no framing: split the byte stream into top-level JSON objects. */
    static final class JsonStream {
        private final StringBuilder pending = new StringBuilder();
        private final Consumer<JsonObject> sink;
        private int depth;
        private boolean inString;
        private boolean escaped;
        private int start;

        JsonStream(Consumer<JsonObject> sink) {
            this.sink = sink;
        }

        void feed(Buffer buf) {
            int from = pending.length();
            pending.append(buf.toString(java.nio.charset.StandardCharsets.UTF_8));
            int consumed = 0;
            for (int i = from; i < pending.length(); i++) {
                char c = pending.charAt(i);
                if (inString) {
                    if (escaped) {
                        escaped = false;
                    } else if (c == '\\') {
                        escaped = true;
                    } else if (c == '"') {
                        inString = false;
                    }
                } else if (c == '"') {
                    inString = true;
                } else if (c == '{') {
                    if (depth++ == 0) {
                        start = i;
                    }
                } else if (c == '}' && depth > 0 && --depth == 0) {
                    emit(pending.substring(start, i + 1));
                    consumed = i + 1;
                }
            }
            pending.delete(0, consumed);
            start -= consumed;
        }

        private void emit(String text) {
            try {
                sink.accept(new JsonObject(text));
            } catch (DecodeException e) {
                // not JSON: ignore it, as a real peer would drop the session's garbage
            }
        }
    }
}
