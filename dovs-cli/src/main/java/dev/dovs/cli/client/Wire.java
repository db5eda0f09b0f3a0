package dev.dovs.cli.client;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The protocol between the thin client and the background engine, over a Unix domain socket. JDK classes only: the
 * thin client loads nothing else.
 *
 * <p>Every message is a frame: one kind byte, a 4-byte big-endian payload length (0 to {@link #MAX_PAYLOAD}), then
 * the payload. The client sends one {@link #HELLO} (a {@link Request}) or one {@link #STOP}; the engine answers with
 * any number of {@link #STDOUT} and {@link #STDERR} frames (raw bytes, in the order the command wrote them) and ends
 * with one {@link #EXIT} (a 4-byte exit code), or answers {@link #MISMATCH} (another build) or {@link #REFUSED} (a
 * peer that may not drive it). A stream that ends inside a frame, or before {@link #EXIT}, is a {@link
 * ProtocolException}. The first field of a hello is {@link #VERSION}: a client and an engine of different builds
 * detect each other from it and the build id, and never run a command together.
 */
public final class Wire {
    /** Bumped whenever the frame layout or the hello changes. */
    public static final int VERSION = 1;
    /** Largest payload accepted (16 MiB): a bigger length is a corrupt or hostile stream. */
    public static final int MAX_PAYLOAD = 16 << 20;

    public static final byte HELLO = 'H';
    public static final byte STOP = 'S';
    public static final byte STDOUT = 'O';
    public static final byte STDERR = 'E';
    public static final byte EXIT = 'X';
    public static final byte MISMATCH = 'M';
    public static final byte REFUSED = 'R';

    private Wire() {
    }

    /** One frame as read. */
    public record Frame(byte kind, byte[] payload) {
        public int exitCode() throws ProtocolException {
            if (kind != EXIT || payload.length != 4) {
                throw new ProtocolException("not an exit frame");
            }
            return ((payload[0] & 0xff) << 24) | ((payload[1] & 0xff) << 16) | ((payload[2] & 0xff) << 8)
                    | (payload[3] & 0xff);
        }

        public String text() {
            return new String(payload, StandardCharsets.UTF_8);
        }
    }

    /** A stream that is not this protocol: truncated, oversized, or out of order. */
    public static final class ProtocolException extends IOException {
        public ProtocolException(String message) {
            super(message);
        }
    }

    /**
     * What the client asks: run {@code argv} as if typed in {@code cwd}, with the environment the command may read,
     * on behalf of process {@code pid}; {@code tty}: whether the client's stdout is a terminal.
     */
    public record Request(String build, long pid, boolean tty, String cwd, List<String> argv, Map<String, String> env) {
        public byte[] encode() {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            try (DataOutputStream out = new DataOutputStream(bytes)) {
                out.writeInt(VERSION);
                writeString(out, build);
                out.writeLong(pid);
                out.writeBoolean(tty);
                writeString(out, cwd);
                out.writeInt(argv.size());
                for (String a : argv) {
                    writeString(out, a);
                }
                out.writeInt(env.size());
                for (Map.Entry<String, String> e : env.entrySet()) {
                    writeString(out, e.getKey());
                    writeString(out, e.getValue());
                }
            } catch (IOException e) {
                throw new IllegalStateException(e); // in memory
            }
            return bytes.toByteArray();
        }

        /** The protocol version and build a hello names, readable whatever the rest of it holds. */
        public static String build(byte[] payload) throws ProtocolException {
            try (DataInputStream in = new DataInputStream(new java.io.ByteArrayInputStream(payload))) {
                int version = in.readInt();
                return version + "/" + readString(in);
            } catch (IOException e) {
                throw new ProtocolException("truncated hello");
            }
        }

        public static Request decode(byte[] payload) throws ProtocolException {
            try (DataInputStream in = new DataInputStream(new java.io.ByteArrayInputStream(payload))) {
                int version = in.readInt();
                if (version != VERSION) {
                    throw new ProtocolException("protocol version " + version + ", expected " + VERSION);
                }
                String build = readString(in);
                long pid = in.readLong();
                boolean tty = in.readBoolean();
                String cwd = readString(in);
                int n = count(in);
                List<String> argv = new ArrayList<>(n);
                for (int i = 0; i < n; i++) {
                    argv.add(readString(in));
                }
                int m = count(in);
                Map<String, String> env = new LinkedHashMap<>();
                for (int i = 0; i < m; i++) {
                    env.put(readString(in), readString(in));
                }
                if (in.available() > 0) {
                    throw new ProtocolException("trailing bytes in hello");
                }
                return new Request(build, pid, tty, cwd, List.copyOf(argv), env);
            } catch (ProtocolException e) {
                throw e;
            } catch (IOException e) {
                throw new ProtocolException("truncated hello");
            }
        }

        @Override
        public String toString() { // never the environment: it may hold an ODL password
            return "Request[" + build + ", pid " + pid + ", argv " + argv + "]";
        }
    }

    public static void write(OutputStream out, byte kind, byte[] payload, int off, int len) throws IOException {
        if (len > MAX_PAYLOAD) {
            throw new ProtocolException("frame of " + len + " bytes exceeds " + MAX_PAYLOAD);
        }
        byte[] header = {kind, (byte) (len >>> 24), (byte) (len >>> 16), (byte) (len >>> 8), (byte) len};
        out.write(header);
        out.write(payload, off, len);
        out.flush();
    }

    public static void write(OutputStream out, byte kind, byte[] payload) throws IOException {
        write(out, kind, payload, 0, payload.length);
    }

    public static void writeExit(OutputStream out, int code) throws IOException {
        write(out, EXIT, new byte[]{(byte) (code >>> 24), (byte) (code >>> 16), (byte) (code >>> 8), (byte) code});
    }

    /** The next frame, or null at a clean end of stream (between frames). */
    public static Frame read(InputStream in) throws IOException {
        int kind = in.read();
        if (kind < 0) {
            return null;
        }
        byte[] header = in.readNBytes(4);
        if (header.length < 4) {
            throw new ProtocolException("stream ended inside a frame header");
        }
        int len = ((header[0] & 0xff) << 24) | ((header[1] & 0xff) << 16) | ((header[2] & 0xff) << 8)
                | (header[3] & 0xff);
        if (len < 0 || len > MAX_PAYLOAD) {
            throw new ProtocolException("frame length " + Integer.toUnsignedString(len) + " out of range");
        }
        byte[] payload = in.readNBytes(len);
        if (payload.length < len) {
            throw new ProtocolException("stream ended inside a frame (" + payload.length + " of " + len + " bytes)");
        }
        return new Frame((byte) kind, payload);
    }

    /**
     * A stream over a socket channel that does not hold the channel's blocking lock while it waits ({@code
     * Channels.newInputStream} does, so a read in progress would block every write of the other direction).
     */
    public static InputStream in(java.nio.channels.ByteChannel ch) {
        return new InputStream() {
            @Override
            public int read() throws IOException {
                byte[] one = new byte[1];
                int n = read(one, 0, 1);
                return n < 0 ? -1 : one[0] & 0xff;
            }

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                if (len == 0) {
                    return 0;
                }
                int n;
                do {
                    n = ch.read(java.nio.ByteBuffer.wrap(b, off, len));
                } while (n == 0);
                return n;
            }
        };
    }

    /** The writing side; see {@link #in}. */
    public static OutputStream out(java.nio.channels.ByteChannel ch) {
        return new OutputStream() {
            @Override
            public void write(int b) throws IOException {
                write(new byte[]{(byte) b}, 0, 1);
            }

            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                java.nio.ByteBuffer buf = java.nio.ByteBuffer.wrap(b, off, len);
                while (buf.hasRemaining()) {
                    ch.write(buf);
                }
            }
        };
    }

    private static void writeString(DataOutputStream out, String s) throws IOException {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        out.writeInt(b.length);
        out.write(b);
    }

    private static String readString(DataInputStream in) throws IOException {
        int n = count(in);
        byte[] b = in.readNBytes(n);
        if (b.length < n) {
            throw new EOFException();
        }
        return new String(b, StandardCharsets.UTF_8);
    }

    private static int count(DataInputStream in) throws IOException {
        int n = in.readInt();
        if (n < 0 || n > MAX_PAYLOAD) {
            throw new ProtocolException("count " + n + " out of range");
        }
        return n;
    }
}
