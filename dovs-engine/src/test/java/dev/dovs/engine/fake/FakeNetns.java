package dev.dovs.engine.fake;

import dev.dovs.engine.netns.NetnsDriver;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * {@code ip netns}, {@code ip link}, {@code nsenter} and {@code arping} as the kernel answers them: a namespace
 * name is taken once; a veth needs both namespaces, valid names (at most 15 characters), a MAC and an MTU the
 * kernel accepts, and names free in both namespaces; deleting a namespace destroys its veths and their peers; an
 * address is added once; a default gateway must be on a connected subnet. Messages are iproute2's.
 */
public final class FakeNetns implements NetnsDriver {
    private final FakeHost host;

    FakeNetns(FakeHost host) {
        this.host = host;
    }

    // ---- what tests look at --------------------------------------------------------------------------------

    /** The links of a named namespace (name -> up, MAC, MTU, addresses), or null when it does not exist. */
    public record LinkState(String name, String mac, int mtu, boolean up, List<String> addresses,
                            boolean txChecksumOffload) {
    }

    public List<LinkState> links(String netns) {
        synchronized (host) {
            FakeHost.Namespace ns = host.namedNamespaces.get(netns);
            return ns == null ? null : state(ns);
        }
    }

    /** The links inside a running container's namespace. */
    public List<LinkState> linksOfPid(long pid) {
        synchronized (host) {
            return state(host.pidNamespace(pid));
        }
    }

    public String defaultGateway(String netns) {
        synchronized (host) {
            return namespace(netns).defaultGateway;
        }
    }

    public boolean forwarding(String netns) {
        synchronized (host) {
            return namespace(netns).forwarding;
        }
    }

    /** The addresses a namespace announced with gratuitous ARP, in order. */
    public List<String> announced(String netns) {
        synchronized (host) {
            return List.copyOf(namespace(netns).arpAnnounced);
        }
    }

    private static List<LinkState> state(FakeHost.Namespace ns) {
        return ns.links.values().stream().map(l -> new LinkState(l.name, l.mac, l.mtu, l.up,
                List.copyOf(l.addresses.keySet()), l.txChecksumOffload)).toList();
    }

    // ---- NetnsDriver ---------------------------------------------------------------------------------------

    @Override
    public void create(String netns) {
        synchronized (host) {
            if (netns == null || netns.isEmpty() || netns.contains("/") || netns.equals(".") || netns.equals("..")
                    || netns.length() > 255) {
                throw new IllegalArgumentException("Invalid netns name \"" + netns + "\"");
            }
            if (host.namedNamespaces.containsKey(netns)) {
                throw new AlreadyExistsException("namespace " + netns + " already exists");
            }
            host.namedNamespaces.put(netns, new FakeHost.Namespace());
        }
    }

    @Override
    public boolean delete(String netns) {
        synchronized (host) {
            FakeHost.Namespace ns = host.namedNamespaces.remove(netns);
            if (ns == null) {
                return false;
            }
            destroy(ns);
            return true;
        }
    }

    /** A namespace going away takes its veths with it, and so their peers, wherever they are. */
    void destroy(FakeHost.Namespace ns) {
        if (ns == null) {
            return;
        }
        synchronized (host) {
            for (FakeHost.Link l : List.copyOf(ns.links.values())) {
                if (l.peer != null) {
                    for (FakeHost.Namespace other : all()) {
                        FakeHost.Link p = other.links.get(l.peer);
                        if (other != ns && p != null && l.name.equals(p.peer)) {
                            other.links.remove(l.peer);
                        }
                    }
                }
            }
            ns.links.clear();
        }
    }

    private List<FakeHost.Namespace> all() {
        List<FakeHost.Namespace> all = new ArrayList<>(host.namedNamespaces.values());
        all.addAll(host.pidNamespaces.values());
        return all;
    }

    @Override
    public void createVeth(String netns, String ifname, String mac, int mtu, String peer, long pid) {
        synchronized (host) {
            FakeHost.Namespace ns = namespace(netns);
            FakeHost.requireIfname(ifname);
            FakeHost.requireIfname(peer);
            FakeHost.requireMac(mac);
            if (mtu < 68 || mtu > 65535) {
                throw new IllegalArgumentException("Error: mtu " + mtu + " is out of range (68-65535)");
            }
            FakeHost.Namespace node = host.pidNamespace(pid);
            if (ns.links.containsKey(ifname) || node.links.containsKey(peer)
                    || (ns == node && ifname.equals(peer))) {
                throw new IllegalStateException("RTNETLINK answers: File exists");
            }
            FakeHost.Link a = new FakeHost.Link(ifname, mac, mtu, peer);
            FakeHost.Link b = new FakeHost.Link(peer, "fe:ed:00:00:00:01", mtu, ifname);
            b.up = true; // the driver sets the node end up
            ns.links.put(ifname, a);
            node.links.put(peer, b);
        }
    }

