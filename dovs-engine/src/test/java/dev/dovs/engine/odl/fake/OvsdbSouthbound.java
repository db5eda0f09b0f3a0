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
 * echo requests (ovsdb-server's inactivity probe) are answered, the transact's reply is recorded. It also monitors
 * the Interface table, as the real southbound does, and reports which tap carries which neutron port ({@link Plugs}).
 */
final class OvsdbSouthbound {

    /** What happened to a node that connected: its address and "created", "exists" or the error. */
    record BridgeResult(String host, String outcome) {
    }

    /** What the southbound reports of the nodes' interfaces that carry a neutron port (external_ids:iface-id). */
    interface Plugs {
        /** An interface named {@code tap} with {@code iface-id} appeared (or got it) on a node. */
        void plugged(String ifaceId, String tap);

        /** That interface left the node. */
        void unplugged(String ifaceId, String tap);
    }

    private final List<BridgeResult> results = new CopyOnWriteArrayList<>();
    private final BooleanSupplier createBridges;
    private final Consumer<FakeOdl.Peer> peers;
    private final Plugs plugs;

    OvsdbSouthbound(BooleanSupplier createBridges, Consumer<FakeOdl.Peer> peers, Plugs plugs) {
        this.createBridges = createBridges;
        this.peers = peers;
        this.plugs = plugs;
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
        socket.write(Buffer.buffer(MONITOR_INTERFACES.encode()));
    }

    /**
     * The southbound's view of the node's interfaces (RFC 7047 4.1.5 monitor): genius learns from it which tap
     * carries which neutron port, and when it leaves.
     */
    static final JsonObject MONITOR_INTERFACES = new JsonObject().put("method", "monitor").put("id", "ifaces")
            .put("params", new JsonArray().add("Open_vSwitch").add("ifaces").add(new JsonObject().put("Interface",
                    new JsonObject().put("columns", new JsonArray().add("name").add("external_ids")))));

    /** One table-updates object (RFC 7047 4.1.6) of the Interface table: plugs and unplugs of neutron ports. */
    private void interfacesChanged(JsonObject tableUpdates) {
        JsonObject rows = tableUpdates == null ? null : tableUpdates.getJsonObject("Interface");
        if (rows == null) {
            return;
        }
        for (String uuid : rows.fieldNames()) {
            JsonObject update = rows.getJsonObject(uuid);
            JsonObject now = update.getJsonObject("new");
            JsonObject before = update.getJsonObject("old");
            String idNow = now == null ? null : ifaceId(now);
            if (idNow != null) {
                plugs.plugged(idNow, now.getString("name"));
            } else if (before != null && ifaceId(before) != null) {
                // deleted, or its iface-id removed ("old" then holds the changed columns, "new" all of them)
                plugs.unplugged(ifaceId(before), now != null ? now.getString("name") : before.getString("name"));
            }
        }
    }

    /** external_ids:iface-id of a row, from OVSDB's {@code ["map", [[k, v], ...]]}; null when absent. */
    static String ifaceId(JsonObject row) {
        JsonArray map = row.getJsonArray("external_ids");
        if (map == null || map.size() != 2 || !"map".equals(map.getValue(0))) {
            return null;
        }
        for (Object pair : map.getJsonArray(1)) {
            JsonArray kv = (JsonArray) pair;
            if ("iface-id".equals(kv.getValue(0))) {
                return kv.getString(1);
            }
        }
        return null;
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
        } else if ("ifaces".equals(msg.getValue("id")) && msg.getValue("result") instanceof JsonObject initial) {
            interfacesChanged(initial);
        } else if ("update".equals(msg.getString("method")) && msg.getValue("params") instanceof JsonArray p
                && p.size() == 2 && "ifaces".equals(p.getValue(0))) {
            interfacesChanged(p.getJsonObject(1));
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
