package dev.dovs.engine.docker;

import dev.dovs.events.model.LabNaming;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.file.OpenOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.SocketAddress;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A small Docker Engine API client over the unix socket, on Vert.x's web client: exactly the endpoints dovs needs,
 * no docker CLI, no other library. API version 1.41 (Docker 20.10), which newer engines still serve.
 */
public final class VertxDockerClient implements DockerDriver {
    public static final String DEFAULT_SOCKET = "/var/run/docker.sock";
    private static final String API = "/v1.41";
    /** Written by the node entrypoint once ovsdb-server and ovs-vswitchd run. */
    private static final String READY_FILE = "/root/run/openvswitch/dovs-ready";

    private final Vertx vertx;
    private final WebClient web;
    private final SocketAddress socket;
    private final long requestTimeoutMs;
    private final Duration readyTimeout;

    public VertxDockerClient(Vertx vertx, String socketPath, Duration requestTimeout, Duration readyTimeout) {
        this.vertx = vertx;
        this.web = WebClient.create(vertx, new WebClientOptions().setUserAgent("dovs").setDefaultHost("localhost"));
        this.socket = SocketAddress.domainSocketAddress(socketPath);
        this.requestTimeoutMs = requestTimeout.toMillis();
        this.readyTimeout = readyTimeout;
    }

    private HttpRequest<Buffer> req(HttpMethod method, String uri) {
        return web.request(method, socket, "localhost", API + uri).timeout(requestTimeoutMs);
    }

    @Override
    public Future<Void> ping() {
        return web.request(HttpMethod.GET, socket, "localhost", "/_ping").timeout(requestTimeoutMs).send()
                .recover(e -> Future.failedFuture(new DockerException(0,
                        "cannot reach the docker engine at " + socket.path() + ": " + e.getMessage())))
                .compose(r -> expect(r, "GET /_ping", 200)).mapEmpty();
    }

    @Override
    public Future<Boolean> ensureNetwork(String name, String lab) {
        return req(HttpMethod.GET, "/networks/" + name).send().compose(r -> {
            if (r.statusCode() == 200) {
                // Only a network carrying the lab's mark is the lab's: a hand-made one of that name (not internal,
                // say) is never adopted.
                JsonObject labels = r.bodyAsJsonObject().getJsonObject("Labels", new JsonObject());
                String owner = labels == null ? null : labels.getString(LabNaming.LABEL_LAB);
                if (!lab.equals(owner)) {
                    return Future.failedFuture(new ForeignResourceException("docker network " + name
                            + " exists but is not lab " + lab + "'s (" + (owner == null ? "no " + LabNaming.LABEL_LAB
                            + " label" : "label " + LabNaming.LABEL_LAB + "=" + owner) + "): dovs neither adopts nor "
                            + "removes it; remove or rename it"));
                }
                return Future.succeededFuture(false);
            }
            JsonObject body = new JsonObject().put("Name", name).put("Driver", "bridge").put("Internal", true)
                    .put("CheckDuplicate", true)
                    .put("Labels", new JsonObject().put("dovs.lab", lab));
            if (name.length() <= 15) {
                // Keep the original's host-side bridge names (dovs-mgmt, dovs-int) for tcpdump users.
                body.put("Options", new JsonObject().put("com.docker.network.bridge.name", name));
            }
            return req(HttpMethod.POST, "/networks/create").sendJsonObject(body)
                    .compose(c -> expect(c, "create network " + name, 201)).map(true);
        });
    }

    @Override
    public Future<Optional<String>> networkOwner(String name) {
        return req(HttpMethod.GET, "/networks/" + name).send().compose(r -> {
            if (r.statusCode() == 404) {
                return Future.succeededFuture(Optional.<String>empty());
            }
            return expect(r, "inspect network " + name, 200).map(ok -> {
                JsonObject labels = ok.bodyAsJsonObject().getJsonObject("Labels");
                String owner = labels == null ? null : labels.getString(LabNaming.LABEL_LAB);
                return Optional.of(owner == null ? "" : owner);
            });
        });
    }

    @Override
    public Future<Boolean> removeNetwork(String name, String lab) {
        return req(HttpMethod.GET, "/networks/" + name).send().compose(r -> {
            if (r.statusCode() == 404) {
                return Future.succeededFuture(false);
            }
            JsonObject net = r.bodyAsJsonObject();
            JsonObject labels = net.getJsonObject("Labels", new JsonObject());
            if (!lab.equals(labels.getString("dovs.lab"))) {
                return Future.succeededFuture(false);
            }
            if (!net.getJsonObject("Containers", new JsonObject()).isEmpty()) {
                return Future.succeededFuture(false); // still used by another node of the lab
            }
            return req(HttpMethod.DELETE, "/networks/" + net.getString("Id")).send().compose(d -> {
                if (d.statusCode() == 404) {
                    return Future.succeededFuture(false);
                }
                return expect(d, "remove network " + name, 204).map(true);
            });
        });
    }

