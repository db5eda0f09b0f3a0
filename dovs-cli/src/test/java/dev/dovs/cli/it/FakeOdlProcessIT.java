package dev.dovs.cli.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The fake ODL as a separate process: RESTCONF and the /fake hooks over HTTP, and no process left behind. */
class FakeOdlProcessIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String NET = "177bef73-514e-4922-990f-d7aba0f3b0f4";
    private static final String NET_PATH = "/restconf/config/neutron:neutron/networks/network/" + NET;
    private static final String TZ_PATH = "/restconf/config/itm:transport-zones/transport-zone/dovs-tz";
    /** The canonical network body of the ODL contract, B.1. */
    private static final String NETWORK = "{\"network\":[{\"uuid\":\"" + NET + "\",\"name\":\"dovs-net\","
            + "\"tenant-id\":\"5d806f0e-e197-4a72-88e6-72b024fa5c97\",\"admin-state-up\":true,\"shared\":false,"
            + "\"neutron-provider-ext:network-type\":\"neutron-networks:network-type-vxlan\","
            + "\"neutron-provider-ext:segmentation-id\":\"1\",\"neutron-L3-ext:external\":false}]}";

    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void servesRestconfObeysItsHooksAndEndsOnClose() throws Exception {
        FakeOdlProcess fake = FakeOdlProcess.start(List.of("--ovsdb-port", "-1", "--openflow-port", "-1"));
        try (fake) {
            assertTrue(fake.port() > 0, "a free port was chosen");
            assertEquals(-1, fake.ovsdbPort());
            assertEquals(-1, fake.openflowPort());

            HttpResponse<String> put = restconf(fake, "PUT", NET_PATH, NETWORK);
            assertEquals(201, put.statusCode(), put.body());
            JsonNode stored = fake.datastore().path("neutron:neutron").path("networks").path("network").path(0);
            assertEquals(NET, stored.path("uuid").asText(), fake.datastore().toString());
            assertEquals(List.of("PUT " + NET_PATH), fake.requests());

            fake.inject("GET", "/restconf/config/neutron:neutron", 500, 0, -1);
            HttpResponse<String> failed = restconf(fake, "GET", NET_PATH, null);
            assertEquals(500, failed.statusCode(), failed.body());
            assertEquals("operation-failed", JSON.readTree(failed.body()).path("errors").path("error").path(0)
                    .path("error-tag").asText());
            fake.clearFaults();
            assertEquals(200, restconf(fake, "GET", NET_PATH, null).statusCode());

            fake.geniusMissing(true);
            assertEquals(400, restconf(fake, "GET", TZ_PATH, null).statusCode());
            fake.geniusMissing(false);
            assertEquals(404, restconf(fake, "GET", TZ_PATH, null).statusCode());
            fake.autoPlug(-1);
            assertEquals(0, fake.peers().size());

            fake.reset();
            assertEquals(0, fake.datastore().size());
            assertTrue(fake.requests().isEmpty());
        }
        assertFalse(ProcessHandle.of(fake.pid()).map(ProcessHandle::isAlive).orElse(false), "process is dead");
        assertEquals(0, fake.exitValue(), "it left on its own when its stdin closed:\n" + fake.output());
        fake.close(); // idempotent
    }

    @Test
    void aFakeThatCannotStartFailsWithItsOutput() {
        AssertionError e = assertThrows(AssertionError.class,
                () -> FakeOdlProcess.start(List.of("--no-such-option", "1")));
        assertTrue(e.getMessage().contains("unknown option --no-such-option"), e.getMessage());
    }

    /** RESTCONF as the dovs client calls it: Basic admin:admin, JSON both ways. */
    private HttpResponse<String> restconf(FakeOdlProcess fake, String method, String path, String body)
            throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(fake.baseUrl() + path))
                .header("Authorization", "Basic YWRtaW46YWRtaW4=").header("Accept", "application/json");
        if (body == null) {
            b.method(method, HttpRequest.BodyPublishers.noBody());
        } else {
            b.header("Content-Type", "application/json").method(method, HttpRequest.BodyPublishers.ofString(body));
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }
}
