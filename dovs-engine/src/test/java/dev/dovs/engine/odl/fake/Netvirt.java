package dev.dovs.engine.odl.fake;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Emulates what netvirt and genius write in reaction to neutron ports (contract B.4, B.7, D.3): an ietf
 * interface per usable port, and its parent-interface once "OVS" reports a tap with that iface-id.
 */
final class Netvirt implements RestconfService.PortListener {

    /** genius's InterfaceManagerCommonUtils: these names are reported bare, others as "dpn:name". */
    private static final Pattern BARE = Pattern.compile(
            "(tap|vhu)[0-9a-f]{8}-[0-9a-f]{2}|tun[0-9a-f]{11}|veth[0-9a-f]{8}");
    private static final Set<String> SUPPORTED = Set.of("neutron-networks:network-type-flat",
            "neutron-networks:network-type-vlan", "neutron-networks:network-type-vxlan",
            "neutron-networks:network-type-gre");
    static final String FAKE_DPN_ID = "1";

    private final Vertx vertx;
    private final RestconfService service;
    private final Duration bindDelay;
    /** Null = no auto-plug. Volatile: the /fake/binding hook changes it while port writes read it. */
    private volatile Duration autoPlugDelay;
    /** iface-id -> tap name, as OVS external_ids would report it. Guarded by the service lock. */
    private final Map<String, String> plugs = new HashMap<>();
    /** genius's operational interface state of bound ports, by port uuid. Guarded by the service lock. */
    private final Map<String, JsonObject> states = new HashMap<>();
    private int ifIndex;

    Netvirt(Vertx vertx, RestconfService service, Duration bindDelay, Duration autoPlugDelay) {
        this.vertx = vertx;
        this.service = service;
        this.bindDelay = bindDelay;
        this.autoPlugDelay = autoPlugDelay;
    }

    void reset() {
        synchronized (service) {
            plugs.clear();
            states.clear();
        }
    }

    /** OVS reported the tap carrying {@code ifaceId} gone: genius drops the interface's operational state. */
    void unplugged(String ifaceId, String tap) {
        synchronized (service) {
            if (tap.equals(plugs.get(ifaceId))) {
                plugs.remove(ifaceId);
                states.remove(ifaceId);
            }
        }
    }

    /**
     * genius's {@code interfaces-state} entry of a bound port, as a real ODL Neon answers it (without statistics),
     * or null while it is not bound. The lower layer is {@code openflow:<FAKE_DPN_ID>:<n>}: the fake knows no
     * datapath ids.
     */
    JsonObject interfaceState(String name) {
        synchronized (service) {
            JsonObject state = states.get(name);
            return state == null ? null : new JsonObject().put("interface", new JsonArray().add(state.copy()));
        }
    }

    /** False: bind nothing (a genius that never acts). Volatile: the hook changes it while plugs read it. */
    private volatile boolean binds = true;

    void binds(boolean b) {
        binds = b;
    }

    /** Changes the auto-plug rule at runtime; null = never plug implicitly, also for plugs already pending. */
    void autoPlugDelay(Duration d) {
        autoPlugDelay = d;
    }

    @Override
    public void portsChanged(Map<String, JsonObject> before, Map<String, JsonObject> after) {
        JsonObject root = service.tree().root();
        for (String gone : before.keySet()) {
            if (!after.containsKey(gone)) {
                removeInterface(root, gone);
            }
        }
        for (Map.Entry<String, JsonObject> p : after.entrySet()) {
            if (Objects.equals(before.get(p.getKey()), p.getValue()) || !usable(root, p.getValue())) {
                continue; // unchanged, or netvirt would ignore it (no fixed IP, missing/unsupported network)
            }
            String uuid = p.getKey();
            if (findInterface(root, uuid) == null) {
                interfaces(root, true).add(new JsonObject().put("name", uuid).put("type", "iana-if-type:l2vlan")
                        .put("enabled", true).put("odl-interface:l2vlan-mode", "trunk"));
            }
            Duration auto = autoPlugDelay; // read once: the hook may change it concurrently
            if (plugs.containsKey(uuid)) {
                scheduleBind(uuid);
            } else if (auto != null && String.valueOf(p.getValue().getString("device-owner")).startsWith("compute")) {
                // No OVSDB here: pretend the tool plugged tap<uuid[0:11]> a little later, as dovs add-guest does.
                vertx.setTimer(Math.max(1, auto.toMillis()), t -> autoPlugged(uuid));
            }
        }
    }

