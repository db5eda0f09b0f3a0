package dev.dovs.engine.labfile;

import dev.dovs.events.Intent;
import dev.dovs.events.model.Impairment;

import java.util.List;
import java.util.Objects;

/**
 * A lab as a topology file describes it (the schema is documented in {@code docs/commands.md}, "Topology files"):
 * what {@code dovs apply -f} converges the host to and what {@code dovs export} writes. Values are already
 * validated and canonical (addresses as {@code a.b.c.d/p}, MACs in lowercase) when a {@link LabFileReader} made it.
 *
 * @param lab        the lab the file is meant for, or null for whichever {@code --lab} is given
 * @param controller who makes the overlay: dovs itself ({@link Controller#NONE}), an OpenDaylight or OVN
 * @param nodes      in file order
 * @param nets       in file order
 * @param guests     in file order (the order {@code apply} adds them in)
 */
public record LabFile(String lab, Controller controller, List<Node> nodes, List<Net> nets, List<Guest> guests) {
    public static final String DEFAULT_IMAGE = "dovs/node:latest";

    public LabFile {
        Objects.requireNonNull(controller, "controller");
        nodes = List.copyOf(nodes);
        nets = List.copyOf(nets);
        guests = List.copyOf(guests);
    }

    /**
     * The lab's overlay maker, as the log names it: {@code target} null for dovs' own VXLAN overlay ({@code none}),
     * else the target its nodes get, with the options the file can set. {@code odl}: {@code OdlController.target}
     * of the RESTCONF {@code HOST:PORT}, default waits. {@code ovn}: {@code OvnController.target} of the lab's own
     * central or of the NB and SB remotes of an OVN that runs, with the encapsulation and binding timeout (as
     * {@code --ovn}, {@code --ovn-nb}, {@code --ovn-sb}, {@code --ovn-encap}, {@code --ovn-binding-timeout}).
     */
    public record Controller(Intent.ControllerTarget target) {
        public static final Controller NONE = new Controller(null);

        /** {@code none}, {@code odl} or {@code ovn}: the file's {@code controller.type}. */
        public String type() {
            return target == null ? "none" : target.kind().wireName();
        }

        public boolean isOdl() {
            return target != null && target.kind() == Intent.ControllerKind.ODL;
        }

        public boolean isOvn() {
            return target != null && target.kind() == Intent.ControllerKind.OVN;
        }
    }

    /** A node: {@code image} is never null (the default image when the file has none). */
    public record Node(String name, String image) {
    }

    /** An overlay net: {@code subnet} a network CIDR ({@code 10.0.0.0/24}); {@code router} null when none. */
    public record Net(String name, String subnet, String router) {
    }

    /**
     * A guest: {@code cidr} its address with prefix; {@code net}, {@code mac}, {@code portId} and {@code netem} are
     * null when the file leaves them out ({@code apply} then draws a MAC and a port id for a new guest).
     */
    public record Guest(String name, String node, String net, String cidr, String mac, String portId,
                        Impairment netem) {
    }

    public java.util.Optional<Net> net(String name) {
        return nets.stream().filter(n -> n.name().equals(name)).findFirst();
    }
}
