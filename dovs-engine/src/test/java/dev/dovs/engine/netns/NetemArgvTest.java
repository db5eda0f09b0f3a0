package dev.dovs.engine.netns;

import dev.dovs.events.model.Impairment;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The tc command line for an impairment, as tc-netem(8) spells it. */
class NetemArgvTest {

    @Test
    void every_part_in_tc_netem_syntax() {
        assertEquals(List.of("ip", "netns", "exec", "dovs-g1", "tc", "qdisc", "replace", "dev", "eth0", "root",
                "netem", "delay", "50ms", "5ms", "loss", "0.5%", "rate", "10mbit"),
                IpNetnsDriver.netemArgv("dovs-g1", "eth0", new Impairment(50, 5, 0.5, "10mbit")));
    }

    @Test
    void only_the_parts_set() {
        assertEquals(List.of("ip", "netns", "exec", "ns", "tc", "qdisc", "replace", "dev", "eth0", "root", "netem",
                "loss", "20%"), IpNetnsDriver.netemArgv("ns", "eth0", new Impairment(0, 0, 20, null)));
        assertEquals(List.of("ip", "netns", "exec", "ns", "tc", "qdisc", "replace", "dev", "eth0", "root", "netem",
                "delay", "7ms"), IpNetnsDriver.netemArgv("ns", "eth0", new Impairment(7, 0, 0, null)));
    }
}
