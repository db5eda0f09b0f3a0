package dev.dovs.events.model;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

class LabNamingTest {
    private static final List<String> LABS = List.of("default", "a", "ab", "abc", "b", "a1", "a12345", "dovs", "mgmt");
    private static final List<String> GUESTS = List.of("g", "g1", "a-x", "b-x", "ab", "x_y", "mgmt", "1",
            "a".repeat(32));
    private static final List<String> NODES = List.of("n", "n1", "a", "ab", "node-1", "x_y", "mgmt");

    @Test
    void default_lab_keeps_the_original_names() {
        LabNaming d = LabNaming.defaultLab();
        assertTrue(d.isDefault());
        assertEquals("n1", d.container("n1"));
        assertEquals("dovs-g1", d.netns("g1"));
        assertEquals("dovs-", d.netnsPrefix());
        assertEquals("dovs-mgmt", d.mgmtNetwork());
        assertEquals("dovs-int", d.intNetwork());
    }

    @Test
    void another_lab_qualifies_every_name_with_the_lab() {
        LabNaming a = new LabNaming("lab1");
        assertFalse(a.isDefault());
        assertEquals("lab1.n1", a.container("n1"));
        assertEquals("dovslab1-g1", a.netns("g1"));
        assertEquals("dovslab1-mgmt", a.mgmtNetwork());
        assertEquals("dovslab1-int", a.intNetwork());
    }

    @Test
    void the_sample_guest_names_are_valid_guest_names() {
        GUESTS.forEach(g -> Validation.name("guest", g));
    }

    @Test
    void no_lab_namespace_starts_with_the_prefix_of_another_lab() {
        // Sweeping a lab deletes namespaces by prefix: it must never catch another lab's namespace.
        List<String> clashes = new ArrayList<>();
        for (String l1 : LABS) {
            for (String l2 : LABS) {
                if (l1.equals(l2)) {
                    continue;
                }
                LabNaming a = new LabNaming(l1);
                LabNaming b = new LabNaming(l2);
                for (String g : GUESTS) {
                    if (a.netns(g).startsWith(b.netnsPrefix())) {
                        clashes.add(a.netns(g) + " (lab " + l1 + ") starts with " + b.netnsPrefix() + " (lab " + l2 + ")");
                    }
                }
            }
        }
        assertTrue(clashes.isEmpty(), String.join("\n", clashes));
    }

    @Test
    void namespace_of_lab_a_and_prefixes_of_default_and_ab_are_disjoint_both_ways() {
        LabNaming def = LabNaming.defaultLab();
        LabNaming a = new LabNaming("a");
        LabNaming ab = new LabNaming("ab");
        for (String g : GUESTS) {
            assertFalse(a.netns(g).startsWith(def.netnsPrefix()), a.netns(g));
            assertFalse(a.netns(g).startsWith(ab.netnsPrefix()), a.netns(g));
            assertFalse(ab.netns(g).startsWith(a.netnsPrefix()), ab.netns(g));
            assertFalse(def.netns(g).startsWith(a.netnsPrefix()), def.netns(g));
            assertFalse(def.netns(g).startsWith(ab.netnsPrefix()), def.netns(g));
        }
    }

    @Test
    void container_and_network_names_never_collide_across_labs() {
        Map<String, String> owner = new HashMap<>();
        for (String l : LABS) {
            LabNaming n = new LabNaming(l);
            List<String> names = new ArrayList<>();
            NODES.forEach(node -> names.add("container " + n.container(node)));
            names.add("network " + n.mgmtNetwork());
            names.add("network " + n.intNetwork());
            for (String name : names) {
                String prev = owner.putIfAbsent(name, l);
                if (prev != null && !prev.equals(l)) {
                    fail(name + " is used by lab " + prev + " and lab " + l);
                }
            }
        }
        assertEquals(LABS.size() * (NODES.size() + 2), owner.size());
    }

