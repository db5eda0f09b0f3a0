package dev.dovs.engine.fake;

import dev.dovs.engine.docker.ContainerInfo;
import dev.dovs.engine.docker.DockerDriver;
import dev.dovs.engine.docker.DockerException;
import dev.dovs.engine.docker.NodeSpec;
import io.vertx.core.Future;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.regex.Pattern;

/**
 * A Docker Engine as the Engine API behaves for dovs' calls: networks with IPAM (a /16 each, gateway .0.1, addresses
 * from .0.2), containers with a network namespace per running container (one {@code ethN} per network, holding its
 * address) and an OVS database once started, labels, and the API's refusals: an invalid or taken container name
 * (400, 409), a missing image or network (404), a network in use (not removed). Answers at once (already-completed
 * futures), like a driver that never blocks.
 */
public final class FakeDocker implements DockerDriver {
    /** Docker's container name rule ({@code daemon/names}). */
    private static final Pattern NAME = Pattern.compile("[a-zA-Z0-9][a-zA-Z0-9_.-]+");

    private record Network(String id, String name, String lab, int index, Set<String> containers) {
        String gateway() {
            return "172." + (18 + index) + ".0.1";
        }
    }

    private static final class Container {
        final String id;
        final String name;
        final String image;
        final Map<String, String> labels;
        final Map<String, String> env;
        final Map<String, ContainerInfo.Endpoint> endpoints = new LinkedHashMap<>();
        String state = "running";
        long pid;

        Container(String id, String name, String image, Map<String, String> labels, Map<String, String> env) {
            this.id = id;
            this.name = name;
            this.image = image;
            this.labels = Map.copyOf(labels);
            this.env = Map.copyOf(env);
        }
    }

    private final FakeHost host;
    private final Map<String, Network> networks = new LinkedHashMap<>();
    private final Map<String, Container> containers = new LinkedHashMap<>();
    private final Map<String, Map<String, String>> images = new LinkedHashMap<>(); // image -> labels
    private final Map<String, Integer> hostsOnNetwork = new LinkedHashMap<>();
    private long nextPid = 4000;
    private int nextNetwork;
    /** When set, a created node exits instead of becoming ready (its entrypoint failed). */
    private volatile String crashOnStart;

    FakeDocker(FakeHost host) {
        this.host = host;
    }

    // ---- test controls -------------------------------------------------------------------------------------

    /** A local image, as {@code dovs image build} leaves it. */
    public FakeDocker withImage(String image, Map<String, String> labels) {
        synchronized (host) {
            images.put(image, Map.copyOf(labels));
            return this;
        }
    }

    /** A network someone else made (no dovs label), or another lab's. */
    public FakeDocker withNetwork(String name, String lab) {
        synchronized (host) {
            createNetwork(name, lab);
            return this;
        }
    }

    /** The next node container exits with this log line instead of starting OVS. */
    public void crashNextStart(String lastLog) {
        crashOnStart = lastLog;
    }

    /** {@code docker stop}: the namespace and the OVS inside go away. */
    public void stop(String name) {
        synchronized (host) {
            Container c = containers.get(name);
            if (c == null) {
                throw new IllegalArgumentException("no container " + name);
            }
            kill(c);
            c.state = "exited";
        }
    }

    private final java.util.concurrent.atomic.AtomicInteger inspects = new java.util.concurrent.atomic.AtomicInteger();

    /** How many inspect calls (Engine API round trips) were made so far. */
    public int inspects() {
        return inspects.get();
    }

    public Set<String> containerNames() {
        synchronized (host) {
            return Set.copyOf(containers.keySet());
        }
    }

    public Set<String> networkNames() {
        synchronized (host) {
            return Set.copyOf(networks.keySet());
        }
    }

    /** The labels a container was created with, or null when it does not exist. */
    public Map<String, String> labelsOf(String container) {
        synchronized (host) {
            Container c = containers.get(container);
            return c == null ? null : c.labels;
        }
    }

    public Map<String, String> envOf(String container) {
        synchronized (host) {
            Container c = containers.get(container);
            return c == null ? null : c.env;
        }
    }

    public String labOfNetwork(String network) {
        synchronized (host) {
            Network n = networks.get(network);
            return n == null ? null : n.lab();
        }
    }

    // ---- DockerDriver --------------------------------------------------------------------------------------

    @Override
    public Future<Void> ping() {
        return Future.succeededFuture();
    }

    @Override
    public Future<Boolean> ensureNetwork(String name, String lab) {
        return call(() -> {
            Network existing = networks.get(name);
            if (existing != null) {
                if (!lab.equals(existing.lab())) { // as the real client: a network without the lab's mark is foreign
                    throw new dev.dovs.engine.docker.ForeignResourceException("docker network " + name
                            + " exists but is not lab " + lab + "'s");
                }
                return false;
            }
            createNetwork(name, lab);
            return true;
        });
    }

    @Override
    public Future<java.util.Optional<String>> networkOwner(String name) {
        return call(() -> {
            Network n = networks.get(name);
            return n == null ? java.util.Optional.<String>empty()
                    : java.util.Optional.of(n.lab() == null ? "" : n.lab());
        });
    }

    private Network createNetwork(String name, String lab) {
        if (!NAME.matcher(name).matches()) {
            throw new DockerException(400, "invalid network name \"" + name + "\"");
        }
        Network n = new Network(UUID.randomUUID().toString().replace("-", ""), name, lab, nextNetwork++,
                new LinkedHashSet<>());
        networks.put(name, n);
        return n;
    }

