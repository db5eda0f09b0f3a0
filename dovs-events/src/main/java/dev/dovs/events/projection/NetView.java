package dev.dovs.events.projection;

/** An overlay network: its subnet (from its first guest), VNI and local VLAN; {@code router} null if none. */
public record NetView(String name, String subnet, int vni, int vlan, String router) {
    NetView withRouter(String r) {
        return new NetView(name, subnet, vni, vlan, r);
    }
}
