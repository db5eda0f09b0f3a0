package dev.dovs.events.projection;

/** A node the log says exists: added successfully and not cleaned since. */
public record NodeView(String name, String container, String image, String containerId, String mgmtIp,
                       String intIp, String intentId) {
}
