package dev.dovs.engine.labfile;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.dovs.engine.odl.OdlController;
import dev.dovs.engine.ovn.OvnController;
import dev.dovs.engine.ovn.OvnNames;
import dev.dovs.engine.ovn.OvnPlanner;
import dev.dovs.engine.ovn.OvnRemote;
import dev.dovs.events.model.Impairment;
import dev.dovs.events.model.Ipv4Cidr;
import dev.dovs.events.model.Validation;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Reads and validates a topology file (YAML 1.1, read with jackson-dataformat-yaml). Every error names the line and
 * column of the offending value (or key) and its path in the document: unknown keys, wrong types, invalid names,
 * addresses, MACs, port ids and impairments, duplicates, and references to nodes or nets the file does not
 * define. Whether the file fits the lab's current state (a node whose image changed, ...) is the
 * {@link LabDiff}'s concern.
 */
public final class LabFileReader {
    private static final YAMLFactory YAML = YAMLFactory.builder()
            .enable(com.fasterxml.jackson.core.StreamReadFeature.STRICT_DUPLICATE_DETECTION).build();

    /** A value of the document with where it starts; maps keep where each key is. */
    private record Y(Object value, int line, int column) {
    }

    private record YMap(Map<String, Y> values, Map<String, Y> keys, int line, int column) {
    }

    private final String source;

    private LabFileReader(String source) {
        this.source = source;
    }

    public static LabFile read(Path file) {
        String text;
        try {
            text = Files.readString(file);
        } catch (IOException e) {
            throw dev.dovs.engine.FileErrors.error(file, e);
        }
        return parse(file.toString(), text);
    }

    /** @param source what to call the text in errors (its file name) */
    public static LabFile parse(String source, String text) {
        return new LabFileReader(source).parse(text);
    }

    private LabFile parse(String text) {
        Y root;
        try (JsonParser p = YAML.createParser(text)) {
            if (p.nextToken() == null) {
                throw error(1, 1, null, "the file is empty");
            }
            root = value(p);
        } catch (JsonProcessingException e) {
            JsonLocation l = e.getLocation();
            String msg = e.getOriginalMessage().lines().findFirst().orElse("invalid YAML");
            throw error(l == null ? 1 : l.getLineNr(), l == null ? 1 : l.getColumnNr(), null, msg);
        } catch (IOException e) {
            throw error(1, 1, null, e.getMessage());
        }
        return lab(root);
    }

    private Y value(JsonParser p) throws IOException {
        JsonLocation l = p.currentTokenLocation();
        JsonToken t = p.currentToken();
        switch (t) {
            case START_OBJECT -> {
                Map<String, Y> values = new LinkedHashMap<>();
                Map<String, Y> keys = new LinkedHashMap<>();
                while (p.nextToken() == JsonToken.FIELD_NAME) {
                    JsonLocation kl = p.currentTokenLocation();
                    String key = p.currentName();
                    keys.put(key, new Y(key, kl.getLineNr(), kl.getColumnNr()));
                    p.nextToken();
                    values.put(key, value(p));
                }
                return new Y(new YMap(values, keys, l.getLineNr(), l.getColumnNr()), l.getLineNr(), l.getColumnNr());
            }
            case START_ARRAY -> {
                List<Y> items = new ArrayList<>();
                while (p.nextToken() != JsonToken.END_ARRAY) {
                    items.add(value(p));
                }
                return new Y(items, l.getLineNr(), l.getColumnNr());
            }
            case VALUE_STRING -> {
                return new Y(p.getText(), l.getLineNr(), l.getColumnNr());
            }
            case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> {
                return new Y(p.getNumberValue(), l.getLineNr(), l.getColumnNr());
            }
            case VALUE_TRUE, VALUE_FALSE -> {
                return new Y(p.getBooleanValue(), l.getLineNr(), l.getColumnNr());
            }
            case VALUE_NULL -> {
                return new Y(null, l.getLineNr(), l.getColumnNr());
            }
            default -> throw error(l.getLineNr(), l.getColumnNr(), null, "unexpected " + t);
        }
    }

    private LabFileException error(int line, int column, String path, String message) {
        return new LabFileException(source, line, column, path, message);
    }

    private LabFileException error(Y at, String path, String message) {
        return error(at.line(), at.column(), path, message);
    }

    // ---- the schema ---------------------------------------------------------------------------------------------

