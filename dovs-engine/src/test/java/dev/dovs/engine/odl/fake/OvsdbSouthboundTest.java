package dev.dovs.engine.odl.fake;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static dev.dovs.engine.odl.Await.ok;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The fake's OVSDB side: what a connecting ovsdb-server receives, and how its answers are read. */
@ExtendWith(VertxExtension.class)
class OvsdbSouthboundTest {
    private Vertx vertx;
    private FakeOdl fake;

    @BeforeEach
    void start(Vertx vertx) {
        this.vertx = vertx;
        fake = ok(FakeOdl.start(vertx, new FakeOdlOptions().ovsdbPort(0)));
    }

    @AfterEach
    void stop() {
        ok(fake.stop());
    }

    /**
     * A node's ovsdb-server as a plain blocking socket, read by a thread of its own that feeds what the fake sends,
     * in order, to {@code received}. (A Vert.x client whose handler is set as the connection completes lost the
     * fake's first message at times on a loaded host: the fake writes at once.)
     */
    private final List<java.net.Socket> nodes = new ArrayList<>();

    private Node connectReading(BlockingQueue<JsonObject> received) throws java.io.IOException {
        java.net.Socket socket = new java.net.Socket("127.0.0.1", fake.ovsdbPort());
        nodes.add(socket);
        OvsdbSouthbound.JsonStream stream = new OvsdbSouthbound.JsonStream(received::add);
        Thread reader = new Thread(() -> {
            byte[] buf = new byte[4096];
            try {
                int n;
                while ((n = socket.getInputStream().read(buf)) > 0) {
                    stream.feed(Buffer.buffer(java.util.Arrays.copyOf(buf, n)));
                }
            } catch (java.io.IOException e) {
                // closed by the test's end
            }
        }, "ovsdb-node-reader");
        reader.setDaemon(true);
        reader.start();
        return new Node(socket);
    }

    private record Node(java.net.Socket socket) {
        void write(String json) throws java.io.IOException {
            socket.getOutputStream().write(json.getBytes(java.nio.charset.StandardCharsets.UTF_8));
            socket.getOutputStream().flush();
        }
    }

    @AfterEach
    void closeNodes() throws java.io.IOException {
        for (java.net.Socket s : nodes) {
            s.close();
        }
    }

    @Test
    void the_stream_splitter_finds_objects_across_reads_and_ignores_braces_in_strings() {
        List<JsonObject> got = new ArrayList<>();
        OvsdbSouthbound.JsonStream s = new OvsdbSouthbound.JsonStream(got::add);

        s.feed(Buffer.buffer("{\"id\":1,\"x\":\"}{\\\"\"}{\"id\":"));
        s.feed(Buffer.buffer("2}"));

        assertEquals(2, got.size());
        assertEquals("}{\"", got.get(0).getString("x"));
        assertEquals(2, got.get(1).getInteger("id"));
    }

    @Test
    void a_connecting_node_is_sent_br_int_with_odl_as_controller_and_its_echo_is_answered() throws Exception {
        BlockingQueue<JsonObject> received = new LinkedBlockingQueue<>();
        Node node = connectReading(received);

        // Then the first message is netvirt's transaction: only if no br-int exists, then the bridge and its parts
        JsonObject transact = received.poll(20, TimeUnit.SECONDS);
        assertNotNull(transact, "no transaction sent");
        assertEquals("transact", transact.getString("method"));
        JsonArray params = transact.getJsonArray("params");
        assertEquals("Open_vSwitch", params.getString(0));
        assertEquals("wait", params.getJsonObject(1).getString("op"));
        JsonObject bridge = params.stream().skip(1).map(JsonObject.class::cast).filter(o -> "Bridge".equals(
                o.getString("table")) && "insert".equals(o.getString("op"))).findFirst().orElseThrow()
                .getJsonObject("row");
        assertEquals("br-int", bridge.getString("name"));
        assertEquals("secure", bridge.getString("fail_mode"));
        JsonObject controller = params.stream().skip(1).map(JsonObject.class::cast)
                .filter(o -> "Controller".equals(o.getString("table"))).findFirst().orElseThrow();
        assertEquals("tcp:127.0.0.1:6653", controller.getJsonObject("row").getString("target"));

        // And then a monitor of the Interface table, as the southbound keeps one of each node
        assertEquals(OvsdbSouthbound.MONITOR_INTERFACES, received.poll(20, TimeUnit.SECONDS));

        // When ovsdb-server probes, and answers the transaction
        node.write("{\"method\":\"echo\",\"params\":[],\"id\":\"echo\"}");
        JsonObject echo = received.poll(20, TimeUnit.SECONDS);
        assertNotNull(echo, "echo not answered");
        assertEquals("echo", echo.getString("id"));
        assertNull(echo.getValue("error"));
        node.write("{\"id\":\"br-int\",\"error\":null,\"result\":[{},{\"uuid\":[\"uuid\",\"u1\"]}]}");

        // Then the fake records the bridge as created
        for (int i = 0; i < 50 && fake.bridges().isEmpty(); i++) {
            Thread.sleep(100);
        }
        assertEquals(List.of(new OvsdbSouthbound.BridgeResult("127.0.0.1", "created")), fake.bridges());
    }

    @Test
    void an_existing_br_int_makes_the_wait_fail_and_is_recorded_as_existing() throws Exception {
        BlockingQueue<JsonObject> received = new LinkedBlockingQueue<>();
        Node node = connectReading(received);
        // the fake has sent its transaction, so it reads the node's answer from now on
        assertNotNull(received.poll(20, TimeUnit.SECONDS), "no creating transaction sent");
        node.write("{\"id\":\"br-int\",\"error\":null,\"result\":[{\"error\":\"timed out\"}]}");
        for (int i = 0; i < 50 && fake.bridges().isEmpty(); i++) {
            Thread.sleep(100);
        }
        assertEquals("exists", fake.bridges().get(0).outcome());
    }

