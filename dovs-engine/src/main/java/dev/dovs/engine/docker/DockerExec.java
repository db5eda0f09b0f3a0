package dev.dovs.engine.docker;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * Runs a command in a running container through the Docker Engine API's exec endpoints (API 1.41:
 * {@code POST /containers/{id}/exec}, {@code POST /exec/{id}/start} with the connection hijacked, {@code GET
 * /exec/{id}/json}), as {@code docker exec -i} does: stdin is copied to the process until it ends, stdout and stderr
 * (multiplexed by the engine in 8-byte-framed records, no TTY) are copied to the caller's, and the process's exit
 * code is returned. The command is an argv list; no shell is involved.
 *
 * <p>Blocking, on plain JDK unix-domain sockets rather than Vert.x's client: the hijacked stream must be half-closed
 * when stdin ends (that is how the engine learns of the EOF), which a Vert.x {@code NetSocket} cannot do.
 */
public final class DockerExec {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String API = "/v1.41";
    private final Path socket;

    public DockerExec(String socketPath) {
        this.socket = Path.of(socketPath);
    }

    /**
     * @return the command's exit code (0-255), as the engine reports it
     * @throws DockerException when the container does not exist or is not running, or the engine cannot be reached
     */
    public int run(String container, List<String> argv, InputStream stdin, OutputStream stdout, OutputStream stderr)
            throws IOException {
        ObjectNode create = JSON.createObjectNode().put("AttachStdin", true).put("AttachStdout", true)
                .put("AttachStderr", true).put("Tty", false);
        argv.forEach(create.putArray("Cmd")::add);
        Response created = request("POST", API + "/containers/" + container + "/exec", create.toString());
        if (created.status() == 404) {
            throw new DockerException(0, "container " + container + " does not exist");
        }
        if (created.status() == 409) {
            throw new DockerException(0, "container " + container + " is not running");
        }
        if (created.status() != 201) {
            throw new DockerException(0, "exec in " + container + ": " + created.status() + " " + created.message());
        }
        String id = JSON.readTree(created.body()).path("Id").asText();
        try (SocketChannel ch = open()) {
            String body = "{\"Detach\":false,\"Tty\":false}";
            write(ch, "POST " + API + "/exec/" + id + "/start HTTP/1.1\r\nHost: localhost\r\n"
                    + "Content-Type: application/json\r\nConnection: Upgrade\r\nUpgrade: tcp\r\nContent-Length: "
                    + body.getBytes(StandardCharsets.UTF_8).length + "\r\n\r\n" + body);
            InputStream in = Channels.newInputStream(ch);
            String head = readHead(in);
            int status = statusOf(head);
            if (status != 101 && status != 200) {
                throw new DockerException(0, "exec start in " + container + ": " + head.lines().findFirst().orElse(""));
            }
            Thread pump = new Thread(() -> copyStdin(stdin, ch), "dovs-exec-stdin");
            pump.setDaemon(true);
            pump.start();
            demux(in, stdout, stderr);
        }
        for (int i = 0; i < 50; i++) {
            Response inspect = request("GET", API + "/exec/" + id + "/json", null);
            JsonNode j = JSON.readTree(inspect.body());
            if (!j.path("Running").asBoolean(false) && j.hasNonNull("ExitCode")) {
                return j.get("ExitCode").asInt();
            }
            sleep(20);
        }
        throw new DockerException(0, "exec in " + container + ": the engine reported no exit code");
    }

    private static void copyStdin(InputStream stdin, SocketChannel ch) {
        byte[] buf = new byte[8192];
        try {
            int n;
            while ((n = stdin.read(buf)) >= 0) {
                ByteBuffer b = ByteBuffer.wrap(buf, 0, n);
                while (b.hasRemaining()) {
                    ch.write(b);
                }
            }
            ch.shutdownOutput(); // stdin ended: the engine closes the process's stdin
        } catch (IOException e) {
            // the process ended (or the connection closed) first: nothing more to send
        }
    }

