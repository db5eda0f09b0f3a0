package dev.dovs.engine.ovn;

import java.util.ArrayList;
import java.util.List;

/**
 * The ovn-nbctl(8) transactions dovs sends for a lab's nets, routers and guests (one method per object, with its
 * undo). Each returns the command words of one transaction, commands separated by {@code --}. Every object gets
 * {@code external_ids:dovs-lab=<lab>} so that {@code clean} finds it by mark. Creations use {@code --may-exist}
 * and deletions {@code --if-exists}: applying one twice (a replay, a retried compensation) succeeds.
 */
public final class NbCommands {
    private final OvnNames names;
    private final String lab;

    public NbCommands(OvnNames names) {
        this.names = names;
        this.lab = names.naming().lab();
    }

    private String mark() {
        return "external_ids:" + OvnNames.MARK + "=" + lab;
    }

    /** A net: a logical switch with its subnet (null: none, a node's local switch) ({@code other_config:subnet}, as OVN's IPAM reads it). */
    public List<String> createSwitch(String net, String subnet) {
        String ls = names.logicalSwitch(net);
        List<String> c = new ArrayList<>(List.of("--may-exist", "ls-add", ls, "--", "set", "Logical_Switch", ls));
        if (subnet != null) {
            c.add("other_config:subnet=" + subnet);
        }
        c.addAll(List.of(mark(), "external_ids:dovs-net=" + net));
        return List.copyOf(c);
    }

    public List<String> deleteSwitch(String net) {
        return List.of("--if-exists", "ls-del", names.logicalSwitch(net));
    }

    /**
     * A guest's port on its net's switch, named by its port id, with {@code addresses} and
     * {@code port_security} "MAC IP" (neutron's form: the guest may use only its own MAC and address).
     */
    public List<String> createGuestPort(String net, String portId, String guest, String mac, String ip) {
        String macIp = mac + " " + ip;
        return List.of("--may-exist", "lsp-add", names.logicalSwitch(net), portId,
                "--", "lsp-set-addresses", portId, macIp,
                "--", "lsp-set-port-security", portId, macIp,
                "--", "set", "Logical_Switch_Port", portId, mark(), "external_ids:dovs-guest=" + guest);
    }

    public List<String> deletePort(String portId) {
        return List.of("--if-exists", "lsp-del", portId);
    }

    public List<String> createRouter(String router) {
        String lr = names.logicalRouter(router);
        return List.of("--may-exist", "lr-add", lr,
                "--", "set", "Logical_Router", lr, mark(), "external_ids:dovs-router=" + router);
    }

    public List<String> deleteRouter(String router) {
        return List.of("--if-exists", "lr-del", names.logicalRouter(router));
    }

    /**
     * A router interface: the router port holding the subnet's gateway address (second-to-last), with
     * {@code gateway_mtu} = the Geneve MTU (the router then answers oversized packets with "fragmentation
     * needed"), and its peer port of type router on the net's switch.
     *
     * @param gatewayCidr e.g. {@code 10.0.0.254/24}
     */
    public List<String> createRouterPort(String router, String net, String mac, String gatewayCidr) {
        String id = names.routerPortId(router, net);
        String lrp = OvnNames.logicalRouterPort(id);
        List<String> c = new ArrayList<>(List.of("--may-exist", "lrp-add", names.logicalRouter(router), lrp, mac,
                gatewayCidr,
                "--", "set", "Logical_Router_Port", lrp, "options:gateway_mtu=" + OvnNames.GENEVE_MTU, mark(),
                "--", "--may-exist", "lsp-add", names.logicalSwitch(net), id,
                "--", "lsp-set-type", id, "router",
                "--", "lsp-set-addresses", id, "router",
                "--", "lsp-set-options", id, "router-port=" + lrp,
                "--", "set", "Logical_Switch_Port", id, mark(), "external_ids:dovs-router=" + router));
        return List.copyOf(c);
    }

    public List<String> deleteRouterPort(String router, String net) {
        String id = names.routerPortId(router, net);
        return List.of("--if-exists", "lsp-del", id, "--", "--if-exists", "lrp-del", OvnNames.logicalRouterPort(id));
    }

    /** The read of a clean's sweep: the uuids of one table's rows carrying the lab's mark. */
    public List<String> findMarked(String table) {
        return List.of("--bare", "--columns=_uuid", "find", table, "external_ids:" + OvnNames.MARK + "=" + lab);
    }
}