    private LabFile lab(Y root) {
        YMap top = map(root, "", "the document must be a mapping with lab, controller, nodes, nets and guests");
        allowOnly(top, "", "lab", "controller", "nodes", "nets", "guests");
        String lab = optString(top, "", "lab");
        if (lab != null) {
            try {
                new dev.dovs.events.model.LabNaming(lab);
            } catch (IllegalArgumentException e) {
                throw error(top.values().get("lab"), "lab", e.getMessage());
            }
        }
        LabFile.Controller controller = controller(top);

        List<LabFile.Node> nodes = new ArrayList<>();
        Map<String, Y> nodeAt = new HashMap<>();
        for (Item it : list(top, "nodes")) {
            YMap m = map(it.y(), it.path(), "a node must be a mapping with name and image");
            allowOnly(m, it.path(), "name", "image");
            String name = name(m, it.path(), "name", "node");
            unique(nodeAt, name, m.values().get("name"), it.path() + ".name", "node");
            String image = optString(m, it.path(), "image");
            if (image != null) {
                check(m, it.path(), "image", () -> Validation.image(image));
            }
            nodes.add(new LabFile.Node(name, image == null ? LabFile.DEFAULT_IMAGE : image));
        }

        List<LabFile.Net> nets = new ArrayList<>();
        Map<String, Y> netAt = new HashMap<>();
        Map<String, Ipv4Cidr> subnets = new HashMap<>();
        Map<String, List<Ipv4Cidr>> routerSubnets = new HashMap<>();
        for (Item it : list(top, "nets")) {
            YMap m = map(it.y(), it.path(), "a net must be a mapping with name, subnet and router");
            allowOnly(m, it.path(), "name", "subnet", "router");
            String name = name(m, it.path(), "name", "net");
            unique(netAt, name, m.values().get("name"), it.path() + ".name", "net");
            String subnetText = string(m, it.path(), "subnet");
            Ipv4Cidr subnet = check(m, it.path(), "subnet", () -> Ipv4Cidr.parseAny(subnetText));
            if (subnet.address() != subnet.network()) {
                throw error(m.values().get("subnet"), it.path() + ".subnet", "'" + subnetText + "' is not a network "
                        + "address: did you mean " + subnet.subnet() + "?");
            }
            if (subnet.prefix() < 1 || subnet.prefix() > 30) {
                throw error(m.values().get("subnet"), it.path() + ".subnet", "prefix must be 1-30 to leave room for "
                        + "hosts");
            }
            String router = optName(m, it.path(), "router", "router");
            if (router != null) {
                for (Ipv4Cidr other : routerSubnets.getOrDefault(router, List.of())) {
                    if (other.overlaps(subnet)) {
                        throw error(m.values().get("subnet"), it.path() + ".subnet", "router " + router + " already "
                                + "has an interface in " + other.subnet() + ", which overlaps " + subnet.subnet());
                    }
                }
                routerSubnets.computeIfAbsent(router, k -> new ArrayList<>()).add(subnet);
            }
            subnets.put(name, subnet);
            nets.add(new LabFile.Net(name, subnet.subnet(), router));
        }

        List<LabFile.Guest> guests = new ArrayList<>();
        Map<String, Y> guestAt = new HashMap<>();
        Map<String, Y> macAt = new HashMap<>();
        Map<String, Y> portAt = new HashMap<>();
        Set<String> addresses = new HashSet<>();
        for (Item it : list(top, "guests")) {
            String path = it.path();
            YMap m = map(it.y(), path, "a guest must be a mapping with name, node, net, ip, mac, port and netem");
            allowOnly(m, path, "name", "node", "net", "ip", "mac", "port", "netem");
            String name = name(m, path, "name", "guest");
            unique(guestAt, name, m.values().get("name"), path + ".name", "guest");
            String node = name(m, path, "node", "node");
            if (!nodeAt.containsKey(node)) {
                throw error(m.values().get("node"), path + ".node", "node '" + node + "' is not in nodes");
            }
            String net = optName(m, path, "net", "net");
            if (net != null && !netAt.containsKey(net)) {
                throw error(m.values().get("net"), path + ".net", "net '" + net + "' is not in nets");
            }
            String ipText = string(m, path, "ip");
            Y ipAt = m.values().get("ip");
            String withPrefix = ipText.contains("/") || net == null ? ipText
                    : ipText + "/" + subnets.get(net).prefix();
            if (!ipText.contains("/") && net == null) {
                throw error(ipAt, path + ".ip", "'" + ipText + "' needs a prefix (10.0.0.1/24): the guest has no "
                        + "net to take it from");
            }
            Ipv4Cidr ip = check(m, path, "ip", () -> Ipv4Cidr.parseHost(withPrefix));
            if (net != null) {
                Ipv4Cidr subnet = subnets.get(net);
                if (!ip.subnet().equals(subnet.subnet())) {
                    throw error(ipAt, path + ".ip", ip + " is outside net " + net + "'s subnet " + subnet.subnet());
                }
                if (ip.address() == ip.gateway()) {
                    throw error(ipAt, path + ".ip", ip.ip() + " is the gateway of " + subnet.subnet()
                            + " (reserved for routers)");
                }
            }
            String scope = net != null ? "net " + net : "node " + node;
            if (!addresses.add(scope + "|" + ip.ip())) {
                throw error(ipAt, path + ".ip", "address " + ip.ip() + " is used twice in " + scope);
            }
            String mac = optString(m, path, "mac");
            if (mac != null) {
                String given = mac;
                String lower = check(m, path, "mac", () -> Validation.mac(given));
                unique(macAt, lower, m.values().get("mac"), path + ".mac", "MAC");
                mac = lower;
            }
            String port = optString(m, path, "port");
            if (port != null) {
                String lower = port.toLowerCase(Locale.ROOT);
                check(m, path, "port", () -> Validation.uuid(lower));
                unique(portAt, lower, m.values().get("port"), path + ".port", "port id");
                port = lower;
            }
            Impairment netem = m.values().containsKey("netem") ? netem(m.values().get("netem"), path + ".netem")
                    : null;
            guests.add(new LabFile.Guest(name, node, net, ip.toString(), mac, port, netem));
        }
        return new LabFile(lab, controller, nodes, nets, guests);
    }

