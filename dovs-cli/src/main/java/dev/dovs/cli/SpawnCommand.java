package dev.dovs.cli;

import dev.dovs.engine.controller.Controllers;
import dev.dovs.engine.odl.OdlController;
import dev.dovs.engine.ovn.OvnNames;

import dev.dovs.engine.DovsException;
import dev.dovs.engine.image.ImageBuilder;
import dev.dovs.events.Intent;
import dev.dovs.events.model.Ipv4Cidr;
import dev.dovs.events.model.Topology;
import dev.dovs.events.model.Validation;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;

@Command(name = "spawn", description = "Set up nodes, guests and overlay networks in a single command, with the "
        + "original's names and address plan.")
final class SpawnCommand implements Callable<Integer>, Validated {
    @ParentCommand
    Dovs root;

    @Option(names = "--nodes", paramLabel = "N", required = true,
            description = "Number of nodes, 1-50: dovs-node-1..N.")
    int nodes;

    @Option(names = "--guests", paramLabel = "G", defaultValue = "0",
            description = "Guests per node: node-<n>-guest-<g>.")
    int guests;

    @Option(names = "--nets", paramLabel = "K", defaultValue = "0",
            description = "Number of overlay nets dovs-net-1..K; guests are "
            + "spread round-robin. Without it guests only share their node's br-int.")
    int nets;

    @Option(names = "--routed", description = "Attach every net to router1 (distinct /24s of 10.0.0.0/16); "
            + "without it all nets use 10.0.0.0/24 (overlapping, isolated).")
    boolean routed;

    @Option(names = "--image", paramLabel = "I", defaultValue = ImageBuilder.DEFAULT_IMAGE, description = "Node image "
            + "('dovs image build' makes it). Default: ${DEFAULT-VALUE}.")
    String image;

    @Mixin
    OdlOptions odl;

    @Option(names = "--odl-bridge-wait", paramLabel = "SECONDS", defaultValue = "20", description = "With --odl: "
            + "how long each node waits for ODL to create br-int. Default: ${DEFAULT-VALUE}.")
    int bridgeWait;

    @Option(names = "--odl-binding-timeout", paramLabel = "SECONDS", defaultValue = "60", description = "With --odl: "
            + "how long to wait for ODL to bind each guest's tap. Default: ${DEFAULT-VALUE}.")
    int bindingTimeout;

    /** The ranges whether or not --odl is given: a value out of range is a mistake either way. */
    @Override
    public void validate() {
        OdlOptions.checkWait("--odl-bridge-wait", bridgeWait);
        OdlOptions.checkWait("--odl-binding-timeout", bindingTimeout);
    }

    @Mixin
    OvnOptions ovn;

    @Mixin
    OvnOptions.Encap encap;

    @Mixin
    OvnOptions.Binding binding;

    @Mixin
    SubmitOptions submit;

    @Override
    public Integer call() {
        Validation.image(image);
        String endpoint = odl.endpoint();
        Intent.ControllerTarget target = endpoint == null ? null : OdlController.target(endpoint,
                OdlOptions.checkWait("--odl-bridge-wait", bridgeWait),
                OdlOptions.checkWait("--odl-binding-timeout", bindingTimeout));
        Intent.ControllerTarget ovnTarget = ovn.target(encap.encap, binding.seconds, endpoint != null);
        Intent.Spawn spawn = ovnTarget != null ? plan(nodes, guests, nets, routed, image, ovnTarget, true)
                : plan(nodes, guests, nets, routed, image, target); // input first, then privileges
        root.checkLabAndRoot();
        return Commands.submit(root, spawn, submit, odl);
    }

    static Intent.Spawn plan(int nodeCount, int guestsPerNode, int netCount, boolean routed, String image) {
        return plan(nodeCount, guestsPerNode, netCount, routed, image, null);
    }

    /**
     * The original's plan (spec 4.5): k-th net gets subnets[k % K] when routed, else subnets[0]; hosts from .1.
     * With {@code odl} (a controller), every node is handed to it and every net is that controller's.
     */
    static Intent.Spawn plan(int nodeCount, int guestsPerNode, int netCount, boolean routed, String image,
                             Intent.ControllerTarget odl) {
        return plan(nodeCount, guestsPerNode, netCount, routed, image, odl, false);
    }

    /**
     * {@code ovn}: the controller is OVN, which also holds net-less guests (on their node's local switch), and
     * whose guests on nets get the Geneve MTU.
     */
    static Intent.Spawn plan(int nodeCount, int guestsPerNode, int netCount, boolean routed, String image,
                             Intent.ControllerTarget odl, boolean ovn) {
        if (nodeCount < 1 || nodeCount > 50) {
            throw new DovsException(DovsException.INVALID, "--nodes must be 1-50, not " + nodeCount);
        }
        if (guestsPerNode < 0) {
            throw new DovsException(DovsException.INVALID, "--guests must be >= 0, not " + guestsPerNode);
        }
        if (netCount < 0 || netCount > 250) {
            throw new DovsException(DovsException.INVALID, "--nets must be 0-250, not " + netCount);
        }
        int k = Math.max(1, netCount);
        if ((long) nodeCount * guestsPerNode > 253L * k) {
            throw new DovsException(DovsException.INVALID, nodeCount * guestsPerNode + " guests do not fit in " + k
                    + " /24 net(s) (253 hosts each, below the gateway)");
        }
        if (routed && netCount == 0) {
            throw new DovsException(DovsException.INVALID, "--routed needs --nets (the router joins nets)");
        }
        List<Intent.AddNode> nodeList = new ArrayList<>();
        for (int n = 1; n <= nodeCount; n++) {
            nodeList.add(new Intent.AddNode("dovs-node-" + n, image, odl));
        }
        int overlayMtu = Controllers.of(odl).overlayMtu();
        int[] nextHost = new int[k];
        java.util.Set<String> macs = new java.util.HashSet<>();
        List<Intent.AddGuest> guestList = new ArrayList<>();
        int c = 0;
        for (int n = 1; n <= nodeCount; n++) {
            for (int g = 1; g <= guestsPerNode; g++) {
                int net = c % k;
                int subnet = routed ? (net + 1) % k : 0;
                String cidr = "10.0." + subnet + "." + (++nextHost[net]) + "/24";
                Ipv4Cidr.parseHost(cidr); // the plan obeys the same address rules as --ip
                String portId = UUID.randomUUID().toString();
                String mac;
                do {
                    mac = AddGuestCommand.randomMac(); // 24 random bits: redraw the rare collision within the plan
                } while (!macs.add(mac));
                String netName = netCount > 0 ? "dovs-net-" + (net + 1) : null;
                guestList.add(new Intent.AddGuest("node-" + n + "-guest-" + g, "dovs-node-" + n, cidr, mac, portId,
                        netName, routed ? "router1" : null, netCount > 0 ? overlayMtu : Topology.PLAIN_MTU,
                        netCount > 0 || ovn ? odl : null));
                c++;
            }
        }
        return new Intent.Spawn(nodeList, guestList);
    }
}