    @Override
    public Future<ContainerInfo> createNode(NodeSpec spec) {
        JsonArray env = new JsonArray();
        spec.env().forEach((k, v) -> env.add(k + "=" + v));
        JsonObject labels = new JsonObject();
        spec.labels().forEach(labels::put);
        String primary = spec.networks().get(0);
        JsonObject body = new JsonObject()
                .put("Image", spec.image())
                .put("Hostname", spec.name().replace('.', '-'))
                .put("Labels", labels)
                .put("Env", env)
                .put("HostConfig", new JsonObject()
                        // The minimum proven here: NET_ADMIN for the bridge, the tun device for the netdev datapath.
                        .put("CapAdd", new JsonArray().add("NET_ADMIN"))
                        .put("Devices", new JsonArray().add(new JsonObject().put("PathOnHost", "/dev/net/tun")
                                .put("PathInContainer", "/dev/net/tun").put("CgroupPermissions", "rwm")))
                        .put("NetworkMode", primary))
                .put("NetworkingConfig", new JsonObject().put("EndpointsConfig",
                        new JsonObject().put(primary, new JsonObject())));
        return req(HttpMethod.POST, "/containers/create?name=" + enc(spec.name())).sendJsonObject(body)
                .compose(r -> r.statusCode() == 409 ? nameTaken(spec) : expect(r, "create container " + spec.name(), 201))
                .map(r -> r.bodyAsJsonObject().getString("Id"))
                .compose(id -> connectAll(id, spec.networks().subList(1, spec.networks().size())).map(id))
                .compose(id -> req(HttpMethod.POST, "/containers/" + id + "/start").send()
                        .compose(r -> expect(r, "start container " + spec.name(), 204, 304)).map(id))
                .compose(id -> waitReady(spec.name(), System.nanoTime() + readyTimeout.toNanos()));
    }

    /** The name is taken: by a container of the lab (a leftover) or by a foreign one; either way nothing was made. */
    private Future<HttpResponse<Buffer>> nameTaken(NodeSpec spec) {
        String lab = spec.labels().get(LabNaming.LABEL_LAB);
        return inspect(spec.name()).compose(opt -> {
            String owner = opt.map(c -> c.labels().get(LabNaming.LABEL_LAB)).orElse(null);
            String why = lab != null && lab.equals(owner)
                    ? "container " + spec.name() + " already exists (left by lab " + lab + ": '"
                    + new LabNaming(lab).command("clean") + "' removes it)"
                    : "container " + spec.name() + " exists but is not lab " + lab + "'s (" + (owner == null ? "no "
                    + LabNaming.LABEL_LAB + " label" : "label " + LabNaming.LABEL_LAB + "=" + owner) + "): dovs "
                    + "neither adopts nor removes it; remove or rename it";
            return Future.failedFuture(new ForeignResourceException(why));
        });
    }

    private Future<Void> connectAll(String id, List<String> networks) {
        Future<Void> chain = Future.succeededFuture();
        for (String n : networks) {
            chain = chain.compose(v -> req(HttpMethod.POST, "/networks/" + n + "/connect")
                    .sendJsonObject(new JsonObject().put("Container", id))
                    .compose(r -> expect(r, "connect container to " + n, 200)).mapEmpty());
        }
        return chain;
    }

    /** Ready-file polls between two inspections of the container (whether it still runs, its pid). */
    private static final int POLLS_PER_INSPECT = 8;
    private static final long READY_POLL_MS = 10;

    /**
     * Polls until the entrypoint reports OVS running; a container that exits meanwhile fails with its last log. The
     * ready file is looked for every {@value #READY_POLL_MS} ms (a file lookup under {@code /proc/PID/root}), the
     * container inspected (an Engine API call) every {@value #POLLS_PER_INSPECT}th time only.
     */
    private Future<ContainerInfo> waitReady(String name, long deadline) {
        return inspect(name).compose(opt -> {
            if (opt.isEmpty()) {
                return Future.failedFuture(new DockerException(404, "container " + name + " disappeared"));
            }
            ContainerInfo c = opt.get();
            if (!c.running()) {
                return lastLog(name).compose(log -> Future.failedFuture(new DockerException(0,
                        "node container " + name + " exited (" + c.state() + ")"
                                + (log.isEmpty() ? "" : ": " + log))));
            }
            return pollReady(name, c, deadline, POLLS_PER_INSPECT);
        });
    }

