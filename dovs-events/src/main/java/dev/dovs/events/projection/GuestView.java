package dev.dovs.events.projection;

/** A guest the log says exists. {@code net} and {@code router} are null when the guest has none. */
public record GuestView(String name, String node, String netns, String tap, String cidr, String mac, String portId,
                        String net, String router, int mtu, String intentId) {
}
