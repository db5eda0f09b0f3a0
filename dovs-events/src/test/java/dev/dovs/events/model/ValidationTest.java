package dev.dovs.events.model;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ValidationTest {

    @ParameterizedTest
    @ValueSource(strings = {"a", "Z", "0", "n1", "node-1", "node_1", "9lives", "A-b_C-d", "x-", "y_"})
    void accepts_names_of_letters_digits_underscore_and_dash_starting_with_letter_or_digit(String name) {
        assertEquals(name, Validation.name("guest", name));
    }

    @Test
    void accepts_a_name_of_exactly_32_characters_and_rejects_33() {
        String max = "a".repeat(32);
        assertEquals(max, Validation.name("node", max));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Validation.name("node", max + "b"));
        assertTrue(e.getMessage().contains("at most 32"), e.getMessage());
        assertTrue(e.getMessage().startsWith("invalid node name"), e.getMessage());
    }

    @ParameterizedTest
    @ValueSource(strings = {"-a", "_a", "a.b", "a b", "a/b", "a:b", "ä", "a$", "a;rm", "tab\t", "new\nline"})
    void rejects_names_with_other_characters(String name) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Validation.name("guest", name));
        assertTrue(e.getMessage().startsWith("invalid guest name"), e.getMessage());
    }

    @Test
    void rejects_the_all_zero_mac_that_no_nic_may_use() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Validation.mac("00:00:00:00:00:00"));
        assertTrue(e.getMessage().contains("all-zero"), e.getMessage());
    }

    @ParameterizedTest
    @NullAndEmptySource
    void rejects_a_missing_name(String name) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Validation.name("node", name));
        assertEquals("node name is required", e.getMessage());
    }

    @ParameterizedTest
    @ValueSource(strings = {"fa:16:3e:00:00:01", "00:00:00:00:00:01", "02:42:ac:11:00:02", "fe:ff:ff:ff:ff:ff"})
    void accepts_lowercase_unicast_macs(String mac) {
        assertEquals(mac, Validation.mac(mac));
    }

    @ParameterizedTest
    @ValueSource(strings = {"01:00:5e:00:00:01", "ff:ff:ff:ff:ff:ff", "33:33:00:00:00:01", "fb:16:3e:00:00:01"})
    void rejects_macs_with_the_multicast_bit(String mac) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Validation.mac(mac));
        assertTrue(e.getMessage().contains("multicast"), e.getMessage());
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {"fa:16:3e:00:00", "fa:16:3e:00:00:01:02", "fa-16-3e-00-00-01",
            "fa163e000001", "gg:16:3e:00:00:01", "fa:16:3e:0:00:01"})
    void rejects_malformed_macs(String mac) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Validation.mac(mac));
        assertTrue(e.getMessage().startsWith("invalid MAC"), e.getMessage());
    }

    @Test
    void accepts_a_mac_in_either_case_and_keeps_it_in_lowercase() {
        assertEquals("fa:16:3e:0a:00:01", Validation.mac("FA:16:3E:0A:00:01"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Validation.mac("ZZ"));
        assertEquals("invalid MAC 'ZZ': expected six hex bytes xx:xx:xx:xx:xx:xx", e.getMessage(),
                "the value as given, and no 'lowercase' rule that is not one");
    }

    @Test
    void accepts_a_lowercase_uuid() {
        String u = java.util.UUID.randomUUID().toString();
        assertEquals(u, Validation.uuid(u));
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {"3D2C1B0A-9F8E-4D7C-8B6A-5F4E3D2C1B0A", "3d2c1b0a9f8e4d7c8b6a5f4e3d2c1b0a",
            "3d2c1b0a-9f8e-4d7c-8b6a", "3d2c1b0a-9f8e-4d7c-8b6a-5f4e3d2c1b0a0", "zd2c1b0a-9f8e-4d7c-8b6a-5f4e3d2c1b0a"})
    void rejects_malformed_uuids(String u) {
        assertThrows(IllegalArgumentException.class, () -> Validation.uuid(u));
    }

    @ParameterizedTest
    @ValueSource(strings = {"dovs/node:latest", "ubuntu", "registry.local/x/y:1.2-b", "a"})
    void accepts_image_references(String image) {
        assertEquals(image, Validation.image(image));
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {"Ubuntu", "ubuntu:", "-x", "a b", "x;rm -rf /"})
    void rejects_malformed_image_references(String image) {
        assertThrows(IllegalArgumentException.class, () -> Validation.image(image));
    }

    @Test
    void rejects_image_references_longer_than_200_characters() {
        assertEquals("a".repeat(200), Validation.image("a".repeat(200)));
        assertThrows(IllegalArgumentException.class, () -> Validation.image("a".repeat(201)));
    }
}
