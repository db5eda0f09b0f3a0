package dev.dovs.cli.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The fake ODL of dovs-engine's tests ({@code dev.dovs.engine.odl.fake.FakeOdl}, from its test-jar) as a separate
 * JVM, so that an integration test can point the dovs CLI at it and steer it through its {@code /fake/...} hooks
 * (no auth). It listens on 0.0.0.0 and a free port; it exits when this JVM dies, since it watches its stdin pipe.
 */
final class FakeOdlProcess implements AutoCloseable {

    private static final String MAIN = "dev.dovs.engine.odl.fake.FakeOdl";
    /** FakeOdl.main's ready line; its javadoc promises this format. */
    private static final Pattern LISTENING = Pattern.compile(
            "fake-odl listening on \\S+:(\\d+) \\(ovsdb (-?\\d+), openflow (-?\\d+)");
    private static final Duration START_TIMEOUT = Duration.ofSeconds(30);
    private static final Duration HTTP_TIMEOUT = Duration.ofSeconds(10);
    private static final int KEPT_LINES = 500;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Process process;
    private final Deque<String> output = new ArrayDeque<>();
    private final CompletableFuture<Matcher> ready = new CompletableFuture<>();
    private final Thread reader;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(HTTP_TIMEOUT).build();
    private int port;
    private int ovsdbPort;
    private int openflowPort;

    private FakeOdlProcess(Process process) {
        this.process = process;
        // Drains stdout+stderr for the whole life of the process: a full pipe would block the fake's logging.
        this.reader = new Thread(this::readOutput, "fake-odl-output-" + process.pid());
        reader.setDaemon(true);
        reader.start();
    }

