package dev.dovs.cli.daemon;

import dev.dovs.cli.client.Wire;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The framing between the thin client and the engine. */
class WireTest {

    @Test
    void framesRoundTripInOrderWithTheirKindAndBytes() throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        byte[] big = new byte[70_000];
        Arrays.fill(big, (byte) 'x');
        Wire.write(bytes, Wire.STDOUT, "héllo\n".getBytes(StandardCharsets.UTF_8));
        Wire.write(bytes, Wire.STDERR, new byte[0]);
        Wire.write(bytes, Wire.STDOUT, big);
        Wire.writeExit(bytes, 4);
        ByteArrayInputStream in = new ByteArrayInputStream(bytes.toByteArray());
        Wire.Frame a = Wire.read(in);
        assertEquals(Wire.STDOUT, a.kind());
        assertEquals("héllo\n", a.text());
        Wire.Frame b = Wire.read(in);
        assertEquals(Wire.STDERR, b.kind());
        assertEquals(0, b.payload().length);
        assertArrayEquals(big, Wire.read(in).payload());
        assertEquals(4, Wire.read(in).exitCode());
        assertNull(Wire.read(in), "a clean end between frames");
    }

    @Test
    void exitCodesKeepTheirValue() throws IOException {
        for (int code : new int[]{0, 1, 2, 3, 4, 130, 255, -1, Integer.MAX_VALUE}) {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            Wire.writeExit(bytes, code);
            assertEquals(code, Wire.read(new ByteArrayInputStream(bytes.toByteArray())).exitCode());
        }
        Wire.Frame notExit = new Wire.Frame(Wire.STDOUT, new byte[4]);
        assertThrows(Wire.ProtocolException.class, notExit::exitCode);
    }

    @Test
    void aTruncatedFrameIsAProtocolErrorNotAnEnd() throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        Wire.write(bytes, Wire.STDOUT, "0123456789".getBytes(StandardCharsets.UTF_8));
        byte[] whole = bytes.toByteArray();
        for (int cut = 1; cut < whole.length; cut++) {
            byte[] part = Arrays.copyOf(whole, cut);
            Wire.ProtocolException e = assertThrows(Wire.ProtocolException.class,
                    () -> Wire.read(new ByteArrayInputStream(part)), "cut at " + cut);
            assertTrue(e.getMessage().contains("stream ended inside a frame"), e.getMessage());
        }
    }

    @Test
    void anOversizedOrNegativeLengthIsRefused() {
        byte[] huge = {Wire.STDOUT, 0x7f, (byte) 0xff, (byte) 0xff, (byte) 0xff};
        assertThrows(Wire.ProtocolException.class, () -> Wire.read(new ByteArrayInputStream(huge)));
        byte[] negative = {Wire.STDOUT, (byte) 0xff, 0, 0, 0};
        assertThrows(Wire.ProtocolException.class, () -> Wire.read(new ByteArrayInputStream(negative)));
        assertThrows(Wire.ProtocolException.class,
                () -> Wire.write(new ByteArrayOutputStream(), Wire.STDOUT, new byte[Wire.MAX_PAYLOAD + 1]));
    }

    @Test
    void aRequestRoundTripsAndNamesItsBuild() throws IOException {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("DOVS_LAB", "ab");
        env.put("DOVS_ODL_PASSWORD", "s3cr=t ünï");
        Wire.Request r = new Wire.Request("1 0.1.0 20261130", 4242, true, "/tmp/x y",
                List.of("add-guest", "--name", "g 1", ""), env);
        byte[] payload = r.encode();
        Wire.Request back = Wire.Request.decode(payload);
        assertEquals(r, back);
        assertEquals(Wire.VERSION + "/1 0.1.0 20261130", Wire.Request.build(payload));
        assertTrue(!r.toString().contains("s3cr"), "toString never shows the environment: " + r);
    }

    @Test
    void aTruncatedOrForeignHelloIsRefused() {
        byte[] payload = new Wire.Request("b", 1, false, "/", List.of("info"), Map.of("A", "b")).encode();
        for (int cut = 0; cut < payload.length; cut++) {
            byte[] part = Arrays.copyOf(payload, cut);
            assertThrows(Wire.ProtocolException.class, () -> Wire.Request.decode(part), "cut at " + cut);
        }
        byte[] trailing = Arrays.copyOf(payload, payload.length + 1);
        assertThrows(Wire.ProtocolException.class, () -> Wire.Request.decode(trailing));
        byte[] otherVersion = payload.clone();
        otherVersion[3] = (byte) (Wire.VERSION + 1);
        Wire.ProtocolException e = assertThrows(Wire.ProtocolException.class,
                () -> Wire.Request.decode(otherVersion));
        assertTrue(e.getMessage().contains("protocol version"), e.getMessage());
    }
}
