package dev.dovs.engine.docker;

import java.util.List;
import java.util.Map;

/** A node container: first network is the primary one; {@code env} configures the entrypoint. */
public record NodeSpec(String name, String image, List<String> networks, Map<String, String> labels,
                       Map<String, String> env) {
}
