package dev.dovs.engine;

import dev.dovs.engine.fake.FakeDocker;
import dev.dovs.engine.fake.FakeHost;
import dev.dovs.events.Intent;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** A node image docker does not have is refused before the intent is submitted: nothing made, nothing undone. */
class NodeImagesTest {
    private final FakeDocker docker = new FakeHost().docker().withImage("dovs/node:latest", Map.of());

    @Test
    void a_missing_image_is_invalid_input_with_the_build_hint() {
        DovsException e = assertThrows(DovsException.class, () -> NodeImages.requirePresent(
                new Intent.AddNode("n1", "nonexistent/img:1", null), docker));
        assertEquals(DovsException.INVALID, e.exitCode());
        assertEquals("image nonexistent/img:1 not found: build it with 'dovs image build'", e.getMessage());
        assertEquals(Set.of(), docker.networkNames(), "nothing was created");
    }

    @Test
    void a_present_image_and_intents_without_nodes_pass() {
        assertDoesNotThrow(() -> NodeImages.requirePresent(new Intent.AddNode("n1", "dovs/node:latest", null),
                docker));
        assertDoesNotThrow(() -> NodeImages.requirePresent(new Intent.Clean(), docker));
    }

    @Test
    void spawn_checks_each_of_its_images() {
        Intent.Spawn spawn = new Intent.Spawn(List.of(new Intent.AddNode("n1", "dovs/node:latest", null),
                new Intent.AddNode("n2", "other:1", null)), List.of());
        assertEquals(Set.of("dovs/node:latest", "other:1"), NodeImages.of(spawn));
        DovsException e = assertThrows(DovsException.class, () -> NodeImages.requirePresent(spawn, docker));
        assertEquals(NodeImages.missing("other:1"), e.getMessage());
    }
}
