package dev.dovs.events.model;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ImpairmentTest {

    @Test
    void describes_only_what_is_set() {
        assertEquals("delay 50ms jitter 5ms loss 0.5% rate 10mbit",
                new Impairment(50, 5, 0.5, "10MBIT").describe());
        assertEquals("loss 10%", new Impairment(0, 0, 10, null).describe());
    }

    @Test
    void refuses_out_of_range_values_and_empty_impairments() {
        assertTrue(assertThrows(IllegalArgumentException.class, () -> new Impairment(10, 20, 0, null))
                .getMessage().contains("exceeds the delay"));
        assertThrows(IllegalArgumentException.class, () -> new Impairment(-1, 0, 0, null));
        assertThrows(IllegalArgumentException.class, () -> new Impairment(0, 0, 100.5, null));
        assertThrows(IllegalArgumentException.class, () -> new Impairment(0, 0, 0.0001, null));
        assertThrows(IllegalArgumentException.class, () -> new Impairment(0, 0, 0, "fast"));
        assertThrows(IllegalArgumentException.class, () -> new Impairment(0, 0, 0, "10mbit; reboot"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> new Impairment(0, 0, 0, null))
                .getMessage().contains("clear"));
    }
}