    /** Docker's stream framing: {@code [type, 0, 0, 0, size (4 bytes, big endian)]} then size bytes. */
    private static void demux(InputStream in, OutputStream out, OutputStream err) throws IOException {
        byte[] header = new byte[8];
        while (readFully(in, header)) {
            int size = ((header[4] & 0xff) << 24) | ((header[5] & 0xff) << 16) | ((header[6] & 0xff) << 8)
                    | (header[7] & 0xff);
            byte[] data = new byte[size];
            if (!readFully(in, data)) {
                break;
            }
            OutputStream target = header[0] == 2 ? err : out;
            target.write(data);
            target.flush();
        }
    }

    private static boolean readFully(InputStream in, byte[] buf) throws IOException {
        int off = 0;
        while (off < buf.length) {
            int n = in.read(buf, off, buf.length - off);
            if (n < 0) {
                return false;
            }
            off += n;
        }
        return true;
    }

    private record Response(int status, String body) {
        String message() {
            try {
                return JSON.readTree(body).path("message").asText(body);
            } catch (IOException e) {
                return body;
            }
        }
    }

    private SocketChannel open() throws IOException {
        SocketChannel ch = SocketChannel.open(StandardProtocolFamily.UNIX);
        try {
            ch.connect(UnixDomainSocketAddress.of(socket));
        } catch (IOException e) {
            ch.close();
            throw new DockerException(0, "cannot reach the docker engine at " + socket + ": " + e.getMessage());
        }
        return ch;
    }

    /** One request on its own connection ({@code Connection: close}); the body is read to the end. */
    private Response request(String method, String uri, String body) throws IOException {
        try (SocketChannel ch = open()) {
            byte[] payload = body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8);
            write(ch, method + " " + uri + " HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n"
                    + (body == null ? "" : "Content-Type: application/json\r\nContent-Length: " + payload.length
                    + "\r\n") + "\r\n" + (body == null ? "" : body));
            InputStream in = Channels.newInputStream(ch);
            String head = readHead(in);
            byte[] raw = in.readAllBytes();
            boolean chunked = head.toLowerCase(Locale.ROOT).contains("transfer-encoding: chunked");
            return new Response(statusOf(head), new String(chunked ? dechunk(raw) : raw, StandardCharsets.UTF_8));
        }
    }

    private static void write(SocketChannel ch, String text) throws IOException {
        ByteBuffer b = ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8));
        while (b.hasRemaining()) {
            ch.write(b);
        }
    }

    /** The status line and headers, up to the empty line, byte by byte so nothing of the stream is consumed. */
    private static String readHead(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int state = 0;
        while (state < 4) {
            int c = in.read();
            if (c < 0) {
                throw new DockerException(0, "the docker engine closed the connection");
            }
            head.write(c);
            state = (c == '\r' && (state == 0 || state == 2)) || (c == '\n' && (state == 1 || state == 3))
                    ? state + 1 : c == '\r' ? 1 : 0;
        }
        return head.toString(StandardCharsets.ISO_8859_1);
    }

    private static int statusOf(String head) {
        String[] parts = head.split(" ", 3);
        try {
            return Integer.parseInt(parts[1].trim());
        } catch (RuntimeException e) {
            throw new DockerException(0, "unexpected answer from the docker engine: " + head.lines().findFirst()
                    .orElse(""));
        }
    }

    private static byte[] dechunk(byte[] raw) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int i = 0;
        while (i < raw.length) {
            int eol = i;
            while (eol + 1 < raw.length && !(raw[eol] == '\r' && raw[eol + 1] == '\n')) {
                eol++;
            }
            String sizeText = new String(raw, i, eol - i, StandardCharsets.US_ASCII).split(";")[0].trim();
            int size = sizeText.isEmpty() ? 0 : Integer.parseInt(sizeText, 16);
            if (size == 0) {
                break;
            }
            out.write(raw, eol + 2, Math.min(size, raw.length - eol - 2));
            i = eol + 2 + size + 2;
        }
        return out.toByteArray();
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DockerException(0, "interrupted");
        }
    }
}
