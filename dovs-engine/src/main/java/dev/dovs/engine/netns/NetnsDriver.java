package dev.dovs.engine.netns;

import java.util.List;

/** Host network namespaces and veth pairs. Blocking: call it off the event loop. */
public interface NetnsDriver {

    /** Fails with {@link AlreadyExistsException} when the namespace exists: it is not ours to reuse. */
    void create(String netns);

    /** Kills whatever runs inside, then deletes it; false when it did not exist. */
    boolean delete(String netns);

    /** {@code ifname} in {@code netns}, {@code peer} in the netns of process {@code pid}, both up. */
    void createVeth(String netns, String ifname, String mac, int mtu, String peer, long pid);

    void configure(String netns, String ifname, String cidr, String gateway);

    List<String> list(String prefix);

    boolean exists(String netns);

    class AlreadyExistsException extends RuntimeException {
        public AlreadyExistsException(String message) {
            super(message);
        }
    }
}
