package dev.dovs.engine.odl;

import dev.dovs.events.Action;
import dev.dovs.events.Intent;
import dev.dovs.events.model.Ipv4Cidr;
import dev.dovs.events.model.LabNaming;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Plans the neutron objects of guests in an ODL-managed lab, against what ODL already holds for the lab's tenant
 * (the snapshot read before deciding) plus what the same intent plans before. Reuses subnets and routers by name
 * and refuses an incompatible one, as the original did, but before any side effect. Pure: it only computes actions.
 *
 * <p>Order (contract B.1-B.5): network, subnets, routers, router-interface ports, compute ports; after the host
 * plugged the taps, wait for ODL to bind each of them.
 */
final class OdlPlanner {
    private final OdlLab lab;
    private final String endpoint;
    private final OdlSnapshot odl;
    private final Map<String, NeutronSubnet> plannedSubnets = new LinkedHashMap<>();
    private final Map<String, NeutronRouter> plannedRouters = new LinkedHashMap<>();
    private final Map<String, NeutronPort> plannedRouterPorts = new LinkedHashMap<>(); // by subnet uuid
    private final List<NeutronPort> computePorts = new ArrayList<>();
    private final List<Action> bindings = new ArrayList<>();
    private final Map<String, String> gateways = new HashMap<>();
    private final Map<String, NeutronNetwork> plannedNetworks = new LinkedHashMap<>(); // by uuid
    /** Nets that get their router interface in this intent: net name -> the interface's address. */
    private final Map<String, String> netGateways = new HashMap<>();

    /** The segmentation ids of every network ODL holds (of any tenant) and of those planned here. */
    private final java.util.Set<String> takenVnis = new java.util.HashSet<>();

    OdlPlanner(OdlLab lab, String endpoint, OdlSnapshot snapshot) {
        this.lab = lab;
        this.endpoint = endpoint;
        this.odl = snapshot.ofTenant(lab.tenant());
        snapshot.networks().forEach(n -> takenVnis.add(n.segmentationId()));
    }

    /** The net's derived segmentation id, or the next free one (cyclic in 1..65535) when another network has it. */
    private NeutronNetwork newNetwork(String net) {
        int vni = lab.segmentationId(net);
        for (int tries = 0; takenVnis.contains(String.valueOf(vni)); tries++) {
            if (tries == OdlLab.MAX_SEGMENTATION_ID) {
                throw new IllegalArgumentException("ODL has no free VXLAN segmentation id left for net " + net);
            }
            vni = vni % OdlLab.MAX_SEGMENTATION_ID + 1;
        }
        takenVnis.add(String.valueOf(vni));
        return NeutronNetwork.forNet(lab, net, vni);
    }

    String endpoint() {
        return endpoint;
    }