    private Future<ContainerInfo> pollReady(String name, ContainerInfo c, long deadline, int polls) {
        return vertx.fileSystem().exists("/proc/" + c.pid() + READY_FILE).compose(ready -> {
            if (ready) {
                return Future.succeededFuture(c);
            }
            if (System.nanoTime() > deadline) {
                return Future.failedFuture(new DockerException(0, "node container " + name
                        + " not ready after " + readyTimeout.toSeconds() + " s (OVS did not start)"));
            }
            Promise<Void> p = Promise.promise();
            vertx.setTimer(READY_POLL_MS, t -> p.complete());
            return p.future().compose(v -> polls > 1 ? pollReady(name, c, deadline, polls - 1)
                    : waitReady(name, deadline));
        });
    }

    private Future<String> lastLog(String name) {
        return req(HttpMethod.GET, "/containers/" + name + "/logs?stdout=1&stderr=1&tail=5").send()
                .map(r -> r.statusCode() == 200 ? lastLine(demux(r.body())) : "")
                .otherwise("");
    }

    @Override
    public Future<Boolean> removeContainer(String name, String lab) {
        return inspect(name).compose(opt -> {
            if (opt.isEmpty() || !lab.equals(opt.get().labels().get("dovs.lab"))) {
                return Future.succeededFuture(false);
            }
            return req(HttpMethod.DELETE, "/containers/" + opt.get().id() + "?force=true&v=true").send()
                    .compose(r -> r.statusCode() == 404 ? Future.succeededFuture(false)
                            : expect(r, "remove container " + name, 204).map(true));
        });
    }

    @Override
    public Future<Optional<ContainerInfo>> inspect(String name) {
        return req(HttpMethod.GET, "/containers/" + enc(name) + "/json").send().compose(r -> {
            if (r.statusCode() == 404) {
                return Future.succeededFuture(Optional.empty());
            }
            return expect(r, "inspect container " + name, 200).map(ok -> Optional.of(fromInspect(ok.bodyAsJsonObject())));
        });
    }

    @Override
    public Future<List<ContainerInfo>> containersOfLab(String lab) {
        String filters = new JsonObject().put("label", new JsonArray().add("dovs.lab=" + lab)).encode();
        return req(HttpMethod.GET, "/containers/json?all=true&filters=" + enc(filters)).send()
                .compose(r -> expect(r, "list containers", 200))
                .map(r -> {
                    List<ContainerInfo> out = new ArrayList<>();
                    r.bodyAsJsonArray().forEach(o -> out.add(fromList((JsonObject) o)));
                    return out;
                });
    }

    @Override
    public Future<List<String>> networksOfLab(String lab) {
        String filters = new JsonObject().put("label", new JsonArray().add("dovs.lab=" + lab)).encode();
        return req(HttpMethod.GET, "/networks?filters=" + enc(filters)).send()
                .compose(r -> expect(r, "list networks", 200))
                .map(r -> {
                    List<String> out = new ArrayList<>();
                    r.bodyAsJsonArray().forEach(o -> out.add(((JsonObject) o).getString("Name")));
                    return out;
                });
    }

    @Override
    public Future<Optional<String>> networkGateway(String name) {
        return req(HttpMethod.GET, "/networks/" + enc(name)).send().compose(r -> {
            if (r.statusCode() == 404) {
                return Future.succeededFuture(Optional.<String>empty());
            }
            return expect(r, "inspect network " + name, 200).map(ok -> {
                JsonArray config = r.bodyAsJsonObject().getJsonObject("IPAM", new JsonObject())
                        .getJsonArray("Config", new JsonArray());
                for (int i = 0; i < config.size(); i++) {
                    String gw = config.getJsonObject(i).getString("Gateway", "");
                    if (!gw.isEmpty() && !gw.contains(":")) {
                        return Optional.of(gw);
                    }
                }
                return Optional.<String>empty();
            });
        });
    }

    @Override
    public Future<Optional<String>> imageLabel(String image, String label) {
        return inspectImage(image).map(o -> o.map(j -> j.getJsonObject("Config", new JsonObject())
                .getJsonObject("Labels")).map(labels -> labels.getString(label)));
    }

    @Override
    public Future<Optional<String>> imageId(String image) {
        return inspectImage(image).map(o -> o.map(j -> j.getString("Id")));
    }

    @Override
    public Future<Boolean> imageExists(String image) {
        return inspectImage(image).map(Optional::isPresent);
    }

    private Future<Optional<JsonObject>> inspectImage(String image) {
        return req(HttpMethod.GET, "/images/" + image + "/json").send().compose(r -> r.statusCode() == 404
                ? Future.succeededFuture(Optional.<JsonObject>empty())
                : expect(r, "inspect image " + image, 200).map(ok -> Optional.of(r.bodyAsJsonObject())));
    }

