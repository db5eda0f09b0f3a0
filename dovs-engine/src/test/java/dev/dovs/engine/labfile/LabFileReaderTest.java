package dev.dovs.engine.labfile;

import dev.dovs.engine.odl.OdlController;
import dev.dovs.engine.ovn.OvnController;
import dev.dovs.events.Intent;
import dev.dovs.events.model.Impairment;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LabFileReaderTest {
    static final String LAB = """
            lab: demo
            controller: none
            nodes:
              - name: n1
              - name: n2
                image: dovs/node:v2
            nets:
              - name: a
                subnet: 10.0.0.0/24
                router: r1
              - name: b
                subnet: 10.0.1.0/24
                router: r1
            guests:
              - name: g1
                node: n1
                net: a
                ip: 10.0.0.1
                mac: FA:16:3E:00:00:01
                port: 11111111-2222-4333-8444-555555555555
                netem: {delay: 50, jitter: 5, loss: 0.5, rate: 10mbit}
              - name: g2
                node: n2
                net: b
                ip: 10.0.1.1/24
              - name: g3
                node: n2
                ip: 192.168.0.1/24
            """;

    @Test
    void reads_a_full_file_into_canonical_values() {
        LabFile f = LabFileReader.parse("lab.yaml", LAB);

        assertEquals("demo", f.lab());
        assertEquals(LabFile.Controller.NONE, f.controller());
        assertEquals(List.of(new LabFile.Node("n1", LabFile.DEFAULT_IMAGE), new LabFile.Node("n2", "dovs/node:v2")),
                f.nodes());
        assertEquals(List.of(new LabFile.Net("a", "10.0.0.0/24", "r1"), new LabFile.Net("b", "10.0.1.0/24", "r1")),
                f.nets());
        assertEquals(new LabFile.Guest("g1", "n1", "a", "10.0.0.1/24", "fa:16:3e:00:00:01",
                "11111111-2222-4333-8444-555555555555", new Impairment(50, 5, 0.5, "10mbit")), f.guests().get(0));
        assertEquals(new LabFile.Guest("g3", "n2", null, "192.168.0.1/24", null, null, null), f.guests().get(2));
    }

    @Test
    void reads_an_odl_controller_with_the_default_port() {
        LabFile f = LabFileReader.parse("x", "controller: {type: odl, endpoint: 127.0.0.1}\nnodes: [{name: n1}]\n");
        assertEquals(new LabFile.Controller(OdlController.target("127.0.0.1:8181")), f.controller());
        assertEquals("odl", f.controller().type());
    }

    @Test
    void reads_an_ovn_controller_with_the_options_of_the_ovn_flags() {
        Intent.ControllerTarget own = OvnController.target(null, null, "geneve", 30);
        assertEquals(new LabFile.Controller(own), LabFileReader.parse("x", "controller: ovn\n").controller());
        assertEquals(new LabFile.Controller(own), LabFileReader.parse("x", "controller: {type: ovn}\n")
                .controller());
        LabFile f = LabFileReader.parse("x", """
                controller:
                  type: ovn
                  nb: tcp:172.18.0.2:6641
                  sb: tcp:172.18.0.2:6642
                  encap: vxlan
                  binding-timeout: 90
                """);
        assertEquals(new LabFile.Controller(OvnController.target("tcp:172.18.0.2:6641", "tcp:172.18.0.2:6642",
                "vxlan", 90)), f.controller());
        assertEquals("ovn", f.controller().type());
    }

    @Test
    void ovn_options_are_checked_like_the_flags() {
        assertEquals("lab.yaml:1:32: controller.encap: expected geneve or vxlan, not gre",
                error("controller: {type: ovn, encap: gre}\n"));
        assertEquals("lab.yaml:1:42: controller.binding-timeout: expected whole seconds, 1-3600",
                error("controller: {type: ovn, binding-timeout: 0}\n"));
        assertEquals("lab.yaml:1:25: controller.sb: nb and sb go together: both name an OVN that runs, neither the "
                + "lab's own central", error("controller: {type: ovn, sb: 'tcp:1.2.3.4:6642'}\n"));
        String nb = error("controller: {type: ovn, nb: 'tcp:1.2.3.999:6641', sb: 'tcp:1.2.3.4:6642'}\n");
        assertTrue(nb.startsWith("lab.yaml:1:29: controller.nb: "), nb);
        assertEquals("lab.yaml:1:25: controller.endpoint: unknown key 'endpoint' (expected type, nb, sb, encap, "
                + "binding-timeout)", error("controller: {type: ovn, endpoint: x}\n"));
    }

    private static String error(String yaml) {
        return assertThrows(LabFileException.class, () -> LabFileReader.parse("lab.yaml", yaml)).getMessage();
    }

    @Test
    void errors_name_file_line_column_and_path() {
        assertEquals("lab.yaml:16:11: guests[0].node: node 'n9' is not in nodes",
                error(LAB.replace("node: n1\n", "node: n9\n")));
        assertEquals("lab.yaml:17:5: guests[0].nett: unknown key 'nett' (expected name, node, net, ip, mac, port, "
                + "netem)", error(LAB.replace("    net: a\n", "    nett: a\n")));
        assertEquals("lab.yaml:18:9: guests[0].ip: 10.0.5.1/24 is outside net a's subnet 10.0.0.0/24",
                error(LAB.replace("ip: 10.0.0.1\n", "ip: 10.0.5.1\n")));
        assertEquals("lab.yaml:18:9: guests[0].ip: 10.0.0.254 is the gateway of 10.0.0.0/24 (reserved for routers)",
                error(LAB.replace("ip: 10.0.0.1\n", "ip: 10.0.0.254\n")));
        assertEquals("lab.yaml:19:10: guests[0].mac: invalid MAC 'fa:16:3e:00:00': expected six hex bytes "
                + "xx:xx:xx:xx:xx:xx", error(LAB.replace("FA:16:3E:00:00:01", "fa:16:3e:00:00")));
        assertEquals("lab.yaml:21:12: guests[0].netem: jitter 60 ms exceeds the delay 50 ms",
                error(LAB.replace("jitter: 5", "jitter: 60")));
        assertEquals("lab.yaml:21:41: guests[0].netem.loss: expected a percentage (a number, e.g. 0.5)",
                error(LAB.replace("loss: 0.5", "loss: lots")));
        assertEquals("lab.yaml:5:11: nodes[1].name: node 'n1' is already defined at line 4",
                error(LAB.replace("name: n2\n    image", "name: n1\n    image")));
        assertEquals("lab.yaml:9:13: nets[0].subnet: '10.0.0.1/24' is not a network address: did you mean "
                + "10.0.0.0/24?", error(LAB.replace("subnet: 10.0.0.0/24", "subnet: 10.0.0.1/24")));
        assertEquals("lab.yaml:12:13: nets[1].subnet: router r1 already has an interface in 10.0.0.0/24, which "
                + "overlaps 10.0.0.0/23", error(LAB.replace("subnet: 10.0.1.0/24", "subnet: 10.0.0.0/23")));
        assertEquals("lab.yaml:28:9: guests[2].ip: '192.168.0.1' needs a prefix (10.0.0.1/24): the guest has no net "
                + "to take it from", error(LAB.replace("192.168.0.1/24", "192.168.0.1")));
        assertEquals("lab.yaml:22:5: guests[1].node: missing (required)",
                error(LAB.replace("    node: n2\n    net: b\n", "    net: b\n")));
    }

    @Test
    void yaml_syntax_errors_and_wrong_shapes_have_locations_too() {
        assertEquals("lab.yaml:1:1: the file is empty", error(""));
        assertEquals("lab.yaml:1:1: the document must be a mapping with lab, controller, nodes, nets and guests",
                error("- a\n- b\n"));
        assertEquals("lab.yaml:1:8: nodes: expected a list", error("nodes: n1\n"));
        String dup = error("nodes: []\nnodes: []\n");
        assertEquals(true, dup.startsWith("lab.yaml:2:"), dup);
        assertEquals(true, dup.contains("Duplicate field 'nodes'"), dup);
        String syntax = error("nodes:\n  - name: n1\n   bad: [\n");
        assertEquals(true, syntax.matches("lab\\.yaml:\\d+:\\d+: .+"), syntax);
        assertEquals("lab.yaml:1:20: controller.type: unknown controller 'onos': expected none, odl or ovn",
                error("controller: {type: onos}\n"));
        assertEquals("lab.yaml:1:6: lab: invalid lab name 'Big_Lab': expected 1-6 lowercase letters or digits",
                error("lab: Big_Lab\n").replaceAll("'Big_Lab'.*", "'Big_Lab': expected 1-6 lowercase letters or "
                        + "digits"));
    }
}