    @Override
    public void configure(String netns, String ifname, String cidr, String gateway) {
        synchronized (host) {
            FakeHost.Namespace ns = namespace(netns);
            FakeHost.Link link = link(ns, ifname);
            int[] addr = FakeHost.requireCidr(cidr);
            if (link.addresses.containsKey(cidr)) {
                throw new IllegalStateException("RTNETLINK answers: File exists");
            }
            if (gateway != null) {
                int gw = FakeHost.requireIp(gateway);
                if (!FakeHost.sameSubnet(gw, addr[0], addr[1])) {
                    throw new IllegalStateException("Error: Nexthop has invalid gateway.");
                }
                if (ns.defaultGateway != null) {
                    throw new IllegalStateException("RTNETLINK answers: File exists");
                }
            }
            link.addresses.put(cidr, "");
            ns.links.get("lo").up = true;
            link.up = true;
            if (gateway != null) {
                ns.defaultGateway = gateway;
            }
            link.txChecksumOffload = false;
        }
    }

    @Override
    public List<String> list(String prefix) {
        synchronized (host) {
            return host.namedNamespaces.keySet().stream().filter(n -> n.startsWith(prefix)).toList();
        }
    }

    @Override
    public void enableForwarding(String netns) {
        synchronized (host) {
            namespace(netns).forwarding = true;
        }
    }

    @Override
    public void moveLink(String link, long fromPid, long toPid) {
        synchronized (host) {
            FakeHost.Namespace from = host.pidNamespace(fromPid);
            FakeHost.Namespace to = host.pidNamespace(toPid);
            FakeHost.Link l = from.links.get(link);
            if (l != null) {
                if (to.links.containsKey(link)) {
                    throw new AlreadyExistsException("an interface named " + link + " already exists in the "
                            + "destination node (not made by dovs for this guest): nothing was moved");
                }
                from.links.remove(link);
                to.links.put(link, l);
            } else if (!to.links.containsKey(link)) {
                throw new IllegalStateException("link " + link + " is in neither node");
            }
            to.links.get(link).up = true;
        }
    }

    @Override
    public void announce(String netns, String ifname, String ip) {
        synchronized (host) {
            FakeHost.Namespace ns = namespace(netns);
            FakeHost.Link l = link(ns, ifname);
            FakeHost.requireIp(ip);
            if (!l.up) {
                throw new IllegalStateException("arping: interface \"" + ifname + "\" is down");
            }
            ns.arpAnnounced.add(ip);
        }
    }

    @Override
    public boolean exists(String netns) {
        synchronized (host) {
            return host.namedNamespaces.containsKey(netns);
        }
    }

    // ---- issue 12: tc netem, as tc answers: the namespace and the device must exist ----------------------------

    private final java.util.Map<String, dev.dovs.events.model.Impairment> netem = new java.util.HashMap<>();

    /** The netem qdisc on a link (netns + ":" + ifname), or null when it has none. */
    public dev.dovs.events.model.Impairment netem(String netns, String ifname) {
        synchronized (host) {
            return netem.get(netns + ":" + ifname);
        }
    }

    @Override
    public void setNetem(String netns, String ifname, dev.dovs.events.model.Impairment impairment) {
        synchronized (host) {
            FakeHost.Namespace ns = namespace(netns);
            if (!ns.links.containsKey(ifname)) {
                throw new IllegalStateException("Cannot find device \"" + ifname + "\"");
            }
            netem.put(netns + ":" + ifname, impairment);
        }
    }

    @Override
    public void clearNetem(String netns, String ifname) {
        synchronized (host) {
            FakeHost.Namespace ns = namespace(netns);
            if (!ns.links.containsKey(ifname)) {
                throw new IllegalStateException("Cannot find device \"" + ifname + "\"");
            }
            netem.remove(netns + ":" + ifname);
        }
    }

    private FakeHost.Namespace namespace(String netns) {
        FakeHost.Namespace ns = host.namedNamespaces.get(netns);
        if (ns == null) {
            throw new IllegalStateException("Cannot open network namespace \"" + netns
                    + "\": No such file or directory");
        }
        return ns;
    }

    private static FakeHost.Link link(FakeHost.Namespace ns, String ifname) {
        FakeHost.Link l = ns.links.get(ifname);
        if (l == null) {
            throw new IllegalStateException("Cannot find device \"" + ifname + "\"");
        }
        return l;
    }

    /** For {@link FakeOvs}: whether a system interface exists in a node's namespace. */
    boolean hasLink(long pid, String name) {
        synchronized (host) {
            FakeHost.Namespace ns = host.pidNamespaces.get(pid);
            return ns != null && ns.links.containsKey(name);
        }
    }

    Map<String, FakeHost.Link> linksOf(long pid) {
        return host.pidNamespace(pid).links;
    }
}
