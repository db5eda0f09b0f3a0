package dev.dovs.engine.labfile;

import dev.dovs.engine.ovn.OvnController;
import dev.dovs.events.Event;
import dev.dovs.events.EventEnvelope;
import dev.dovs.events.Intent;
import dev.dovs.events.Outcome;
import dev.dovs.events.model.Impairment;
import dev.dovs.events.model.LabNaming;
import dev.dovs.events.projection.LabProjection;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LabDiffTest {
    static final String P1 = "11111111-2222-4333-8444-555555555551";
    static final String P2 = "11111111-2222-4333-8444-555555555552";
    static final String P3 = "11111111-2222-4333-8444-555555555553";

    /** Draws fa:16:3e:ff:00:01, ... and port ids ...-0000000000001, ... in order. */
    static final class Counting implements LabDiff.Ids {
        int macs;
        int ports;

        @Override
        public String mac() {
            return String.format("fa:16:3e:ff:00:%02x", ++macs);
        }

        @Override
        public String portId() {
            return String.format("99999999-0000-4000-8000-%012d", ++ports);
        }
    }

    /** A lab as its log makes it: one intent and its successful outcome per event. */
    static final class State {
        final List<EventEnvelope> log = new ArrayList<>();
        long next = 1;

        State add(Intent intent, Outcome outcome) {
            String id = "i" + next;
            put(id, intent);
            put(id, outcome);
            return this;
        }

        private void put(String id, Event e) {
            log.add(new EventEnvelope(next++, Instant.ofEpochSecond(1_700_000_000L + next), "demo", id, null, "t", e));
        }

        State node(String n) {
            return add(new Intent.AddNode(n, LabFile.DEFAULT_IMAGE), new Outcome.NodeAdded(n, "demo." + n, "c", "m",
                    "i"));
        }

        State guest(String g, String node, String net, String router, String cidr, String mac, String port) {
            return add(new Intent.AddGuest(g, node, cidr, mac, port, net, router, net == null ? 1500 : 1450),
                    new Outcome.GuestAdded(g, node, "dovsdemo-" + g, LabNaming.tap(port)));
        }

        LabProjection fold() {
            return LabProjection.fold(new LabNaming("demo"), log);
        }
    }

    static State twoNodesThreeGuests() {
        return new State().node("n1").node("n2")
                .guest("g1", "n1", "a", "r1", "10.0.0.1/24", "fa:16:3e:00:00:01", P1)
                .guest("g2", "n2", "a", null, "10.0.0.2/24", "fa:16:3e:00:00:02", P2)
                .guest("g3", "n2", null, null, "192.168.0.3/24", "fa:16:3e:00:00:03", P3);
    }

    static final String FILE = """
            lab: demo
            nodes: [{name: n1}, {name: n2}]
            nets: [{name: a, subnet: 10.0.0.0/24, router: r1}]
            guests:
              - {name: g1, node: n1, net: a, ip: 10.0.0.1}
              - {name: g2, node: n2, net: a, ip: 10.0.0.2, mac: "fa:16:3e:00:00:02"}
              - {name: g3, node: n2, ip: 192.168.0.3/24, port: %s}
            """.formatted(P3);

    private static List<Intent> diff(String yaml, State state) {
        return LabDiff.between(LabFileReader.parse("lab.yaml", yaml), state.fold(), new Counting());
    }

    @Test
    void a_file_that_matches_the_lab_gives_no_intent() {
        assertEquals(List.of(), diff(FILE, twoNodesThreeGuests()));
    }

    @Test
    void an_empty_lab_gets_every_node_then_every_guest_with_drawn_ids_where_the_file_has_none() {
        List<Intent> plan = diff(FILE, new State());

        assertEquals(List.of(
                new Intent.AddNode("n1", LabFile.DEFAULT_IMAGE, null),
                new Intent.AddNode("n2", LabFile.DEFAULT_IMAGE, null),
                new Intent.AddGuest("g1", "n1", "10.0.0.1/24", "fa:16:3e:ff:00:01",
                        "99999999-0000-4000-8000-000000000001", "a", "r1", 1450, null),
                new Intent.AddGuest("g2", "n2", "10.0.0.2/24", "fa:16:3e:00:00:02",
                        "99999999-0000-4000-8000-000000000002", "a", "r1", 1450, null),
                new Intent.AddGuest("g3", "n2", "192.168.0.3/24", "fa:16:3e:ff:00:02", P3, null, null, 1500, null)),
                plan);
    }

    @Test
    void removed_moved_and_added_guests_become_del_move_and_add_in_that_order() {
        String edited = FILE
                .replace("  - {name: g2, node: n2, net: a, ip: 10.0.0.2, mac: \"fa:16:3e:00:00:02\"}\n", "")
                .replace("{name: g3, node: n2,", "{name: g3, node: n1,")
                + "  - {name: g4, node: n2, net: a, ip: 10.0.0.4}\n";

        assertEquals(List.of(
                new Intent.DelGuest("g2"),
                new Intent.MoveGuest("g3", "n1"),
                new Intent.AddGuest("g4", "n2", "10.0.0.4/24", "fa:16:3e:ff:00:01",
                        "99999999-0000-4000-8000-000000000001", "a", "r1", 1450, null)),
                diff(edited, twoNodesThreeGuests()));
    }

    @Test
    void a_changed_address_replaces_the_guest_keeping_its_mac_and_port() {
        String edited = FILE.replace("ip: 192.168.0.3/24", "ip: 192.168.0.30/24");

        assertEquals(List.of(new Intent.DelGuest("g3"),
                new Intent.AddGuest("g3", "n2", "192.168.0.30/24", "fa:16:3e:00:00:03", P3, null, null, 1500, null)),
                diff(edited, twoNodesThreeGuests()));
    }

    @Test
    void impairment_changes_are_netem_intents_and_a_new_guest_gets_its_impairment_after_it_is_added() {
        State state = twoNodesThreeGuests().add(new Intent.Netem("g1", new Impairment(10, 0, 0, null)),
                new Outcome.NetemSet("g1", new Impairment(10, 0, 0, null)));

        assertEquals(List.of(new Intent.Netem("g1", null)), diff(FILE, state), "removed from the file: cleared");
        String fifty = FILE.replace("ip: 10.0.0.1}", "ip: 10.0.0.1, netem: {delay: 50}}");
        assertEquals(List.of(new Intent.Netem("g1", new Impairment(50, 0, 0, null))), diff(fifty, state));
        assertEquals(List.of(), diff(FILE.replace("ip: 10.0.0.1}", "ip: 10.0.0.1, netem: {delay: 10}}"), state));

        List<Intent> fresh = diff(fifty, new State());
        assertEquals(new Intent.Netem("g1", new Impairment(50, 0, 0, null)), fresh.get(fresh.size() - 1));
    }

    @Test
    void a_node_left_out_is_removed_after_its_guests_moved_away() {
        String edited = FILE.replace("nodes: [{name: n1}, {name: n2}]", "nodes: [{name: n1}]")
                .replace("node: n2", "node: n1");

        assertEquals(List.of(new Intent.MoveGuest("g2", "n1"), new Intent.MoveGuest("g3", "n1"),
                new Intent.DelNode("n2", false)), diff(edited, twoNodesThreeGuests()));
    }

    @Test
    void conflicts_are_refused_with_what_to_do() {
        String msg = assertThrows(LabDiff.Conflict.class, () -> diff(FILE.replace("subnet: 10.0.0.0/24",
                "subnet: 10.0.8.0/24").replace("10.0.0.", "10.0.8."), twoNodesThreeGuests())).getMessage();
        assertTrue(msg.startsWith("net a has subnet 10.0.0.0/24, the file says 10.0.8.0/24"), msg);
        msg = assertThrows(LabDiff.Conflict.class, () -> diff(FILE.replace("{name: n1}", "{name: n1, image: x:1}"),
                twoNodesThreeGuests())).getMessage();
        assertTrue(msg.startsWith("node n1 runs image dovs/node:latest, the file says x:1"), msg);
        msg = assertThrows(LabDiff.Conflict.class, () -> diff(FILE.replace("lab: demo", "lab: other"),
                twoNodesThreeGuests())).getMessage();
        assertEquals("the file describes lab other, not lab demo (use --lab other)", msg);
        String withoutN1 = FILE.replace("nodes: [{name: n1}, {name: n2}]", "nodes: [{name: n2}]")
                .replace("node: n1", "node: n2");
        msg = assertThrows(LabDiff.Conflict.class, () -> diff(withoutN1, twoNodesThreeGuests())).getMessage();
        assertTrue(msg.startsWith("node n1 hosts router r1"), msg);
    }

    @Test
    void export_then_read_gives_the_same_lab_and_applying_it_to_the_lab_changes_nothing() {
        State state = twoNodesThreeGuests().add(new Intent.Netem("g2", new Impairment(50, 5, 0.5, "10mbit")),
                new Outcome.NetemSet("g2", new Impairment(50, 5, 0.5, "10mbit")));
        LabFile exported = LabFileWriter.export(state.fold());
        String yaml = LabFileWriter.toYaml(exported);

        assertEquals(exported, LabFileReader.parse("export.yaml", yaml), yaml);
        assertEquals(List.of(), diff(yaml, state));
        List<Intent> fromScratch = diff(yaml, new State());
        assertEquals(new Intent.AddGuest("g1", "n1", "10.0.0.1/24", "fa:16:3e:00:00:01", P1, "a", "r1", 1450, null),
                fromScratch.get(2), "same MAC and port id");
    }

    static final Intent.ControllerTarget OVN = OvnController.target(null, null, "geneve", 30);

    /** An OVN lab as the CLI makes it: add-node --ovn, add-guest --ovn (a guest without a net too). */
    static State ovnLab() {
        return new State()
                .add(new Intent.AddNode("n1", LabFile.DEFAULT_IMAGE, OVN), new Outcome.NodeAdded("n1", "demo.n1", "c",
                        "m", "i"))
                .add(new Intent.AddNode("n2", LabFile.DEFAULT_IMAGE, OVN), new Outcome.NodeAdded("n2", "demo.n2", "c",
                        "m", "i"))
                .add(new Intent.AddGuest("g1", "n1", "10.0.0.1/24", "fa:16:3e:00:00:01", P1, "a", "r1", 1442, OVN),
                        new Outcome.GuestAdded("g1", "n1", "dovsdemo-g1", LabNaming.tap(P1)))
                .add(new Intent.AddGuest("g3", "n2", "192.168.0.3/24", "fa:16:3e:00:00:03", P3, null, null, 1500, OVN),
                        new Outcome.GuestAdded("g3", "n2", "dovsdemo-g3", LabNaming.tap(P3)));
    }

    @Test
    void an_ovn_lab_is_exported_read_back_and_rebuilt_with_the_same_targets_macs_and_port_ids() {
        LabFile exported = LabFileWriter.export(ovnLab().fold());
        String yaml = LabFileWriter.toYaml(exported);

        assertTrue(yaml.contains("controller:\n  type: ovn\n  encap: geneve\n  binding-timeout: 30\n"), yaml);
        assertEquals(exported, LabFileReader.parse("export.yaml", yaml), yaml);
        assertEquals(List.of(), diff(yaml, ovnLab()), "the lab matches its export");
        assertEquals(List.of(new Intent.AddNode("n1", LabFile.DEFAULT_IMAGE, OVN),
                new Intent.AddNode("n2", LabFile.DEFAULT_IMAGE, OVN),
                new Intent.AddGuest("g1", "n1", "10.0.0.1/24", "fa:16:3e:00:00:01", P1, "a", "r1", 1442, OVN),
                new Intent.AddGuest("g3", "n2", "192.168.0.3/24", "fa:16:3e:00:00:03", P3, null, null, 1500, OVN)),
                diff(yaml, new State()), "as add-node --ovn and add-guest --ovn submit them");
    }

    @Test
    void an_ovn_lab_of_an_ovn_that_runs_keeps_its_remotes_and_encapsulation() {
        Intent.ControllerTarget remote = OvnController.target("tcp:172.18.0.2:6641", "tcp:172.18.0.2:6642", "vxlan",
                60);
        State state = new State().add(new Intent.AddNode("n1", LabFile.DEFAULT_IMAGE, remote),
                new Outcome.NodeAdded("n1", "demo.n1", "c", "m", "i"));

        String yaml = LabFileWriter.toYaml(LabFileWriter.export(state.fold()));

        assertEquals(new LabFile.Controller(remote), LabFileReader.parse("x", yaml).controller(), yaml);
        assertEquals(List.of(), diff(yaml, state));
        String msg = assertThrows(LabDiff.Conflict.class, () -> diff(yaml.replace("vxlan", "geneve"), state))
                .getMessage();
        assertEquals("node n1's chassis tunnels with vxlan, the file says geneve: clean the lab first", msg);
    }

    @Test
    void a_controller_the_file_does_not_name_is_a_conflict() {
        String msg = assertThrows(LabDiff.Conflict.class, () -> diff("nodes: [{name: n1}]\n", ovnLab()))
                .getMessage();
        assertTrue(msg.startsWith("node n1 is managed by OVN at lab, the file says none"), msg);
        msg = assertThrows(LabDiff.Conflict.class, () -> diff("controller: ovn\nnodes: [{name: n1}]\n",
                twoNodesThreeGuests())).getMessage();
        assertTrue(msg.startsWith("node n1 is managed by dovs (controller none), the file says OVN at lab"), msg);
    }
}
