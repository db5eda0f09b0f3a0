package dev.dovs.engine;

import dev.dovs.engine.docker.DockerDriver;
import dev.dovs.engine.docker.VertxDockerClient;
import dev.dovs.events.Intent;
import io.vertx.core.Vertx;

import java.util.LinkedHashSet;
import java.util.Set;

/**
 * The node images an intent's new nodes run, checked before the intent is submitted: a missing image is refused
 * with nothing done, instead of failing the container step after the lab's docker networks were made (and then
 * removed by the rollback).
 */
public final class NodeImages {
    private NodeImages() {
    }

    /** The one message for a node image docker does not have. */
    public static String missing(String image) {
        return "image " + image + " not found: build it with 'dovs image build'";
    }

    /** The images of the nodes {@code intent} adds ({@code add-node}, {@code spawn}); empty for any other intent. */
    public static Set<String> of(Intent intent) {
        Set<String> images = new LinkedHashSet<>();
        if (intent instanceof Intent.AddNode a) {
            images.add(a.image());
        } else if (intent instanceof Intent.Spawn s) {
            s.nodes().forEach(n -> images.add(n.image()));
        }
        return images;
    }

    /**
     * Asks docker (Engine API {@code GET /images/NAME/json}) for each image of {@link #of}. When docker cannot be
     * asked, nothing is decided here: the intent's own steps say what is wrong.
     *
     * @param shared a Vert.x of a long-lived process to ask with (left open), or null for one of its own
     * @throws DovsException (invalid) {@link #missing} for the first image docker does not have
     */
    public static void requirePresent(Intent intent, Engine.Settings settings, Vertx shared) {
        Set<String> images = of(intent);
        if (images.isEmpty()) {
            return;
        }
        Vertx vertx = shared != null ? shared : Vertx.vertx();
        try {
            requirePresent(intent, new VertxDockerClient(vertx, settings.dockerSocket(), settings.requestTimeout(),
                    settings.readyTimeout()));
        } finally {
            if (shared == null) {
                vertx.close();
            }
        }
    }

    /** As {@link #requirePresent(Intent, Engine.Settings, Vertx)}, asking {@code docker}. */
    public static void requirePresent(Intent intent, DockerDriver docker) {
        for (String image : of(intent)) {
            boolean exists;
            try {
                exists = docker.imageExists(image).toCompletionStage().toCompletableFuture().join();
            } catch (RuntimeException e) {
                return; // docker unreachable or refusing: the steps report it
            }
            if (!exists) {
                throw new DovsException(DovsException.INVALID, missing(image));
            }
        }
    }
}
