package dev.dovs.engine.ovs;

import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.SocketTimeoutException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Objects;
import java.util.concurrent.TimeUnit;

/**
 * One JSON-RPC 1.0 conversation with an OVS daemon over its Unix socket: ovsdb-server's database socket (RFC 7047,
 * section 4) or a daemon's unixctl control socket (ovs-appctl(8)). Messages are JSON objects sent one after the
 * other on the stream, with no delimiter; a read may hold part of one or several.
 *
 * <p>Blocking, for worker threads; the whole conversation is bounded by one deadline set at {@link #connect}, so a
 * daemon that accepts connections but never answers (a paused container) costs at most that. Echo requests from
 * the server are answered; notifications (method, null id) that arrive while a reply is awaited are queued for
 * {@link #awaitNotification}. Not thread-safe.
 */
public final class JsonRpc implements AutoCloseable {

    /** A reply whose {@code error} member is not null: the daemon refused the request. */
    public static final class ErrorReply extends IOException {
        private final transient Object error;

        ErrorReply(String method, Object error) {
            super(method + " failed: " + error);
            this.error = error;
        }

        /** The reply's {@code error} member (a string or an object, as the daemon wrote it). */
        public Object error() {
            return error;
        }
    }

    private final SocketChannel channel;
    private final Selector selector;
    private final long deadline;
    private final Duration timeout;
    private final ByteArrayOutputStream pending = new ByteArrayOutputStream();
    private final ByteBuffer buf = ByteBuffer.allocate(16 * 1024);
    private final ArrayDeque<JsonObject> notifications = new ArrayDeque<>();
    private long nextId;

    private JsonRpc(SocketChannel channel, Selector selector, Duration timeout) {
        this.channel = channel;
        this.selector = selector;
        this.timeout = timeout;
        this.deadline = System.nanoTime() + timeout.toNanos();
    }

    /**
     * Connects to {@code socket}; every later call must end within {@code timeout} from now.
     *
     * @throws IOException no such socket, refused, or a full backlog (AF_UNIX connects at once or fails)
     */
    public static JsonRpc connect(Path socket, Duration timeout) throws IOException {
        SocketChannel ch = SocketChannel.open(StandardProtocolFamily.UNIX);
        Selector selector = null;
        try {
            ch.configureBlocking(false);
            if (!ch.connect(UnixDomainSocketAddress.of(socket)) && !ch.finishConnect()) {
                throw new IOException("cannot connect to " + socket);
            }
            selector = Selector.open();
            ch.register(selector, SelectionKey.OP_READ);
            return new JsonRpc(ch, selector, timeout);
        } catch (IOException | RuntimeException e) {
            ch.close();
            if (selector != null) {
                selector.close();
            }
            throw e;
        }
    }

    /**
     * Sends a request and returns the {@code result} of its reply.
     *
     * @throws ErrorReply             the reply carries an error
     * @throws SocketTimeoutException no reply before the deadline
     * @throws IOException            the daemon closed the connection, or sent what is not JSON-RPC
     */
    public Object call(String method, JsonArray params) throws IOException {
        long id = nextId++;
        send(new JsonObject().put("id", id).put("method", method).put("params", params));
        while (true) {
            JsonObject m = receive();
            if (m != null && Objects.equals(asLong(m.getValue("id")), id)) {
                if (m.getValue("error") != null) {
                    throw new ErrorReply(method, m.getValue("error"));
                }
                return m.getValue("result");
            }
        }
    }

    /**
     * The next notification: a queued one, else the next that arrives before the deadline.
     *
     * @throws SocketTimeoutException none before the deadline
     */
    public JsonObject awaitNotification() throws IOException {
        while (notifications.isEmpty()) {
            receive();
        }
        return notifications.poll();
    }

    /**
     * Reads one message: answers an echo, queues a notification (both give null) and returns anything else (a
     * reply).
     */
    private JsonObject receive() throws IOException {
        JsonObject m = read();
        Object method = m.getValue("method");
        if (method == null) {
            return m;
        }
        if ("echo".equals(method) && m.getValue("id") != null) {
            send(new JsonObject().put("id", m.getValue("id")).put("result", m.getValue("params")).putNull("error"));
        } else if (m.getValue("id") == null) {
            notifications.add(m);
        }
        return null;
    }

    private static Long asLong(Object id) {
        return id instanceof Number n ? n.longValue() : null;
    }

    private void send(JsonObject message) throws IOException {
        ByteBuffer out = ByteBuffer.wrap(message.encode().getBytes(StandardCharsets.UTF_8));
        while (out.hasRemaining()) {
            if (channel.write(out) == 0) {
                waitFor(SelectionKey.OP_WRITE);
            }
        }
    }

    /** The next whole message, from what was read already or from the socket. */
    private JsonObject read() throws IOException {
        while (true) {
            byte[] bytes = pending.toByteArray();
            int end = endOfObject(bytes);
            if (end > 0) {
                pending.reset();
                pending.write(bytes, end, bytes.length - end);
                String text = new String(bytes, 0, end, StandardCharsets.UTF_8).strip();
                try {
                    return new JsonObject(text);
                } catch (DecodeException e) {
                    throw new IOException("not a JSON-RPC message: " + text, e);
                }
            }
            waitFor(SelectionKey.OP_READ);
            int n = channel.read(buf);
            if (n < 0) {
                throw new IOException("the daemon closed the connection");
            }
            pending.write(buf.array(), 0, buf.position());
            buf.clear();
        }
    }

    private void waitFor(int op) throws IOException {
        long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
        if (left <= 0) {
            throw new SocketTimeoutException("no answer within " + timeout.toMillis() + " ms");
        }
        SelectionKey key = channel.keyFor(selector);
        key.interestOps(op);
        selector.select(left);
        selector.selectedKeys().clear();
    }

    /**
     * The index just past the first whole JSON object in {@code json} (its braces balanced outside strings), or 0
     * when it holds none yet. Whitespace before it is skipped; anything else there is not JSON-RPC.
     */
    static int endOfObject(byte[] json) throws IOException {
        int depth = 0;
        boolean inString = false;
        for (int i = 0; i < json.length; i++) {
            byte b = json[i];
            if (inString) {
                if (b == '\\') {
                    i++;
                } else if (b == '"') {
                    inString = false;
                }
            } else if (b == '"') {
                inString = true;
            } else if (b == '{') {
                depth++;
            } else if (b == '}') {
                if (--depth == 0) {
                    return i + 1;
                }
                if (depth < 0) {
                    throw new IOException("not a JSON-RPC message: an unbalanced '}'");
                }
            } else if (depth == 0 && !Character.isWhitespace(b)) {
                throw new IOException("not a JSON-RPC message: starts with '" + (char) b + "'");
            }
        }
        return 0;
    }

    @Override
    public void close() throws IOException {
        try {
            selector.close();
        } finally {
            channel.close();
        }
    }
}
