package dev.dovs.engine.image;

import dev.dovs.engine.docker.DockerDriver;
import dev.dovs.engine.exec.CommandException;
import dev.dovs.engine.exec.ProcessRunner;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Builds dovs' images on a host without a container registry: debootstrap a minimal Debian rootfs with a
 * {@link Recipe}'s packages, add its entrypoint, and {@code docker import} it through the Engine API. Two recipes:
 * the node image (OVS and ovn-host) and the OVN central image (ovn-central: NB, SB, ovn-northd).
 */
public final class ImageBuilder {
    public static final String DEFAULT_IMAGE = "dovs/node:latest";
    public static final String SUITE = "bookworm";
    /** ovn-host now, so the overlay work needs no rebuild; nftables/ethtool/arping for the underlay and moves. */
    public static final List<String> PACKAGES = List.of("openvswitch-switch", "ovn-host", "iproute2",
            "iputils-ping", "iputils-arping", "nftables", "ethtool", "procps");

    /**
     * What one image is made of: Debian {@code packages}, the entrypoint (a resource next to this class) and the
     * value of its {@code dovs.image} label.
     */
    public record Recipe(String kind, String defaultImage, List<String> packages, String entrypoint) {
        public Recipe {
            packages = List.copyOf(packages);
        }
    }

    /** The node image: OVS with the userspace datapath, ovn-controller, and the tools for the underlay. */
    public static final Recipe NODE = new Recipe("node", DEFAULT_IMAGE, PACKAGES, "dovs-entrypoint.sh");
    /** The image of a lab's OVN central ({@code --ovn}): NB and SB ovsdb-servers and ovn-northd. */
    public static final Recipe OVN_CENTRAL = new Recipe("ovn-central", "dovs/ovn-central:latest",
            List.of("ovn-central", "iproute2", "procps"), "dovs-ovn-central-entrypoint.sh");
    private static final List<String> SLIM_EXCLUDES = List.of("./var/cache/apt/archives/*.deb",
            "./var/lib/apt/lists/*", "./usr/share/doc/*", "./usr/share/man/*", "./usr/share/locale/*");
    private static final Pattern SOURCES_URI = Pattern.compile("(?m)^URIs:\\s*(\\S+)");
    private static final Pattern LIST_LINE = Pattern.compile("(?m)^deb\\s+(?:\\[[^]]*]\\s+)?(\\S+)\\s+" + SUITE + "\\s");

    private final ProcessRunner runner = new ProcessRunner(Duration.ofMinutes(20));
    private final DockerDriver docker;
    private final Consumer<String> progress;

    public ImageBuilder(DockerDriver docker, Consumer<String> progress) {
        this.docker = docker;
        this.progress = progress;
    }

    /**
     * @param rootfs an existing rootfs to reuse (skips debootstrap), or null to debootstrap a fresh one
     * @param mirror the Debian mirror, or null for the one the host's apt uses
     */
    public void build(String image, Path rootfs, String mirror) {
        build(NODE, image, rootfs, mirror);
    }

    /** Builds {@code recipe} as {@code image} (null: the recipe's default); see {@link #build(String, Path, String)}. */
    public void build(Recipe recipe, String image, Path rootfs, String mirror) {
        if (image == null) {
            image = recipe.defaultImage();
        }
        List<String> packages = recipe.packages();
        Path work = tempDir();
        try {
            Path root = rootfs;
            if (root == null) {
                root = work.resolve("rootfs");
                String m = mirror != null ? mirror : hostMirror().orElse(null);
                List<String> argv = new ArrayList<>(List.of("debootstrap", "--variant=minbase",
                        "--include=" + String.join(",", packages), SUITE, root.toString()));
                if (m != null) {
                    argv.add(m);
                }
                progress.accept("debootstrap " + SUITE + " with " + String.join(",", packages)
                        + (m == null ? "" : " from " + m) + " (takes a few minutes)");
                runner.check(argv);
            }
            installEntrypoint(root, recipe);
            Path tar = work.resolve("rootfs.tar");
            List<String> argv = new ArrayList<>(List.of("tar", "-C", root.toString(), "-c", "-f", tar.toString()));
            SLIM_EXCLUDES.forEach(e -> argv.add("--exclude=" + e));
            argv.add(".");
            progress.accept("packing rootfs");
            runner.check(argv);
            progress.accept("importing " + image);
            String previous = docker.imageId(image).toCompletionStage().toCompletableFuture().join().orElse(null);
            docker.importImage(tar, image, List.of(
                    "ENTRYPOINT [\"/usr/local/bin/dovs-entrypoint.sh\"]",
                    "ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin",
                    "LABEL dovs.image=" + recipe.kind(),
                    "LABEL " + ENTRYPOINT_LABEL + "=" + entrypointVersion(recipe)))
                    .toCompletionStage().toCompletableFuture().join();
            removeReplaced(image, previous);
        } finally {
            runner.run(List.of("rm", "-rf", "--one-file-system", work.toString()));
        }
    }

