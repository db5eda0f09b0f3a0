package dev.dovs.engine.docker;

import io.vertx.core.Future;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/** The container runtime as dovs uses it. Asynchronous: implementations never block the calling event loop. */
public interface DockerDriver {

    Future<Void> ping();

    /** Creates an internal bridge network with the lab label when missing; true when this call created it. */
    Future<Boolean> ensureNetwork(String name, String lab);

    /** Removes a network of this lab; false when it is absent, not the lab's, or still in use. */
    Future<Boolean> removeNetwork(String name, String lab);

    /**
     * The value of the network's {@code dovs.lab} label: empty when the network does not exist, {@code ""} when it
     * exists without the label.
     */
    default Future<Optional<String>> networkOwner(String name) {
        return Future.failedFuture(new UnsupportedOperationException("networkOwner"));
    }

    /** Creates and starts a node container, connects its other networks, then waits until its OVS is running. */
    Future<ContainerInfo> createNode(NodeSpec spec);

    /** Force-removes a container carrying this lab's label; false when absent (or not the lab's: never touched). */
    Future<Boolean> removeContainer(String name, String lab);

    Future<Optional<ContainerInfo>> inspect(String name);

    Future<List<ContainerInfo>> containersOfLab(String lab);

    Future<List<String>> networksOfLab(String lab);

    Future<Boolean> imageExists(String image);

    /** One label of a local image; empty when the image or the label is absent. */
    Future<Optional<String>> imageLabel(String image, String label);

    /** The id ({@code sha256:...}) of a local image; empty when absent. */
    Future<Optional<String>> imageId(String image);

    /** Removes an image by id unless a container still uses it; false when absent or in use. */
    Future<Boolean> removeImage(String id);

    /** The host's address on a network (its IPAM gateway), empty when the network or its gateway is unknown. */
    Future<Optional<String>> networkGateway(String name);

    /** {@code docker import}: a rootfs tarball becomes an image, with Dockerfile-style {@code changes}. */
    Future<Void> importImage(Path tarball, String image, List<String> changes);
}