    private static final String CONTROLLER_SHAPE = "expected 'none', 'ovn' or a mapping {type: odl, endpoint: "
            + "HOST[:PORT]} or {type: ovn, nb: REMOTE, sb: REMOTE, encap: geneve|vxlan, binding-timeout: SECONDS}";

    private LabFile.Controller controller(YMap top) {
        Y c = top.values().get("controller");
        if (c == null || c.value() == null) {
            return LabFile.Controller.NONE;
        }
        if (c.value() instanceof String s) {
            if (s.equals("none")) {
                return LabFile.Controller.NONE;
            }
            if (s.equals("ovn")) { // the lab's own central, every option at its default
                return new LabFile.Controller(OvnController.target(null, null, OvnNames.GENEVE,
                        OvnPlanner.DEFAULT_BINDING_TIMEOUT_SECONDS));
            }
            throw error(c, "controller", CONTROLLER_SHAPE);
        }
        YMap m = map(c, "controller", CONTROLLER_SHAPE);
        String type = string(m, "controller", "type");
        switch (type) {
            case "none" -> {
                allowOnly(m, "controller", "type");
                return LabFile.Controller.NONE;
            }
            case "odl" -> {
                allowOnly(m, "controller", "type", "endpoint");
                String endpoint = string(m, "controller", "endpoint");
                String canonical = check(m, "controller", "endpoint", () -> odlEndpoint(endpoint));
                return new LabFile.Controller(OdlController.target(canonical));
            }
            case "ovn" -> {
                allowOnly(m, "controller", "type", "nb", "sb", "encap", "binding-timeout");
                String nb = optString(m, "controller", "nb");
                String sb = optString(m, "controller", "sb");
                if ((nb == null) != (sb == null)) {
                    throw error(m.keys().get(nb == null ? "sb" : "nb"), "controller." + (nb == null ? "sb" : "nb"),
                            "nb and sb go together: both name an OVN that runs, neither the lab's own central");
                }
                if (nb != null) {
                    check(m, "controller", "nb", () -> {
                        OvnRemote.check(nb, "nb");
                        return nb;
                    });
                    check(m, "controller", "sb", () -> {
                        OvnRemote.check(sb, "sb");
                        return sb;
                    });
                }
                String encap = optString(m, "controller", "encap");
                if (encap != null && !encap.equals(OvnNames.GENEVE) && !encap.equals(OvnNames.VXLAN)) {
                    throw error(m.values().get("encap"), "controller.encap", "expected geneve or vxlan, not "
                            + encap);
                }
                int binding = OvnPlanner.DEFAULT_BINDING_TIMEOUT_SECONDS;
                Y b = m.values().get("binding-timeout");
                if (b != null) {
                    if (!(b.value() instanceof Integer || b.value() instanceof Long)
                            || ((Number) b.value()).longValue() < 1 || ((Number) b.value()).longValue() > 3600) {
                        throw error(b, "controller.binding-timeout", "expected whole seconds, 1-3600");
                    }
                    binding = ((Number) b.value()).intValue();
                }
                int seconds = binding;
                return new LabFile.Controller(check(m, "controller", "type", () -> OvnController.target(nb, sb,
                        encap == null ? OvnNames.GENEVE : encap, seconds)));
            }
            default -> throw error(m.values().get("type"), "controller.type", "unknown controller '" + type
                    + "': expected none, odl or ovn");
        }
    }