    /** The image the new one replaced would linger as a dangling {@code <none>}: remove it unless still in use. */
    private void removeReplaced(String image, String previous) {
        String now = docker.imageId(image).toCompletionStage().toCompletableFuture().join().orElse(null);
        if (previous == null || previous.equals(now)) {
            return;
        }
        boolean removed = docker.removeImage(previous).toCompletionStage().toCompletableFuture().join();
        progress.accept(removed ? "removed the image it replaces" : "kept the image it replaces: containers use it");
    }

    /** Image label naming the entrypoint it was built with, so an image built by an older dovs is rebuilt. */
    public static final String ENTRYPOINT_LABEL = "dovs.entrypoint";

    /** The first 12 hex digits of the SHA-256 of the entrypoint this jar carries. */
    public static String entrypointVersion() {
        return entrypointVersion(NODE);
    }

    /** The first 12 hex digits of the SHA-256 of the recipe's entrypoint in this jar. */
    public static String entrypointVersion(Recipe recipe) {
        try (InputStream in = ImageBuilder.class.getResourceAsStream(recipe.entrypoint())) {
            if (in == null) {
                throw new IllegalStateException("entrypoint resource missing from the dovs jar");
            }
            byte[] digest = java.security.MessageDigest.getInstance("SHA-256").digest(in.readAllBytes());
            return java.util.HexFormat.of().formatHex(digest).substring(0, 12);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    static void installEntrypoint(Path root) {
        installEntrypoint(root, NODE);
    }

    /** Installs the recipe's entrypoint as {@code /usr/local/bin/dovs-entrypoint.sh}, the image's ENTRYPOINT. */
    static void installEntrypoint(Path root, Recipe recipe) {
        Path target = root.resolve("usr/local/bin/dovs-entrypoint.sh");
        try (InputStream in = ImageBuilder.class.getResourceAsStream(recipe.entrypoint())) {
            if (in == null) {
                throw new IllegalStateException("entrypoint resource missing from the dovs jar");
            }
            Files.createDirectories(target.getParent());
            Files.copy(in, target, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            Files.setPosixFilePermissions(target, PosixFilePermissions.fromString("rwxr-xr-x"));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot install the entrypoint into " + root, e);
        }
    }

    /** The Debian mirror the host's apt uses for the main archive, so image builds go where apt already goes. */
    static Optional<String> hostMirror() {
        for (Path p : List.of(Path.of("/etc/apt/sources.list.d/debian.sources"), Path.of("/etc/apt/sources.list"))) {
            try {
                String text = Files.readString(p);
                Matcher m = (p.toString().endsWith(".sources") ? SOURCES_URI : LIST_LINE).matcher(text);
                while (m.find()) {
                    if (!m.group(1).contains("security")) {
                        return Optional.of(m.group(1));
                    }
                }
            } catch (IOException ignored) {
                // try the next file
            }
        }
        return Optional.empty();
    }

    private static Path tempDir() {
        try {
            Path base = Path.of("/var/tmp");
            return Files.createTempDirectory(Files.isDirectory(base) ? base : Path.of(System.getProperty(
                    "java.io.tmpdir")), "dovs-image-");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a work directory for the image build", e);
        }
    }

    /** Used by callers to tell a missing tool apart from a failed build. */
    public static boolean isMissingTool(RuntimeException e) {
        return e instanceof CommandException c && c.getMessage().startsWith("cannot run ");
    }
}