    @Test
    void an_existing_br_int_is_kept_and_only_gets_odl_as_controller() throws Exception {
        BlockingQueue<JsonObject> received = new LinkedBlockingQueue<>();
        Node node = connectReading(received);
        assertNotNull(received.poll(20, TimeUnit.SECONDS), "no creating transaction sent");
        assertEquals("monitor", received.poll(20, TimeUnit.SECONDS).getString("method"));

        // When the node answers that br-int exists (the wait failed)
        node.write("{\"id\":\"br-int\",\"error\":null,\"result\":[{\"error\":\"timed out\"}]}");

        // Then the fake sends only a controller for the existing bridge
        JsonObject adopt = received.poll(20, TimeUnit.SECONDS);
        assertNotNull(adopt, "no take-over transaction sent");
        assertEquals("br-int-adopt", adopt.getString("id"));
        JsonArray params = adopt.getJsonArray("params");
        assertEquals("tcp:127.0.0.1:6653", params.getJsonObject(1).getJsonObject("row").getString("target"));
        JsonObject update = params.getJsonObject(2);
        assertEquals("update", update.getString("op"));
        assertEquals(new JsonArray().add("named-uuid").add("ctl"), update.getJsonObject("row").getJsonArray("controller"));
        assertEquals(1, update.getJsonObject("row").size(), "nothing but the controller changes");

        // And once applied it is recorded as adopted
        node.write("{\"id\":\"br-int-adopt\",\"error\":null,\"result\":[{\"uuid\":[\"uuid\",\"c1\"]},{\"count\":1}]}");
        for (int i = 0; i < 50 && fake.bridges().size() < 2; i++) {
            Thread.sleep(100);
        }
        assertEquals(List.of("exists", "adopted"), fake.bridges().stream().map(OvsdbSouthbound.BridgeResult::outcome)
                .toList());
    }

    @Test
    void with_bridges_off_a_node_gets_nothing() throws Exception {
        fake.createBridges(false);
        // A plain blocking socket: what the fake sends is read in order, whatever the event loops do meanwhile
        try (java.net.Socket node = new java.net.Socket("127.0.0.1", fake.ovsdbPort())) {
            node.setSoTimeout(20_000);
            node.getOutputStream().write("{\"method\":\"echo\",\"params\":[],\"id\":7}"
                    .getBytes(java.nio.charset.StandardCharsets.UTF_8));
            node.getOutputStream().flush();
            // Up to the echo's reply the node gets no transaction, only the Interface monitor
            List<JsonObject> got = new ArrayList<>();
            OvsdbSouthbound.JsonStream stream = new OvsdbSouthbound.JsonStream(got::add);
            byte[] buf = new byte[4096];
            while (got.stream().noneMatch(m -> m.getValue("id") instanceof Number id && id.intValue() == 7)) {
                int n = node.getInputStream().read(buf);
                assertTrue(n > 0, "connection closed; got " + got);
                stream.feed(Buffer.buffer(java.util.Arrays.copyOf(buf, n)));
            }
            assertTrue(got.stream().noneMatch(x -> "transact".equals(x.getString("method"))), got.toString());
            assertTrue(got.contains(OvsdbSouthbound.MONITOR_INTERFACES), got.toString());
        }
    }

    @Test
    void the_interface_monitor_reports_taps_carrying_a_neutron_port_as_they_come_and_go() throws Exception {
        // Given a southbound that records what it learns
        BlockingQueue<String> plugs = new LinkedBlockingQueue<>();
        OvsdbSouthbound sb = new OvsdbSouthbound(() -> false, p -> { }, new OvsdbSouthbound.Plugs() {
            public void plugged(String ifaceId, String tap) {
                plugs.add("plugged " + ifaceId + " " + tap);
            }

            public void unplugged(String ifaceId, String tap) {
                plugs.add("unplugged " + ifaceId + " " + tap);
            }
        });

        // When the node's monitor reply has br-int (no iface-id) and a tap of a port, then the tap goes (RFC 7047
        // table-updates, as the southbound reads them off the connection)
        String tap = "{\"name\":\"tap3d2c1b0a-9f\",\"external_ids\":[\"map\",[[\"attached-mac\",\"fa:16:3e:00:00:01\"],"
                + "[\"iface-id\",\"3d2c1b0a-9f8e-4d7c-8b6a-5f4e3d2c1b0a\"]]]}";
        sb.interfacesChanged(new JsonObject("{\"Interface\":{\"u1\":{\"new\":{\"name\":\"br-int\","
                + "\"external_ids\":[\"map\",[]]}},\"u2\":{\"new\":" + tap + "}}}"));
        sb.interfacesChanged(new JsonObject("{\"Interface\":{\"u2\":{\"old\":" + tap + "}}}"));

        // Then the tap was reported plugged, then unplugged; br-int never
        assertEquals("plugged 3d2c1b0a-9f8e-4d7c-8b6a-5f4e3d2c1b0a tap3d2c1b0a-9f", plugs.poll(20, TimeUnit.SECONDS));
        assertEquals("unplugged 3d2c1b0a-9f8e-4d7c-8b6a-5f4e3d2c1b0a tap3d2c1b0a-9f", plugs.poll(20, TimeUnit.SECONDS));
        assertNull(plugs.poll(200, TimeUnit.MILLISECONDS));
    }
}
