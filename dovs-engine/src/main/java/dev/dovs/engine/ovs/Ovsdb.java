package dev.dovs.engine.ovs;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.io.IOException;
import java.net.SocketTimeoutException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/**
 * Transactions on a node's {@code Open_vSwitch} database, in-process, over its db socket (the OVSDB management
 * protocol, RFC 7047; the schema is ovs-vswitchd.conf.db(5)). A guest's port is what every {@code add-guest} does, and
 * one {@code ovs-vsctl} run for it costs a process, its schema download and a copy of every Port and Interface row
 * (more the more guests the node holds); this is the same transaction without them.
 */
final class Ovsdb {
    static final String DATABASE = "Open_vSwitch";

    private Ovsdb() {
    }

    /** What a guest port's transaction found. */
    enum AddPort {
        /** Added, and ovs-vswitchd has applied it. */
        ADDED,
        /** A port or an interface of that name exists (on any bridge): nothing was changed. */
        NAME_TAKEN
    }

    /**
     * Adds the guest's port to {@code bridge} in one transaction, as {@code ovs-vsctl add-port BRIDGE PORT -- set
     * Interface PORT ... [-- set Port PORT tag=T]} would: an Interface and a Port row of that name, the Port in the
     * bridge's {@code ports}. The transaction first checks ({@code wait} operations with timeout 0) that the bridge
     * exists and that no Port or Interface has the name, so it changes nothing unless it can do it all. Then, as
     * ovs-vsctl does by default, it waits until ovs-vswitchd has applied it: the transaction increments
     * {@code next_cfg}, and {@code cur_cfg} (monitored from before the transaction) must reach that value.
     *
     * @param db      the node's db socket
     * @param timeout bound of the whole conversation, the wait for ovs-vswitchd included
     * @return {@link AddPort#NAME_TAKEN} when a port or interface of that name exists
     * @throws IllegalStateException no such bridge, the database refused the transaction, or ovs-vswitchd did not
     *                               apply it within {@code timeout}
     * @throws IOException           the db socket cannot be reached or closed mid-conversation
     */
    static AddPort addPort(Path db, String bridge, OvsDriver.PortSpec p, Duration timeout) throws IOException {
        try (JsonRpc rpc = JsonRpc.connect(db, timeout)) {
            Object initial = rpc.call("monitor", new JsonArray().add(DATABASE).add("cur_cfg")
                    .add(new JsonObject().put("Open_vSwitch", new JsonObject().put("columns",
                            new JsonArray().add("cur_cfg")))));
            long curCfg = highest(initial, "cur_cfg", -1);
            JsonObject port = new JsonObject().put("name", p.port()).put("interfaces", namedUuid("iface"));
            if (p.tag() > 0) {
                port.put("tag", p.tag());
            }
            JsonArray ops = new JsonArray().add(DATABASE)
                    .add(waitFor("Bridge", bridge, new JsonArray().add(new JsonObject().put("name", bridge))))
                    .add(waitFor("Port", p.port(), new JsonArray()))
                    .add(waitFor("Interface", p.port(), new JsonArray()))
                    .add(new JsonObject().put("op", "insert").put("table", "Interface").put("uuid-name", "iface")
                            .put("row", new JsonObject().put("name", p.port())
                                    .put("external_ids", map(p.externalIds()))
                                    .put("other_config", map(p.otherConfig()))))
                    .add(new JsonObject().put("op", "insert").put("table", "Port").put("uuid-name", "port")
                            .put("row", port))
                    .add(new JsonObject().put("op", "mutate").put("table", "Bridge").put("where", byName(bridge))
                            .put("mutations", new JsonArray().add(new JsonArray().add("ports").add("insert")
                                    .add(new JsonArray().add("set").add(new JsonArray().add(namedUuid("port")))))))
                    .add(new JsonObject().put("op", "mutate").put("table", "Open_vSwitch").put("where", new JsonArray())
                            .put("mutations", new JsonArray().add(new JsonArray().add("next_cfg").add("+=").add(1))))
                    .add(new JsonObject().put("op", "select").put("table", "Open_vSwitch").put("where", new JsonArray())
                            .put("columns", new JsonArray().add("next_cfg")))
                    .add(new JsonObject().put("op", "comment").put("comment", "dovs: add-port " + bridge + " "
                            + p.port()));
            JsonArray results = (JsonArray) rpc.call("transact", ops);
            for (int i = 0; i < results.size(); i++) {
                Object r = results.getValue(i);
                if (r instanceof JsonObject o && o.getValue("error") != null) {
                    if (i == 0) {
                        throw new IllegalStateException("no bridge " + bridge + " in the node's OVS database");
                    }
                    if (i == 1 || i == 2) {
                        return AddPort.NAME_TAKEN;
                    }
                    throw new IllegalStateException("the node's OVS database refused the port " + p.port() + ": "
                            + o.getValue("error") + (o.getValue("details") == null ? "" : " (" + o.getValue("details")
                            + ")"));
                }
            }
            long nextCfg;
            try {
                nextCfg = results.getJsonObject(7).getJsonArray("rows").getJsonObject(0).getLong("next_cfg");
            } catch (RuntimeException e) {
                throw new IllegalStateException("the node's OVS database answered the port " + p.port()
                        + " with no next_cfg: " + results.encode());
            }
            try {
                while (curCfg < nextCfg) {
                    JsonObject n = rpc.awaitNotification();
                    if ("update".equals(n.getString("method"))) {
                        curCfg = highest(n.getJsonArray("params").getValue(1), "cur_cfg", curCfg);
                    }
                }
            } catch (SocketTimeoutException e) {
                throw new IllegalStateException("ovs-vswitchd did not apply port " + p.port() + " within "
                        + timeout.toSeconds() + " s (cur_cfg " + curCfg + ", next_cfg " + nextCfg + ")");
            }
            return AddPort.ADDED;
        }
    }

    /**
     * The highest integer {@code column} of the Open_vSwitch table's new rows in a monitor reply or update
     * notification ({@code <table-updates>}, RFC 7047 section 4.1.6), else {@code otherwise}.
     */
    static long highest(Object tableUpdates, String column, long otherwise) {
        long max = otherwise;
        if (tableUpdates instanceof JsonObject updates && updates.getValue("Open_vSwitch") instanceof JsonObject rows) {
            for (String uuid : rows.fieldNames()) {
                JsonObject row = rows.getJsonObject(uuid).getJsonObject("new");
                if (row != null && row.getValue(column) instanceof Number n) {
                    max = Math.max(max, n.longValue());
                }
            }
        }
        return max;
    }

    /** A {@code wait} that fails the transaction at once unless the rows named {@code name} are {@code rows}. */
    private static JsonObject waitFor(String table, String name, JsonArray rows) {
        return new JsonObject().put("op", "wait").put("table", table).put("where", byName(name))
                .put("columns", new JsonArray().add("name")).put("until", "==").put("rows", rows).put("timeout", 0);
    }

    private static JsonArray byName(String name) {
        return new JsonArray().add(new JsonArray().add("name").add("==").add(name));
    }

    private static JsonArray namedUuid(String name) {
        return new JsonArray().add("named-uuid").add(name);
    }

    /** RFC 7047 {@code <map>}: {@code ["map", [[key, value], ...]]}. */
    private static JsonArray map(Map<String, String> entries) {
        JsonArray pairs = new JsonArray();
        entries.forEach((k, v) -> pairs.add(new JsonArray().add(k).add(v)));
        return new JsonArray().add("map").add(pairs);
    }
}
