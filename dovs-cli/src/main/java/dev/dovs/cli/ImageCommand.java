package dev.dovs.cli;

import dev.dovs.engine.DovsException;
import dev.dovs.engine.docker.DockerDriver;
import dev.dovs.engine.docker.VertxDockerClient;
import dev.dovs.engine.image.ImageBuilder;
import io.vertx.core.Vertx;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;

@Command(name = "image", description = "Build the images dovs runs: the node image (Open vSwitch, OVN's "
        + "controller) and, for --ovn labs, the OVN central image.", subcommands = ImageCommand.Build.class)
final class ImageCommand implements Runnable {
    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    @Command(name = "build", description = "Build the node image without a registry: debootstrap a Debian rootfs "
            + "with openvswitch-switch and ovn-host, then import it into docker. With --ovn-central, the image of "
            + "a lab's OVN central (ovn-central: NB, SB, ovn-northd) instead.")
    static final class Build implements Callable<Integer> {
        @Option(names = "--image", paramLabel = "IMAGE", description = "The image name (and tag) to build. "
                + "Default: " + ImageBuilder.DEFAULT_IMAGE + ", or dovs/ovn-central:latest with --ovn-central.")
        String image;

        @Option(names = "--ovn-central", description = "Build the OVN central image (used by --ovn labs).")
        boolean ovnCentral;

        @Option(names = "--rootfs", paramLabel = "DIR", description = "Reuse an existing debootstrapped rootfs "
                + "instead of making one.")
        Path rootfs;

        @Option(names = "--mirror", paramLabel = "URL",
                description = "Debian mirror URL. Default: the one the host's apt uses.")
        String mirror;

        @Option(names = "--if-missing", description = "Do nothing when the image exists and was built with this "
                + "dovs's node entrypoint (an older image is rebuilt).")
        boolean ifMissing;

        @picocli.CommandLine.Spec
        picocli.CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() {
            ImageBuilder.Recipe recipe = ovnCentral ? ImageBuilder.OVN_CENTRAL : ImageBuilder.NODE;
            if (image == null) {
                image = recipe.defaultImage();
            }
            try { // input first, then privileges
                dev.dovs.events.model.Validation.image(image);
            } catch (IllegalArgumentException e) {
                throw new DovsException(DovsException.INVALID, e.getMessage());
            }
            if (rootfs != null) {
                rootfs = Invocation.current().resolve(rootfs);
                try {
                    if (!java.nio.file.Files.readAttributes(rootfs, java.nio.file.attribute.BasicFileAttributes.class)
                            .isDirectory()) {
                        throw new DovsException(DovsException.INVALID, rootfs + ": not a directory");
                    }
                } catch (java.io.IOException e) {
                    throw dev.dovs.engine.FileErrors.error(rootfs, e);
                }
            }
            Host.requireRoot();
            Vertx vertx = Vertx.vertx();
            try {
                DockerDriver docker = new VertxDockerClient(vertx, VertxDockerClient.DEFAULT_SOCKET,
                        Duration.ofSeconds(30), Duration.ofSeconds(60));
                try {
                    docker.ping().await();
                } catch (RuntimeException e) {
                    throw new DovsException(DovsException.ENVIRONMENT, e.getMessage());
                }
                if (ifMissing) {
                    String want = ImageBuilder.entrypointVersion(recipe);
                    var have = docker.imageLabel(image, ImageBuilder.ENTRYPOINT_LABEL).await();
                    if (have.filter(want::equals).isPresent()) {
                        spec.commandLine().getErr().println("dovs: image " + image + " is up to date");
                        return 0;
                    }
                    if (docker.imageExists(image).await()) {
                        spec.commandLine().getErr().println("dovs: image " + image + " predates this dovs's node "
                                + "entrypoint: rebuilding it");
                    }
                }
                new ImageBuilder(docker, m -> spec.commandLine().getErr().println("dovs: " + m))
                        .build(recipe, image, rootfs, mirror);
                spec.commandLine().getErr().println("dovs: image " + image + " built");
                return 0;
            } catch (RuntimeException e) {
                if (ImageBuilder.isMissingTool(e)) {
                    throw new DovsException(DovsException.ENVIRONMENT, e.getMessage() + " (apt-get install debootstrap)");
                }
                throw e;
            } finally {
                vertx.close().await();
            }
        }
    }
}