    @Override
    public Future<Boolean> removeNetwork(String name, String lab) {
        return call(() -> {
            Network n = networks.get(name);
            if (n == null || !lab.equals(n.lab()) || !n.containers().isEmpty()) {
                return false;
            }
            networks.remove(name);
            return true;
        });
    }

    @Override
    public Future<ContainerInfo> createNode(NodeSpec spec) {
        return call(() -> {
            if (!NAME.matcher(spec.name()).matches()) {
                throw new DockerException(400, "Invalid container name (" + spec.name() + "), only "
                        + "[a-zA-Z0-9][a-zA-Z0-9_.-] are allowed");
            }
            if (containers.containsKey(spec.name())) {
                throw new DockerException(409, "Conflict. The container name \"/" + spec.name()
                        + "\" is already in use");
            }
            if (!images.containsKey(spec.image())) {
                throw new DockerException(404, "No such image: " + spec.image());
            }
            if (spec.networks().isEmpty()) {
                throw new DockerException(400, "a node needs a network");
            }
            for (String n : spec.networks()) {
                if (!networks.containsKey(n)) {
                    throw new DockerException(404, "network " + n + " not found");
                }
            }
            Container c = new Container(UUID.randomUUID().toString().replace("-", ""), spec.name(), spec.image(),
                    spec.labels(), spec.env());
            containers.put(c.name, c);
            for (String n : spec.networks()) {
                Network net = networks.get(n);
                int host = hostsOnNetwork.merge(n, 2, (a, b) -> a + 1);
                String mac = String.format("02:42:ac:%02x:00:%02x", 18 + net.index(), host);
                c.endpoints.put(n, new ContainerInfo.Endpoint("172." + (18 + net.index()) + ".0." + host, 16, mac));
                net.containers().add(c.name);
            }
            String crash = crashOnStart;
            if (crash != null) {
                crashOnStart = null;
                c.state = "exited";
                throw new DockerException(0, "node container " + c.name + " exited (exited): " + crash);
            }
            start(c);
            return info(c);
        });
    }

    private void start(Container c) {
        c.pid = nextPid++;
        FakeHost.Namespace ns = new FakeHost.Namespace();
        int i = 0;
        for (Map.Entry<String, ContainerInfo.Endpoint> e : c.endpoints.entrySet()) {
            FakeHost.Link eth = new FakeHost.Link("eth" + i++, e.getValue().mac(), 1500, null);
            eth.up = true;
            eth.addresses.put(e.getValue().cidr(), "");
            ns.links.put(eth.name, eth);
        }
        host.pidNamespaces.put(c.pid, ns);
        host.ovs.started(c.pid);
    }

    private void kill(Container c) {
        if (c.pid > 0) {
            host.netns.destroy(host.pidNamespaces.get(c.pid));
            host.pidNamespaces.remove(c.pid);
            host.ovs.stopped(c.pid);
            c.pid = 0;
        }
    }

    @Override
    public Future<Boolean> removeContainer(String name, String lab) {
        return call(() -> {
            Container c = containers.get(name);
            if (c == null || !lab.equals(c.labels.get("dovs.lab"))) {
                return false;
            }
            kill(c);
            containers.remove(name);
            networks.values().forEach(n -> n.containers().remove(name));
            return true;
        });
    }

    @Override
    public Future<Optional<ContainerInfo>> inspect(String name) {
        inspects.incrementAndGet();
        return call(() -> Optional.ofNullable(containers.get(name)).map(this::info));
    }

    @Override
    public Future<List<ContainerInfo>> containersOfLab(String lab) {
        return call(() -> containers.values().stream().filter(c -> lab.equals(c.labels.get("dovs.lab")))
                .map(this::info).toList());
    }

    @Override
    public Future<List<String>> networksOfLab(String lab) {
        return call(() -> networks.values().stream().filter(n -> lab.equals(n.lab())).map(Network::name).toList());
    }

    @Override
    public Future<Boolean> imageExists(String image) {
        return call(() -> images.containsKey(image));
    }

    @Override
    public Future<Optional<String>> imageLabel(String image, String label) {
        return call(() -> Optional.ofNullable(images.get(image)).map(l -> l.get(label)));
    }

    @Override
    public Future<Optional<String>> imageId(String image) {
        return call(() -> images.containsKey(image) ? Optional.of("sha256:" + Integer.toHexString(image.hashCode()))
                : Optional.empty());
    }

    @Override
    public Future<Boolean> removeImage(String id) {
        return call(() -> {
            for (String image : new ArrayList<>(images.keySet())) {
                if (("sha256:" + Integer.toHexString(image.hashCode())).equals(id)) {
                    if (containers.values().stream().anyMatch(c -> c.image.equals(image))) {
                        return false;
                    }
                    images.remove(image);
                    return true;
                }
            }
            return false;
        });
    }

    @Override
    public Future<Optional<String>> networkGateway(String name) {
        return call(() -> Optional.ofNullable(networks.get(name)).map(Network::gateway));
    }

    @Override
    public Future<Void> importImage(Path tarball, String image, List<String> changes) {
        return call(() -> {
            images.put(image, Map.of());
            return null;
        });
    }

    private ContainerInfo info(Container c) {
        return new ContainerInfo(c.id, c.name, c.state, "running".equals(c.state), c.pid, c.labels,
                Map.copyOf(c.endpoints));
    }

    private <T> Future<T> call(Callable<T> work) {
        synchronized (host) {
            try {
                return Future.succeededFuture(work.call());
            } catch (Exception e) {
                return Future.failedFuture(e);
            }
        }
    }
}
