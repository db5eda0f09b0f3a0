package dev.dovs.engine.netns;

import java.util.List;

/** Host network namespaces and veth pairs. Blocking: call it off the event loop. */
public interface NetnsDriver {

    /** Alias dovs gives the loopback of every namespace it creates: the namespace's mark. */
    String MARK = "dovs-netns";

    /**
     * Creates the namespace and marks it ({@link #MARK}). Fails with {@link AlreadyExistsException} when the
     * namespace exists: it is not ours to reuse.
     */
    void create(String netns);

    /** True when the namespace carries dovs' mark (a namespace of the lab's name made by hand does not). */
    default boolean marked(String netns) {
        return true;
    }

    /** Kills whatever runs inside, then deletes it; false when it did not exist. */
    boolean delete(String netns);

    /** {@code ifname} in {@code netns}, {@code peer} in the netns of process {@code pid}, both up. */
    void createVeth(String netns, String ifname, String mac, int mtu, String peer, long pid);

    /**
     * Gives {@code ifname} in {@code netns} the IPv4 address {@code cidr} and, when {@code gateway} is not null, the
     * default route via it; brings it and {@code lo} up. The interface gets no IPv6 link-local address
     * ({@code addrgenmode none}, set before it comes up): a guest would otherwise send router solicitations,
     * duplicate address detection and MLD reports that every node floods to all its ports of the net and to every
     * tunnel of it (measured in a 1,000-guest lab: about 600 datapath flows per node instead of 30, 3 MB more per
     * node, issue 11). dovs' nets are IPv4; an address added by hand still works.
     */
    void configure(String netns, String ifname, String cidr, String gateway);

    /**
     * One guest of {@link #createGuests}: {@code ifname} with {@code mac}, {@code mtu} (bytes) and {@code cidr} in
     * namespace {@code netns}; {@code peer} in the node; {@code gateway} the default route's next hop, or null.
     */
    record GuestSpec(String netns, String ifname, String peer, String mac, int mtu, String cidr, String gateway) {
    }

    /**
     * What {@link #create}, {@link #createVeth} and {@link #configure} do, for several guests of the node whose
     * process is {@code pid}. Fails with {@link AlreadyExistsException} (nothing created) when any namespace exists;
     * a failure part-way removes what this call created and throws {@link RolledBackException}, or the cause itself
     * when that removal failed too. This default does it guest by guest; drivers batch it.
     */
    default void createGuests(long pid, List<GuestSpec> guests) {
        for (GuestSpec g : guests) {
            if (exists(g.netns())) {
                throw new AlreadyExistsException("namespace " + g.netns() + " already exists: nothing was created");
            }
        }
        try {
            for (GuestSpec g : guests) {
                create(g.netns());
                createVeth(g.netns(), g.ifname(), g.mac(), g.mtu(), g.peer(), pid);
                configure(g.netns(), g.ifname(), g.cidr(), g.gateway());
            }
        } catch (RuntimeException e) {
            throw removeCreated(guests, e);
        }
    }

    /**
     * After a failed {@link #createGuests}: deletes the namespaces of {@code guests} that exist (none did before the
     * call), and gives the exception to throw.
     */
    default RuntimeException removeCreated(List<GuestSpec> guests, RuntimeException cause) {
        try {
            for (GuestSpec g : guests) {
                delete(g.netns());
            }
        } catch (RuntimeException e) {
            cause.addSuppressed(e);
            return cause;
        }
        return new RolledBackException(cause.getMessage() + " (the namespaces this step made were removed)", cause);
    }

    List<String> list(String prefix);

    /** Replaces the namespace's default route by one via {@code gateway} on {@code ifname}; null removes it. */
    default void setGateway(String netns, String ifname, String gateway) {
        throw new UnsupportedOperationException("setGateway");
    }

    void enableForwarding(String netns);

    /** Moves {@code link} from the netns of process {@code fromPid} to that of {@code toPid}, and sets it up. */
    void moveLink(String link, long fromPid, long toPid);

    /** Sends a gratuitous ARP for {@code ip} from {@code ifname} (does not wait for the tool to finish). */
    void announce(String netns, String ifname, String ip);

    boolean exists(String netns);

    class AlreadyExistsException extends RuntimeException {
        public AlreadyExistsException(String message) {
            super(message);
        }
    }

    /** A failure after which the driver removed everything the call had made: nothing is left to undo. */
    class RolledBackException extends RuntimeException {
        public RolledBackException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    // ---- issue 12: link impairment ------------------------------------------------------------------------------

    /**
     * Replaces the root qdisc of {@code ifname} in {@code netns} with tc netem (tc-netem(8)) as {@code impairment}
     * says. Fails with a clear message when the kernel has no netem (CONFIG_NET_SCH_NETEM).
     */
    void setNetem(String netns, String ifname, dev.dovs.events.model.Impairment impairment);

    /** Removes a netem root qdisc of {@code ifname}; a link without one is left as it is. */
    void clearNetem(String netns, String ifname);
    // ---- end issue 12 -------------------------------------------------------------------------------------------
}