    /** Null when the guest's objects can be planned, else why not. */
    String addGuest(Intent.AddGuest g) {
        Ipv4Cidr ip = Ipv4Cidr.parseHost(g.cidr());
        NeutronSubnet subnet = subnet(g.net()).orElse(null);
        boolean newSubnet = subnet == null;
        if (newSubnet) {
            subnet = NeutronSubnet.forGuest(lab, lab.subnetId(g.net()), g.net(), g.cidr());
        } else if (!ip.subnet().equals(subnet.cidr())) {
            return "subnet " + g.net() + " exists in ODL with address " + subnet.cidr()
                    + ", incompatible with guest address " + g.cidr();
        }
        if (ip.ip().equals(subnet.gatewayIp())) {
            return "address " + ip.ip() + " is the gateway of subnet " + g.net() + " in ODL";
        }
        NeutronPort routerPort = routerPortOf(subnet.uuid()).orElse(null);
        NeutronRouter router = null;
        if (routerPort != null) {
            router = router(routerPort.deviceId()).orElse(null);
            if (router == null) {
                return "ODL has router interface port " + routerPort.uuid() + " on subnet " + g.net()
                        + " but no router " + routerPort.deviceId();
            }
            if (g.router() != null && !g.router().equals(router.name())) {
                return "subnet " + g.net() + " is attached to router " + router.name() + " in ODL, not " + g.router();
            }
        } else if (g.router() != null) {
            router = router(g.router()).orElse(null);
            if (router == null) {
                router = NeutronRouter.of(lab, lab.routerId(g.router()), g.router());
                plannedRouters.put(router.name(), router);
            }
            String portId = lab.routerPortId(router.name(), g.net());
            routerPort = NeutronPort.routerInterface(portId, router, subnet, OdlLab.routerPortMac(portId));
            plannedRouterPorts.put(subnet.uuid(), routerPort);
            netGateways.put(g.net(), routerPort.fixedIps().get(0).ipAddress());
        }
        if (newSubnet) {
            plannedSubnets.put(g.net(), subnet);
        }
        // A reused subnet may live on another network of the tenant; the net's own one is created once, if missing.
        String networkId = lab.networkId(g.net());
        if (subnet.networkId().equals(networkId) && odl.network(networkId).isEmpty()) {
            if (!plannedNetworks.containsKey(networkId)) {
                plannedNetworks.put(networkId, newNetwork(g.net()));
            }
        }
        computePorts.add(NeutronPort.compute(g.portId(), g.guest(), g.mac(), subnet, ip.ip(), g.node()));
        int bound = OdlController.bindingTimeoutSeconds(g.controller());
        bindings.add(new Action.OdlAwaitBinding(endpoint, g.portId(), LabNaming.tap(g.portId()), bound));
        if (routerPort != null) {
            gateways.put(g.guest(), routerPort.fixedIps().get(0).ipAddress());
        }
        return null;
    }

    /** The guest's default gateway: its subnet's router interface, null when the subnet is not routed. */
    String gateway(String guest) {
        return gateways.get(guest);
    }

    /**
     * The default gateway of a guest that existed before this intent, on a net that gets its router interface in
     * this intent; null otherwise.
     */
    String netGateway(String net) {
        return netGateways.get(net);
    }

    /** The stages to run before the host side: every object a later one refers to comes first. */
    List<List<Action>> objectStages() {
        List<List<Action>> stages = new ArrayList<>();
        addStage(stages, plannedNetworks.values().stream()
                .map(n -> put("network", n.uuid(), n.name(), n.toBody().encode())).toList());
        addStage(stages, plannedSubnets.values().stream()
                .map(s -> put("subnet", s.uuid(), s.name(), s.toBody().encode())).toList());
        addStage(stages, plannedRouters.values().stream()
                .map(r -> put("router", r.uuid(), r.name(), r.toBody().encode())).toList());
        addStage(stages, plannedRouterPorts.values().stream()
                .map(p -> put("port", p.uuid(), p.name(), p.toBody().encode())).toList());
        addStage(stages, computePorts.stream().map(p -> put("port", p.uuid(), p.name(), p.toBody().encode())).toList());
        return stages;
    }

    /** The last stage: ODL (genius) has seen each tap with its iface-id. */
    List<Action> bindingStage() {
        return List.copyOf(bindings);
    }

    private Action put(String resource, String uuid, String name, String body) {
        return new Action.OdlPut(endpoint, resource, uuid, name, body);
    }

    private static void addStage(List<List<Action>> stages, List<Action> stage) {
        if (!stage.isEmpty()) {
            stages.add(stage);
        }
    }

    private Optional<NeutronSubnet> subnet(String idOrName) {
        NeutronSubnet planned = plannedSubnets.get(idOrName);
        return planned != null ? Optional.of(planned) : odl.subnet(idOrName);
    }

    private Optional<NeutronRouter> router(String idOrName) {
        for (NeutronRouter r : plannedRouters.values()) {
            if (r.uuid().equals(idOrName) || r.name().equals(idOrName)) {
                return Optional.of(r);
            }
        }
        return odl.router(idOrName);
    }

    private Optional<NeutronPort> routerPortOf(String subnetUuid) {
        NeutronPort planned = plannedRouterPorts.get(subnetUuid);
        return planned != null ? Optional.of(planned) : odl.routerPortOf(subnetUuid);
    }
}
