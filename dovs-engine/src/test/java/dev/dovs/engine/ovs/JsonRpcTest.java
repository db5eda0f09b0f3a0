package dev.dovs.engine.ovs;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.SocketTimeoutException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The JSON-RPC 1.0 stream as OVS daemons write it (RFC 7047 section 4): messages back to back with no delimiter,
 * split or joined anyhow by the socket, echo requests from the server, notifications between replies. The server
 * here is scripted: it sends the given chunks, each after it has read one more message from the client, and records
 * what it read.
 */
class JsonRpcTest {
    private final List<String> received = new CopyOnWriteArrayList<>();
    private ServerSocketChannel server;

    /** Serves one client: for each chunk, reads a whole message (or none for an empty prefix), then writes it. */
    private Path serve(Path dir, List<String> chunks, boolean readFirst) throws IOException {
        Path socket = dir.resolve("db.sock");
        server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        server.bind(UnixDomainSocketAddress.of(socket));
        Thread t = new Thread(() -> {
            try (SocketChannel peer = server.accept()) {
                StringBuilder in = new StringBuilder();
                boolean read = readFirst;
                for (String chunk : chunks) {
                    if (read) {
                        readOne(peer, in);
                    }
                    read = true;
                    if (!chunk.isEmpty()) {
                        peer.write(ByteBuffer.wrap(chunk.getBytes(StandardCharsets.UTF_8)));
                    }
                    Thread.sleep(10);
                }
                Thread.sleep(1_000);
            } catch (IOException | InterruptedException ignored) {
                // the test ends
            }
        });
        t.setDaemon(true);
        t.start();
        return socket;
    }

    private void readOne(SocketChannel peer, StringBuilder in) throws IOException {
        ByteBuffer buf = ByteBuffer.allocate(4096);
        while (true) {
            int end = JsonRpc.endOfObject(in.toString().getBytes(StandardCharsets.UTF_8));
            if (end > 0) {
                received.add(in.substring(0, end).strip());
                in.delete(0, end);
                return;
            }
            if (peer.read(buf) < 0) {
                throw new IOException("closed");
            }
            in.append(new String(buf.array(), 0, buf.position(), StandardCharsets.UTF_8));
            buf.clear();
        }
    }

    @AfterEach
    void close() throws IOException {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void a_reply_split_anyhow_after_an_echo_and_a_notification_is_found_by_its_id(@TempDir Path dir)
            throws IOException {
        Path socket = serve(dir, List.of(
                "{\"id\":\"echo\",\"method\":\"echo\",\"params\":[]} {\"id\":null,\"method\":\"update\",\"params\":"
                        + "[\"m\",{\"T\":{}}]}{\"id\":0,\"result\":{\"a\":\"} { \\\"",
                "x\"}, \"error\":null}"), true);

        try (JsonRpc rpc = JsonRpc.connect(socket, Duration.ofSeconds(5))) {
            Object result = rpc.call("monitor", new JsonArray().add("db"));

            assertEquals(new JsonObject().put("a", "} { \"x"), result);
            JsonObject n = rpc.awaitNotification();
            assertEquals("update", n.getString("method"));
            assertEquals("m", n.getJsonArray("params").getString(0));
        }
        assertEquals(new JsonObject().put("id", 0).put("method", "monitor").put("params", new JsonArray().add("db")),
                new JsonObject(received.get(0)));
        assertEquals(new JsonObject().put("id", "echo").put("result", new JsonArray()).putNull("error"),
                new JsonObject(received.get(1)), "the echo is answered with its own params");
    }

    @Test
    void an_error_reply_is_an_error_reply_with_the_daemons_words(@TempDir Path dir) throws IOException {
        Path socket = serve(dir, List.of("{\"id\":0,\"result\":null,\"error\":{\"error\":\"unknown database\"}}"), true);

        try (JsonRpc rpc = JsonRpc.connect(socket, Duration.ofSeconds(5))) {
            JsonRpc.ErrorReply e = assertThrows(JsonRpc.ErrorReply.class, () -> rpc.call("transact", new JsonArray()));

            assertEquals(new JsonObject().put("error", "unknown database"), e.error());
            assertEquals("transact failed: {\"error\":\"unknown database\"}", e.getMessage());
        }
    }

    @Test
    void two_replies_in_one_read_serve_two_calls(@TempDir Path dir) throws IOException {
        Path socket = serve(dir, List.of("{\"id\":0,\"result\":1,\"error\":null}{\"id\":1,\"result\":2,"
                + "\"error\":null}"), true);

        try (JsonRpc rpc = JsonRpc.connect(socket, Duration.ofSeconds(5))) {
            assertEquals(1, rpc.call("a", new JsonArray()));
            assertEquals(2, rpc.call("b", new JsonArray()));
        }
    }

    @Test
    void what_is_not_json_rpc_and_a_refused_connection_are_io_errors(@TempDir Path dir) throws IOException {
        Path socket = serve(dir, List.of("HTTP/1.1 400 Bad Request\r\n\r\n"), true);
        try (JsonRpc rpc = JsonRpc.connect(socket, Duration.ofSeconds(5))) {
            IOException e = assertThrows(IOException.class, () -> rpc.call("a", new JsonArray()));
            assertEquals("not a JSON-RPC message: starts with 'H'", e.getMessage());
        }
        server.close();
        IOException gone = assertThrows(IOException.class,
                () -> JsonRpc.connect(dir.resolve("db.sock"), Duration.ofSeconds(1)));
        assertTrue(gone.getMessage() != null, "says why");
    }

    @Test
    void no_answer_within_the_deadline_is_a_timeout(@TempDir Path dir) throws IOException {
        Path socket = serve(dir, List.of(""), true);

        long t0 = System.nanoTime();
        try (JsonRpc rpc = JsonRpc.connect(socket, Duration.ofMillis(300))) {
            SocketTimeoutException e = assertThrows(SocketTimeoutException.class, () -> rpc.call("a",
                    new JsonArray()));
            assertEquals("no answer within 300 ms", e.getMessage());
        }
        long ms = (System.nanoTime() - t0) / 1_000_000;
        assertTrue(ms >= 250 && ms < 4_000, "gave up after " + ms + " ms");
    }
}