    /**
     * Starts the fake with {@code --bind 0.0.0.0 --port 0 --exit-on-stdin-eof} plus {@code extraArgs} (see
     * FakeOdl.main; by default it also listens on OVSDB 6640 and OpenFlow 6653, {@code -1} turns those off) and
     * waits until it listens. Fails with the process's output if it does not within 30 s.
     */
    static FakeOdlProcess start(List<String> extraArgs) {
        List<String> argv = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Dchronicle.analytics.disable=true",
                // Surefire/failsafe set java.class.path to the test classpath, which has dovs-engine's test-jar.
                "-cp", System.getProperty("java.class.path"),
                MAIN, "--bind", "0.0.0.0", "--port", "0", "--exit-on-stdin-eof"));
        argv.addAll(extraArgs);
        Process p;
        try {
            // stdin stays a pipe that only this JVM holds: when it dies, the fake reads EOF and exits.
            p = new ProcessBuilder(argv).redirectErrorStream(true).start();
        } catch (IOException e) {
            throw new AssertionError("cannot start the fake ODL " + argv + ": " + e.getMessage(), e);
        }
        FakeOdlProcess fake = new FakeOdlProcess(p);
        try {
            Matcher m = fake.ready.get(START_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            fake.port = Integer.parseInt(m.group(1));
            fake.ovsdbPort = Integer.parseInt(m.group(2));
            fake.openflowPort = Integer.parseInt(m.group(3));
            return fake;
        } catch (InterruptedException | ExecutionException | TimeoutException e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            fake.close();
            String why = e instanceof TimeoutException ? "did not listen within " + START_TIMEOUT.toSeconds() + " s"
                    : e instanceof ExecutionException ? e.getCause().getMessage() : "interrupted";
            String exit = fake.process.isAlive() ? "still running" : "exit " + fake.exitValue();
            throw new AssertionError("fake ODL " + why + " (" + exit + "), output:\n"
                    + fake.output() + "\nextra args: " + extraArgs, e);
        }
    }

    private void readOutput() {
        try (BufferedReader in = new BufferedReader(
                new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                synchronized (output) {
                    output.addLast(line);
                    if (output.size() > KEPT_LINES) {
                        output.removeFirst();
                    }
                }
                Matcher m = LISTENING.matcher(line);
                if (m.find()) {
                    ready.complete(m);
                }
            }
        } catch (IOException e) {
            // the process is gone; the EOF handling below applies
        }
        ready.completeExceptionally(new IllegalStateException("exited before it listened"));
    }

    /** The RESTCONF port (HTTP, on all interfaces). */
    int port() {
        return port;
    }

    /** The OVSDB peer port, or -1 if not listening. */
    int ovsdbPort() {
        return ovsdbPort;
    }

    /** The OpenFlow peer port, or -1 if not listening. */
    int openflowPort() {
        return openflowPort;
    }

    /** {@code http://127.0.0.1:<port>}: RESTCONF is below it at /restconf, the hooks at /fake. */
    String baseUrl() {
        return "http://127.0.0.1:" + port;
    }

    long pid() {
        return process.pid();
    }

    /** The last lines the fake printed (stdout and stderr), for failure messages. */
    String output() {
        synchronized (output) {
            return String.join("\n", output);
        }
    }

    /** The config datastore as the fake holds it. */
    JsonNode datastore() {
        return json(hook("GET", "/fake/datastore", null));
    }

    /** {@code [{"kind":"ovsdb"|"openflow","host":...,"port":...}]}: who connected to the peer ports. */
    JsonNode peers() {
        return json(hook("GET", "/fake/peers", null));
    }

    /** "METHOD path" of every RESTCONF request since the start or the last {@link #reset()}, in order. */
    List<String> requests() {
        List<String> out = new ArrayList<>();
        json(hook("GET", "/fake/requests", null)).forEach(n -> out.add(n.asText()));
        return out;
    }

    /**
     * Makes RESTCONF requests matching {@code method} (null = any) and {@code pathPrefix} answer {@code status} (0 =
     * normally) after {@code delayMs}, for {@code times} requests (negative = all).
     */
    void inject(String method, String pathPrefix, int status, long delayMs, int times) {
        ObjectNode fault = JSON.createObjectNode().put("method", method).put("pathPrefix", pathPrefix)
                .put("status", status).put("delayMs", delayMs).put("times", times);
        hook("POST", "/fake/faults", fault.toString());
    }

    void clearFaults() {
        hook("DELETE", "/fake/faults", null);
    }

    /** In "genius missing" mode every itm: path answers 400 unknown-element. */
    void geniusMissing(boolean missing) {
        hook("PUT", "/fake/genius?missing=" + missing, null);
    }

    /** Compute ports get bound to tap+uuid[0:11] after {@code ms}; negative = never (unless {@link #plugged}). */
    void autoPlug(long ms) {
        hook("PUT", "/fake/binding?auto-plug-ms=" + ms, null);
    }

    /** Whether genius binds what it sees plugged (false: the binding never appears, whatever OVS reports). */
    void binds(boolean binds) {
        hook("PUT", "/fake/binding?binds=" + binds, null);
    }

    /** "OVS attached tap {@code tap} with iface-id {@code ifaceId}": genius binds the port's interface to it. */
    void plugged(String ifaceId, String tap) {
        hook("POST", "/fake/plugged?iface-id=" + URLEncoder.encode(ifaceId, StandardCharsets.UTF_8) + "&tap="
                + URLEncoder.encode(tap, StandardCharsets.UTF_8), null);
    }

    /** Whether a node connecting to the OVSDB port gets br-int from "netvirt" (on by default). */
    void createBridges(boolean create) {
        hook("PUT", "/fake/bridges?create=" + create, null);
    }

    /** {@code [{"host":...,"outcome":"created"|"exists"|"adopted"|"error: ..."}]}: the br-int transaction per connection. */
    JsonNode bridges() {
        return json(hook("GET", "/fake/bridges", null));
    }

    /** Clears data, recorded requests and faults; the genius and auto-plug settings stay. */
    void reset() {
        hook("DELETE", "/fake/datastore", null);
    }

    /** Calls a hook and insists on 200: a hook that fails means the test itself is wrong. */
    private String hook(String method, String pathAndQuery, String body) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(baseUrl() + pathAndQuery)).timeout(HTTP_TIMEOUT);
        if (body == null) {
            b.method(method, HttpRequest.BodyPublishers.noBody());
        } else {
            b.header("Content-Type", "application/json").method(method, HttpRequest.BodyPublishers.ofString(body));
        }
        HttpResponse<String> r;
        try {
            r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new AssertionError(method + " " + pathAndQuery + " failed: " + e + "\nfake output:\n" + output(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
        if (r.statusCode() != 200) {
            throw new AssertionError(method + " " + pathAndQuery + " answered " + r.statusCode() + ": " + r.body());
        }
        return r.body();
    }

    private static JsonNode json(String s) {
        try {
            return JSON.readTree(s);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The exit status once the fake has ended: 0 if it left on its own (stdin EOF), else e.g. 143 (SIGTERM). */
    int exitValue() {
        return process.exitValue();
    }

    /**
     * Ends the fake and waits for it: first by closing its stdin (it exits cleanly), then SIGTERM, then SIGKILL.
     * Idempotent; fails if the process somehow survives, since a lingering fake would hold its ports.
     */
    @Override
    public void close() {
        try {
            try {
                process.getOutputStream().close();
            } catch (IOException e) {
                // already closed; the signals below still apply
            }
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroy();
                if (!process.waitFor(5, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                    if (!process.waitFor(10, TimeUnit.SECONDS)) {
                        throw new AssertionError("fake ODL pid " + process.pid() + " survived SIGKILL");
                    }
                }
            }
            reader.join(TimeUnit.SECONDS.toMillis(5));
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