    @Test
    void guest_is_found_from_its_name_or_its_namespace_name() {
        LabNaming d = LabNaming.defaultLab();
        assertEquals("g1", d.guestFromNameOrNetns("g1"));
        assertEquals("g1", d.guestFromNameOrNetns("dovs-g1"));
        LabNaming a = new LabNaming("a");
        assertEquals("g1", a.guestFromNameOrNetns("dovsa-g1"));
        assertEquals("dovs-g1", a.guestFromNameOrNetns("dovs-g1"), "another lab's prefix is not stripped");
    }

    @Test
    void an_exact_guest_name_wins_over_the_alias_and_the_alias_needs_its_guest() {
        LabNaming u1 = new LabNaming("u1");
        java.util.Set<String> both = java.util.Set.of("a", "dovsu1-a");
        assertEquals(java.util.Optional.of("dovsu1-a"), u1.resolveGuest("dovsu1-a", both::contains));
        assertEquals(java.util.Optional.of("a"), u1.resolveGuest("dovsu1-a", java.util.Set.of("a")::contains));
        assertEquals(java.util.Optional.empty(), u1.resolveGuest("dovsu1-b", both::contains));
        assertEquals(java.util.Optional.empty(), u1.resolveGuest("dovs-a", both::contains), "not this lab's form");
        assertEquals(null, u1.guestNameProblem("a"));
        assertEquals(null, u1.guestNameProblem("dovs-a"));
        org.junit.jupiter.api.Assertions.assertNotNull(u1.guestNameProblem("dovsu1-a"));
        org.junit.jupiter.api.Assertions.assertNotNull(LabNaming.defaultLab().guestNameProblem("dovs-a"));
    }

    @Test
    void tap_is_tap_plus_the_first_11_characters_of_the_port_uuid() {
        assertEquals("tap3d2c1b0a-9f", LabNaming.tap("3d2c1b0a-9f8e-4d7c-8b6a-5f4e3d2c1b0a"));
        assertEquals(14, LabNaming.tap("3d2c1b0a-9f8e-4d7c-8b6a-5f4e3d2c1b0a").length(), "fits IFNAMSIZ");
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {"A", "Lab", "1a", "a-b", "a.b", "a_b", "abcdefg", "Default", "DEFAULT", " a", "a ", "é"})
    void rejects_invalid_lab_names(String lab) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new LabNaming(lab));
        assertTrue(e.getMessage().startsWith("invalid lab name"), e.getMessage());
    }

    @ParameterizedTest
    @ValueSource(strings = {"a", "z9", "abcdef", "lab1", "default"})
    void accepts_valid_lab_names(String lab) {
        assertEquals(lab, new LabNaming(lab).lab());
    }

    @Test
    void constants_match_the_original_tool() {
        assertEquals("br-int", LabNaming.BRIDGE);
        assertEquals("eth0", LabNaming.GUEST_IFNAME);
    }

    @Test
    void a_hint_names_the_lab_unless_it_is_the_default() {
        assertEquals("dovs clean", LabNaming.defaultLab().command("clean"), "the original tool's text");
        assertEquals("dovs --lab u6 wait 6405715b", new LabNaming("u6").command("wait 6405715b"));
    }

    @Test
    void a_namespace_name_gives_back_its_lab() {
        assertEquals(java.util.Optional.of(LabNaming.defaultLab()), LabNaming.ofNetns("dovs-vm-1"));
        assertEquals(java.util.Optional.of(new LabNaming("u6")), LabNaming.ofNetns(new LabNaming("u6").netns("vm-1")));
        assertEquals(java.util.Optional.empty(), LabNaming.ofNetns("other-ns"));
        assertEquals(java.util.Optional.empty(), LabNaming.ofNetns("dovsdefault-x"));
        assertEquals(java.util.Optional.empty(), LabNaming.ofNetns("dovsX-x"));
    }
}