    private void autoPlugged(String uuid) {
        // Turned off while this plug was pending: a test asked for "the binding never appears".
        if (autoPlugDelay != null) {
            plugged(uuid, "tap" + uuid.substring(0, 11));
        }
    }

    /** OVS reported a termination point whose external_ids:iface-id is {@code ifaceId}. */
    void plugged(String ifaceId, String tap) {
        synchronized (service) {
            plugs.put(ifaceId, tap);
            if (findInterface(service.tree().root(), ifaceId) != null) {
                scheduleBind(ifaceId);
            }
        }
    }

    private void scheduleBind(String ifaceId) {
        if (bindDelay.isZero()) {
            bind(ifaceId);
        } else {
            vertx.setTimer(bindDelay.toMillis(), t -> bind(ifaceId));
        }
    }

    private void bind(String ifaceId) {
        if (!binds) {
            return;
        }
        synchronized (service) {
            String tap = plugs.get(ifaceId);
            JsonObject iface = findInterface(service.tree().root(), ifaceId);
            if (tap != null && iface != null) {
                iface.put("odl-interface:parent-interface", BARE.matcher(tap).matches() ? tap : FAKE_DPN_ID + ":" + tap);
                states.computeIfAbsent(ifaceId, id -> new JsonObject().put("name", id)
                        .put("lower-layer-if", new JsonArray().add("openflow:" + FAKE_DPN_ID + ":" + (++ifIndex)))
                        .put("type", "iana-if-type:l2vlan").put("if-index", ifIndex).put("admin-status", "up")
                        .put("oper-status", "up"));
            }
        }
    }

    private static boolean usable(JsonObject root, JsonObject port) {
        JsonArray ips = port.getJsonArray("fixed-ips");
        if (ips == null || ips.isEmpty()) {
            return false;
        }
        JsonObject net = find(list(root, false, "neutron:neutron", "networks", "network"), "uuid",
                port.getString("network-id"));
        if (net == null || !SUPPORTED.contains(net.getString("neutron-provider-ext:network-type"))) {
            return false;
        }
        String type = net.getString("neutron-provider-ext:network-type");
        boolean needsSegment = type.endsWith("vxlan") || type.endsWith("vlan");
        return !needsSegment || net.getValue("neutron-provider-ext:segmentation-id") != null;
    }

    private void removeInterface(JsonObject root, String name) {
        states.remove(name);
        JsonArray arr = interfaces(root, false);
        if (arr != null) {
            arr.remove(findInterface(root, name));
            if (arr.isEmpty()) {
                root.remove("ietf-interfaces:interfaces");
            }
        }
    }

    private static JsonObject findInterface(JsonObject root, String name) {
        return find(interfaces(root, false), "name", name);
    }

    private static JsonArray interfaces(JsonObject root, boolean create) {
        return list(root, create, "ietf-interfaces:interfaces", "interface");
    }

    private static JsonArray list(JsonObject root, boolean create, String... names) {
        JsonObject cur = root;
        for (int i = 0; i < names.length - 1; i++) {
            JsonObject next = cur.getJsonObject(names[i]);
            if (next == null) {
                if (!create) {
                    return null;
                }
                next = new JsonObject();
                cur.put(names[i], next);
            }
            cur = next;
        }
        JsonArray arr = cur.getJsonArray(names[names.length - 1]);
        if (arr == null && create) {
            arr = new JsonArray();
            cur.put(names[names.length - 1], arr);
        }
        return arr;
    }

    private static JsonObject find(JsonArray arr, String key, String value) {
        if (arr != null && value != null) {
            for (Object o : arr) {
                if (value.equals(((JsonObject) o).getString(key))) {
                    return (JsonObject) o;
                }
            }
        }
        return null;
    }
}
