package dev.dovs.engine.ovs;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** What {@code odl.reconcile-switch} reads of a switch: ovs-ofctl's flow dump, as OVS 3.x prints it. */
class FlowDumpTest {

    @Test
    void each_flow_gives_its_table_priority_and_hard_timeout_and_the_defaults_where_ovs_prints_none() {
        String dump = """
                OFPST_FLOW reply (OF1.3) (xid=0x6):
                 cookie=0x8000010, duration=28.204s, table=22, n_packets=0, n_bytes=0, priority=0,ip actions=CONTROLLER:65535,learn(table=22,hard_timeout=10,priority=10,cookie=0x8000010,eth_type=0x800,NXM_OF_IP_DST[],OXM_OF_METADATA[1..23])
                 cookie=0x88880000, duration=0.870s, table=195, n_packets=0, n_bytes=0, hard_timeout=5, priority=10,arp,metadata=0x1391000000/0xffff000000,arp_tpa=10.0.0.2,arp_op=1 actions=load:0x1->NXM_NX_REG4[0..7]
                 cookie=0x0, duration=1.5s, n_packets=0, n_bytes=0, in_port=1 actions=drop
                """;
        assertEquals(List.of(new OvsDriver.FlowEntry(22, 0, 0), new OvsDriver.FlowEntry(195, 10, 5),
                new OvsDriver.FlowEntry(0, 32768, 0)), VsctlOvsDriver.parseFlows(dump));
    }

    @Test
    void a_header_alone_is_an_empty_table() {
        assertEquals(List.of(), VsctlOvsDriver.parseFlows("OFPST_FLOW reply (OF1.3) (xid=0x2):\n"));
    }
}
