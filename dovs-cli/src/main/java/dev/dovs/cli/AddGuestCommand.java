package dev.dovs.cli;

import dev.dovs.engine.controller.Controllers;
import dev.dovs.engine.odl.OdlController;
import dev.dovs.engine.ovn.OvnNames;

import dev.dovs.engine.DovsException;
import dev.dovs.events.Intent;
import dev.dovs.events.model.AddressRules;
import dev.dovs.events.model.Ipv4Cidr;
import dev.dovs.events.model.Topology;
import dev.dovs.events.model.Validation;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

import java.security.SecureRandom;
import java.util.UUID;
import java.util.concurrent.Callable;

@Command(name = "add-guest", description = "Create a guest namespace connected to the specified node.")
final class AddGuestCommand implements Callable<Integer>, Validated {
    private static final SecureRandom RANDOM = new SecureRandom();

    @ParentCommand
    Dovs root;

    @Option(names = "--name", paramLabel = "G",
            description = "Guest name (namespace dovs-<name>). Default: the first 11 characters "
            + "of its port uuid.")
    String name;

    @Option(names = "--ip", paramLabel = "CIDR", required = true,
            description = "Guest address as CIDR, e.g. 10.0.0.1/24.")
    String ip;

    @Option(names = "--node", paramLabel = "N", required = true, description = "Node to plug the guest into.")
    String node;

    @Option(names = "--net", paramLabel = "S",
            description = "Overlay network (neutron subnet) to join; created on first use with "
            + "the subnet of --ip. Spans every node over VXLAN; nets are isolated from each other.")
    String net;

    @Option(names = "--router", paramLabel = "R",
            description = "Router to attach the net to (created on first use); guests get a "
            + "default route via the subnet's gateway, its second-to-last address.")
    String router;

    @Option(names = "--mac", paramLabel = "M", description = "Guest MAC, xx:xx:xx:xx:xx:xx (either case; kept "
            + "in lowercase). Default: a random fa:16:3e:xx:xx:xx (neutron's prefix).")
    String mac;

    @Mixin
    OdlOptions odl;

    @Option(names = "--odl-binding-timeout", paramLabel = "SECONDS", defaultValue = "60", description = "With --odl: "
            + "how long to wait for ODL to bind the guest's tap to its port. Default: ${DEFAULT-VALUE}.")
    int bindingTimeout;

    /** Its range whether or not --odl is given: a value out of range is a mistake either way. */
    @Override
    public void validate() {
        OdlOptions.checkWait("--odl-binding-timeout", bindingTimeout);
    }

    @Mixin
    OvnOptions ovn;

    @Mixin
    OvnOptions.Binding binding;

    @Mixin
    SubmitOptions submit;

    @Override
    public Integer call() {
        String portId = UUID.randomUUID().toString();
        String guest = name != null ? name : portId.substring(0, 11);
        Validation.name("guest", guest);
        Validation.name("node", node);
        String cidr = Ipv4Cidr.parseHost(ip).toString(); // canonical: "010" would mean octal 8 to iproute2
        if (router != null && net == null) {
            throw new DovsException(DovsException.INVALID, "--router needs --net");
        }
        if (net != null) {
            Validation.name("net", net);
        }
        if (router != null) {
            Validation.name("router", router);
            AddressRules.routableProblem(Ipv4Cidr.parseHost(cidr)).ifPresent(p -> {
                throw new DovsException(DovsException.INVALID, p);
            });
        }
        String guestMac = mac != null ? Validation.mac(mac) : randomMac();
        String endpoint = odl.endpoint();
        Intent.ControllerTarget target = endpoint == null ? null : OdlController.target(endpoint,
                OdlController.DEFAULT_BRIDGE_WAIT_SECONDS,
                OdlOptions.checkWait("--odl-binding-timeout", bindingTimeout));
        if (target != null && net == null) {
            root.spec.commandLine().getErr().println("dovs: warning: --odl without --net creates no neutron port "
                    + "(as the original): the guest is only plugged into br-int");
        }
        Intent.ControllerTarget ovnTarget = ovn.target(OvnNames.GENEVE, binding.seconds, endpoint != null);
        root.checkLabAndRoot();
        Intent.ControllerTarget chosen = ovnTarget != null ? ovnTarget : target;
        int mtu = net == null ? Topology.PLAIN_MTU : Controllers.of(chosen).overlayMtu();
        // OVN also holds a net-less guest (on its node's local switch); ODL has nothing for one (as the original)
        Intent.ControllerTarget guestTarget = ovnTarget != null ? ovnTarget : net == null ? null : target;
        return Commands.submit(root, new Intent.AddGuest(guest, node, cidr, guestMac, portId, net, router, mtu,
                guestTarget), submit, odl);
    }

    /** OpenStack's fa:16:3e prefix, so the lab looks like neutron allocated the port. */
    static String randomMac() {
        byte[] b = new byte[3];
        RANDOM.nextBytes(b);
        return String.format("fa:16:3e:%02x:%02x:%02x", b[0] & 0xff, b[1] & 0xff, b[2] & 0xff);
    }
}