    /** The same rule as {@code --odl}: a host name or IPv4 literal with an optional port, or [IPv6]:port. */
    private static String odlEndpoint(String text) {
        var m = java.util.regex.Pattern.compile("(\\[[0-9A-Fa-f:.]+]|[A-Za-z0-9][A-Za-z0-9.-]*)(?::(\\d{1,5}))?")
                .matcher(text);
        if (!m.matches()) {
            throw new IllegalArgumentException("invalid ODL address '" + text + "': expected HOST[:PORT]");
        }
        int port = m.group(2) == null ? 8181 : Integer.parseInt(m.group(2));
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("invalid ODL port " + port + ": expected 1-65535");
        }
        return m.group(1) + ":" + port;
    }

    private Impairment netem(Y y, String path) {
        YMap m = map(y, path, "expected a mapping with delay, jitter (ms), loss (%) and rate (e.g. 10mbit)");
        allowOnly(m, path, "delay", "jitter", "loss", "rate");
        int delay = intMs(m, path, "delay");
        int jitter = intMs(m, path, "jitter");
        double loss = 0;
        Y lossAt = m.values().get("loss");
        if (lossAt != null) {
            if (!(lossAt.value() instanceof Number n)) {
                throw error(lossAt, path + ".loss", "expected a percentage (a number, e.g. 0.5)");
            }
            loss = n.doubleValue();
        }
        String rate = optString(m, path, "rate");
        try {
            return new Impairment(delay, jitter, loss, rate);
        } catch (IllegalArgumentException e) {
            throw error(y, path, e.getMessage());
        }
    }

    private int intMs(YMap m, String path, String key) {
        Y v = m.values().get(key);
        if (v == null) {
            return 0;
        }
        if (!(v.value() instanceof Integer || v.value() instanceof Long)) {
            throw error(v, path + "." + key, "expected whole milliseconds (a number, e.g. 50)");
        }
        long ms = ((Number) v.value()).longValue();
        if (ms < 0 || ms > Impairment.MAX_MS) {
            throw error(v, path + "." + key, ms + " ms is out of range 0-" + Impairment.MAX_MS);
        }
        return (int) ms;
    }

    // ---- typed access with locations ----------------------------------------------------------------------------

    private record Item(Y y, String path) {
    }

    private List<Item> list(YMap top, String key) {
        Y v = top.values().get(key);
        if (v == null || v.value() == null) {
            return List.of();
        }
        if (!(v.value() instanceof List<?> items)) {
            throw error(v, key, "expected a list");
        }
        List<Item> out = new ArrayList<>();
        for (int i = 0; i < items.size(); i++) {
            out.add(new Item((Y) items.get(i), key + "[" + i + "]"));
        }
        return out;
    }

    private YMap map(Y y, String path, String expected) {
        if (!(y.value() instanceof YMap m)) {
            throw error(y, path, expected);
        }
        return m;
    }

    private void allowOnly(YMap m, String path, String... allowed) {
        Set<String> ok = Set.of(allowed);
        for (Map.Entry<String, Y> k : m.keys().entrySet()) {
            if (!ok.contains(k.getKey())) {
                throw error(k.getValue(), join(path, k.getKey()), "unknown key '" + k.getKey() + "' (expected "
                        + String.join(", ", allowed) + ")");
            }
        }
    }

    private String string(YMap m, String path, String key) {
        String s = optString(m, path, key);
        if (s == null) {
            throw error(m.line(), m.column(), join(path, key), "missing (required)");
        }
        return s;
    }

    private String optString(YMap m, String path, String key) {
        Y v = m.values().get(key);
        if (v == null || v.value() == null) {
            return null;
        }
        if (!(v.value() instanceof String s)) {
            throw error(v, join(path, key), "expected text, got " + v.value());
        }
        if (s.isEmpty()) {
            throw error(v, join(path, key), "must not be empty");
        }
        return s;
    }

    private String name(YMap m, String path, String key, String what) {
        String v = string(m, path, key);
        check(m, path, key, () -> Validation.name(what, v));
        return v;
    }

    private String optName(YMap m, String path, String key, String what) {
        String v = optString(m, path, key);
        if (v != null) {
            check(m, path, key, () -> Validation.name(what, v));
        }
        return v;
    }

    private void unique(Map<String, Y> seen, String value, Y at, String path, String what) {
        Y first = seen.putIfAbsent(value, at);
        if (first != null) {
            throw error(at, path, what + " '" + value + "' is already defined at line " + first.line());
        }
    }

    private <T> T check(YMap m, String path, String key, java.util.function.Supplier<T> rule) {
        try {
            return rule.get();
        } catch (IllegalArgumentException e) {
            throw error(m.values().get(key), join(path, key), e.getMessage());
        }
    }

    private static String join(String path, String key) {
        return path.isEmpty() ? key : path + "." + key;
    }
}