    @Override
    public Future<Boolean> removeImage(String id) {
        return req(HttpMethod.DELETE, "/images/" + enc(id)).send().compose(r -> r.statusCode() == 404
                || r.statusCode() == 409 ? Future.succeededFuture(false)
                : expect(r, "remove image " + id, 200).map(true));
    }

    @Override
    public Future<Void> importImage(Path tarball, String image, List<String> changes) {
        int colon = image.lastIndexOf(':');
        String repo = colon > 0 ? image.substring(0, colon) : image;
        String tag = colon > 0 ? image.substring(colon + 1) : "latest";
        StringBuilder uri = new StringBuilder("/images/create?fromSrc=-&repo=" + enc(repo) + "&tag=" + enc(tag));
        changes.forEach(c -> uri.append("&changes=").append(enc(c)));
        return vertx.fileSystem().open(tarball.toString(), new OpenOptions().setRead(true))
                .compose(file -> web.request(HttpMethod.POST, socket, "localhost", API + uri)
                        .timeout(Duration.ofMinutes(10).toMillis())
                        .putHeader("Content-Type", "application/x-tar")
                        .sendStream(file)
                        .eventually(() -> file.close()))
                .compose(r -> expect(r, "import image " + image, 200))
                .compose(r -> {
                    // The import reports errors inside a 200 stream of JSON messages.
                    String body = r.bodyAsString();
                    return body != null && body.contains("\"error\"")
                            ? Future.failedFuture(new DockerException(500, "import image " + image + ": " + body))
                            : Future.succeededFuture();
                });
    }

    private static ContainerInfo fromInspect(JsonObject j) {
        JsonObject state = j.getJsonObject("State", new JsonObject());
        Map<String, String> labels = labels(j.getJsonObject("Config", new JsonObject()).getJsonObject("Labels"));
        JsonObject nets = j.getJsonObject("NetworkSettings", new JsonObject()).getJsonObject("Networks",
                new JsonObject());
        return new ContainerInfo(j.getString("Id"), stripSlash(j.getString("Name")), state.getString("Status"),
                state.getBoolean("Running", false), state.getLong("Pid", 0L), labels, endpoints(nets));
    }

    private static ContainerInfo fromList(JsonObject j) {
        String name = stripSlash(j.getJsonArray("Names", new JsonArray()).getString(0));
        JsonObject nets = j.getJsonObject("NetworkSettings", new JsonObject()).getJsonObject("Networks",
                new JsonObject());
        return new ContainerInfo(j.getString("Id"), name, j.getString("State"), "running".equals(j.getString("State")),
                0, labels(j.getJsonObject("Labels")), endpoints(nets));
    }

    private static Map<String, ContainerInfo.Endpoint> endpoints(JsonObject nets) {
        Map<String, ContainerInfo.Endpoint> out = new LinkedHashMap<>();
        nets.forEach(e -> {
            JsonObject n = (JsonObject) e.getValue();
            out.put(e.getKey(), new ContainerInfo.Endpoint(n.getString("IPAddress", ""),
                    n.getInteger("IPPrefixLen", 0), n.getString("MacAddress", "")));
        });
        return out;
    }

    private static Map<String, String> labels(JsonObject l) {
        Map<String, String> out = new LinkedHashMap<>();
        if (l != null) {
            l.forEach(e -> out.put(e.getKey(), String.valueOf(e.getValue())));
        }
        return out;
    }

    private static String stripSlash(String s) {
        return s != null && s.startsWith("/") ? s.substring(1) : s;
    }

    private static Future<HttpResponse<Buffer>> expect(HttpResponse<Buffer> r, String what, int... ok) {
        for (int code : ok) {
            if (r.statusCode() == code) {
                return Future.succeededFuture(r);
            }
        }
        String msg = r.statusMessage();
        try {
            JsonObject body = r.bodyAsJsonObject();
            if (body != null && body.getString("message") != null) {
                msg = body.getString("message");
            }
        } catch (RuntimeException notJson) {
            // keep the status line
        }
        return Future.failedFuture(new DockerException(r.statusCode(), what + ": " + msg));
    }

    /** Docker's multiplexed log stream: 8-byte headers (stream, 0, 0, 0, uint32 size) before each payload. */
    static String demux(Buffer b) {
        if (b == null) {
            return "";
        }
        StringBuilder out = new StringBuilder();
        int pos = 0;
        while (b.length() - pos >= 8) {
            int size = b.getInt(pos + 4);
            if (b.length() - pos - 8 < size) {
                break;
            }
            out.append(b.getString(pos + 8, pos + 8 + size, "UTF-8"));
            pos += 8 + size;
        }
        return out.toString();
    }

    private static String lastLine(String s) {
        String[] lines = s.strip().split("\n");
        return lines.length == 0 ? "" : lines[lines.length - 1].strip();
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
