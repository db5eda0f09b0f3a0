package dev.dovs.cli;

import dev.dovs.engine.DovsException;
import dev.dovs.events.Outcome;
import dev.dovs.events.model.LabNaming;
import dev.dovs.events.Outcome.Failure;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Input validation of the CLI through its real entry point {@link Dovs#execute}. Every case here must be refused
 * before anything is submitted and before the root check, so these tests need neither root nor docker.
 */
class CliValidationTest {
    private static final String LONG_NAME = "g".repeat(33);

    @TempDir
    Path stateDir;

    /** Runs {@code dovs --state-dir <tmp> args...}, capturing what it prints. */
    private CliRun dovs(String... args) {
        List<String> all = new ArrayList<>(List.of("--state-dir", stateDir.toString()));
        all.addAll(List.of(args));
        return CliRun.of(all);
    }

    /** Exit code 2, exactly one error line containing {@code expected}, and nothing submitted. */
    private void assertInvalid(CliRun r, String expected) throws Exception {
        assertEquals(2, r.code(), () -> "exit code; stderr was: " + r.err());
        assertEquals(1, r.errLines().size(), () -> "one error line, got:\n" + r.err());
        String line = r.errLines().get(0);
        assertTrue(line.startsWith("dovs: error: "), line);
        assertTrue(line.contains(expected), () -> "'" + line + "' does not mention '" + expected + "'");
        assertFalse(line.contains("Exception"), "no class names: " + line);
        assertNothingSubmitted();
    }

    private void assertNothingSubmitted() throws Exception {
        try (var files = Files.list(stateDir)) {
            assertEquals(List.of(), files.toList(), "a lab directory was created: something was submitted");
        }
    }

    // ---- add-guest -----------------------------------------------------------------------------------------

    @ParameterizedTest
    @ValueSource(strings = {"10.0.0.0/24", "192.168.1.128/25"})
    void add_guest_refuses_a_network_address(String ip) throws Exception {
        assertInvalid(dovs("add-guest", "--node", "n1", "--ip", ip, "--detach"), "network address");
    }

    @ParameterizedTest
    @ValueSource(strings = {"10.0.0.255/24", "192.168.1.127/25"})
    void add_guest_refuses_a_broadcast_address(String ip) throws Exception {
        assertInvalid(dovs("add-guest", "--node", "n1", "--ip", ip, "--detach"), "broadcast address");
    }

    @ParameterizedTest
    @ValueSource(strings = {"10.0.0.1/32", "10.0.0.1/31", "10.0.0.1/0"})
    void add_guest_refuses_a_prefix_without_room_for_hosts(String ip) throws Exception {
        assertInvalid(dovs("add-guest", "--node", "n1", "--ip", ip, "--detach"), "prefix must be 1-30");
    }

    @ParameterizedTest
    @ValueSource(strings = {"garbage", "10.0.0.1", "10.0.0.300/24", "10.0.0.1/24x"})
    void add_guest_refuses_what_is_not_an_ipv4_cidr(String ip) throws Exception {
        assertInvalid(dovs("add-guest", "--node", "n1", "--ip", ip, "--detach"), "invalid address '" + ip + "'");
    }

    @Test
    void add_guest_refuses_a_guest_name_longer_than_32_characters() throws Exception {
        assertInvalid(dovs("add-guest", "--name", LONG_NAME, "--node", "n1", "--ip", "10.0.0.1/24", "--detach"),
                "at most 32 characters");
    }

    @ParameterizedTest
    @ValueSource(strings = {"bad.name", "bad name", "_under", "semi;colon", "slash/y", "ünï"})
    void add_guest_refuses_a_guest_name_with_bad_characters(String name) throws Exception {
        // --name=<value>, so that picocli does not take "-dash" for an option
        assertInvalid(dovs("add-guest", "--name=" + name, "--node", "n1", "--ip", "10.0.0.1/24", "--detach"),
                "invalid guest name");
    }

    @Test
    void add_guest_refuses_a_bad_node_name() throws Exception {
        assertInvalid(dovs("add-guest", "--node", "n.1", "--ip", "10.0.0.1/24", "--detach"), "invalid node name");
    }

    @Test
    void add_guest_refuses_a_multicast_mac() throws Exception {
        assertInvalid(dovs("add-guest", "--node", "n1", "--ip", "10.0.0.1/24", "--mac", "01:00:5E:00:00:01",
                "--detach"), "multicast");
    }

    @Test
    void add_guest_without_ip_is_a_usage_error() throws Exception {
        CliRun r = dovs("add-guest", "--node", "n1", "--detach");
        assertEquals(2, r.code(), r.err());
        // picocli reports the missing option on the first line (followed by the command's usage)
        assertTrue(r.errLines().get(0).contains("Missing required option") && r.errLines().get(0).contains("--ip"),
                r.err());
        assertNothingSubmitted();
    }

    @Test
    void add_guest_with_a_router_but_no_net_is_refused() throws Exception {
        assertInvalid(dovs("add-guest", "--node", "n1", "--ip", "10.0.0.1/24", "--router", "r1", "--detach"),
                "--router needs --net");
    }

    @ParameterizedTest
    @ValueSource(strings = {"--net", "--router"})
    void add_guest_with_a_bad_net_or_router_name_is_refused(String option) throws Exception {
        List<String> args = new ArrayList<>(List.of("add-guest", "--node", "n1", "--ip", "10.0.0.1/24", "--detach"));
        if (option.equals("--router")) {
            args.addAll(List.of("--net", "ok"));
        }
        args.addAll(List.of(option, "bad/name"));
        assertInvalid(dovs(args.toArray(String[]::new)), "invalid " + option.substring(2) + " name");
    }

    // ---- spawn and move-guest ------------------------------------------------------------------------------

    @Test
    void spawn_refuses_routed_without_nets() throws Exception {
        assertInvalid(dovs("spawn", "--nodes", "2", "--guests", "2", "--routed", "--detach"), "--routed needs --nets");
    }

    @Test
    void spawn_refuses_more_guests_than_the_nets_can_hold() throws Exception {
        assertInvalid(dovs("spawn", "--nodes", "2", "--guests", "200", "--detach"), "do not fit");
    }

    @Test
    void spawn_refuses_zero_nodes() throws Exception {
        assertInvalid(dovs("spawn", "--nodes", "0", "--detach"), "--nodes must be 1-50");
    }

    @Test
    void move_guest_refuses_a_bad_destination_name() throws Exception {
        assertInvalid(dovs("move-guest", "--name-guest", "g1", "--name-dstnode", "no/pe", "--detach"),
                "invalid destination node name");
    }

    // ---- add-node ------------------------------------------------------------------------------------------

    @ParameterizedTest
    @ValueSource(strings = {"bad.name", "n 1", "_n1", "n1!", "nnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnn"})
    void add_node_refuses_a_bad_node_name(String name) throws Exception {
        assertInvalid(dovs("add-node", "--name=" + name, "--detach"), "invalid node name");
    }

    @Test
    void add_node_refuses_a_bad_image_reference() throws Exception {
        assertInvalid(dovs("add-node", "--name", "n1", "--image", "Not An Image", "--detach"),
                "invalid image reference");
    }

    // ---- --odl ---------------------------------------------------------------------------------------------

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "a b        | ODL address 'a b': invalid host 'a b'",
            "host:99999 | ODL address 'host:99999': port '99999' is not a number between 1 and 65535",
            "::1        | ODL address '::1': IPv6 literals need brackets, e.g. [::1]:8181",
            "[::1       | ODL address '[::1': missing ']' after IPv6 literal",
            "u@h:8181   | ODL address 'u@h:8181': invalid host 'u@h'"})
    void add_node_refuses_a_bad_odl_address(String address, String message) throws Exception {
        assertInvalid(dovs("add-node", "--name", "n1", "--odl", address, "--detach"), message);
    }

    @Test
    void every_command_taking_an_odl_address_refuses_a_bad_one() throws Exception {
        String message = "ODL address 'host:0': port '0' is not a number between 1 and 65535";
        assertInvalid(dovs("add-guest", "--node", "n1", "--ip", "10.0.0.1/24", "--net", "s", "--odl", "host:0",
                "--detach"), message);
        assertInvalid(dovs("spawn", "--nodes", "1", "--odl", "host:0", "--detach"), message);
        assertInvalid(dovs("clean", "--odl", "host:0", "--detach"), message);
    }

    @ParameterizedTest
    @ValueSource(strings = {"0", "3601", "-5"})
    void a_request_timeout_outside_1_to_3600_seconds_is_refused(String seconds) throws Exception {
        assertInvalid(dovs("add-node", "--name", "n1", "--odl", "127.0.0.1", "--odl-timeout", seconds, "--detach"),
                "--odl-timeout must be 1-3600 seconds");
        assertInvalid(dovs("clean", "--odl-timeout", seconds, "--detach"), "--odl-timeout must be 1-3600 seconds");
    }

    @Test
    @Timeout(30)
    void the_engine_refuses_a_bad_request_timeout() throws Exception {
        assertInvalid(dovs("engine", "--odl-timeout", "0"), "--odl-timeout must be 1-3600 seconds");
    }

    @Test
    void waits_outside_0_to_3600_seconds_are_refused() throws Exception {
        assertInvalid(dovs("add-node", "--name", "n1", "--odl", "127.0.0.1", "--odl-bridge-wait", "-1", "--detach"),
                "--odl-bridge-wait must be 0-3600 seconds");
        assertInvalid(dovs("add-guest", "--node", "n1", "--ip", "10.0.0.1/24", "--net", "s", "--odl", "127.0.0.1",
                "--odl-binding-timeout", "3601", "--detach"), "--odl-binding-timeout must be 0-3600 seconds");
    }

    @Test
    void an_unreadable_password_file_is_refused_naming_the_file_only() throws Exception {
        Path missing = stateDir.resolveSibling(stateDir.getFileName() + "-no-password-file");
        assertInvalid(dovs("add-node", "--name", "n1", "--odl", "127.0.0.1", "--odl-password-file",
                missing.toString(), "--detach"), "cannot read --odl-password-file " + missing + ": no such file or directory");
        assertInvalid(dovs("clean", "--odl-password-file", stateDir.toString(), "--detach"),
                "cannot read --odl-password-file " + stateDir + ": is a directory");
    }

    @Test
    @Timeout(30)
    void engine_and_replay_take_odl_credentials_but_no_address() throws Exception {
        String why = " takes ODL credentials only: the ODL comes from the log (--odl belongs to add-node, add-guest, "
                + "spawn and clean)";
        assertInvalid(dovs("engine", "--odl", "127.0.0.1:8181"), "dovs: error: engine" + why);
        assertInvalid(dovs("replay", "--odl", "127.0.0.1:8181"), "dovs: error: replay" + why);
        assertInvalid(dovs("replay", "--dry-run", "--odl", "127.0.0.1:8181"), "dovs: error: replay" + why);
        assertInvalid(dovs("move-guest", "--name-guest", "g", "--name-dstnode", "n", "--odl", "127.0.0.1:8181"),
                "dovs: error: move-guest" + why);
        assertInvalid(dovs("wait", "abc", "--odl", "127.0.0.1:8181"), "dovs: error: wait" + why);
    }

    @Test
    void clean_cannot_both_keep_and_sweep_odl() throws Exception {
        assertInvalid(dovs("clean", "--keep-odl", "--odl", "127.0.0.1"),
                "dovs: error: --keep-odl and --odl contradict each other");
    }

    // ---- --lab ---------------------------------------------------------------------------------------------

    @ParameterizedTest
    @ValueSource(strings = {"Lab", "a-b", "toolong", "1a", "a.b"})
    void a_bad_lab_name_is_refused_before_anything_else(String lab) throws Exception {
        assertInvalid(dovs("--lab", lab, "add-node", "--name", "n1", "--detach"), "invalid lab name '" + lab + "'");
    }

    @Test
    void a_bad_lab_name_after_the_subcommand_is_refused_too() throws Exception {
        assertInvalid(dovs("add-guest", "--lab", "BAD", "--node", "n1", "--ip", "10.0.0.1/24", "--detach"),
                "invalid lab name 'BAD'");
        assertInvalid(dovs("clean", "--lab", "a_b", "--detach"), "invalid lab name 'a_b'");
    }

    // ---- misc ----------------------------------------------------------------------------------------------

    @Test
    void version_prints_dovs_and_the_version_and_succeeds() {
        CliRun r = dovs("--version");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().startsWith("dovs "), r.out());
        assertEquals(1, r.out().lines().count(), r.out());
    }

    @Test
    void an_unknown_subcommand_is_a_usage_error() {
        CliRun r = dovs("add-router", "--name", "r1");
        assertEquals(2, r.code());
        assertFalse(r.err().isBlank());
    }

    @Test
    void log_since_parses_ages_relative_to_now() {
        Instant now = Instant.parse("2026-03-01T12:00:00Z");
        assertEquals(now.minus(Duration.ofMinutes(15)), LogCommand.parseSince("15m", now));
        assertEquals(now.minus(Duration.ofHours(2)), LogCommand.parseSince("2h", now));
        assertEquals(now.minus(Duration.ofSeconds(90)), LogCommand.parseSince("90s", now));
        assertEquals(now.minus(Duration.ofDays(1)), LogCommand.parseSince("1d", now));
        assertEquals(now.minus(Duration.ofMinutes(5)), LogCommand.parseSince(" 5m ", now));
    }

    @Test
    void log_since_parses_iso_instants() {
        Instant now = Instant.parse("2026-03-01T12:00:00Z");
        assertEquals(Instant.parse("2026-11-27T10:00:00Z"), LogCommand.parseSince("2026-11-27T10:00:00Z", now));
        assertEquals(Instant.parse("2026-11-27T10:00:00.250Z"),
                LogCommand.parseSince("2026-11-27T10:00:00.250Z", now));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "yesterday", "15", "15x", "-5m", "m", "1.5h", "2026-11-27", "2026-11-27 10:00:00",
            "99999999999999999999d"})
    void log_since_rejects_garbage_as_invalid_input(String text) {
        DovsException e = assertThrows(DovsException.class, () -> LogCommand.parseSince(text, Instant.now()));
        assertEquals(DovsException.INVALID, e.exitCode());
        assertTrue(e.getMessage().startsWith("invalid --since '" + text + "'"), e.getMessage());
    }

    @Test
    void submitter_maps_a_rejection_to_exit_2_without_rollback_suffix() {
        DovsException e = assertThrows(DovsException.class, () -> Submitter.check(LabNaming.defaultLab(), "add-node n1",
                new Outcome.NodeAddFailed("n1", new Failure(Failure.Kind.REJECTED, "node n1 already exists", true))));
        assertEquals(2, e.exitCode());
        assertEquals("add-node n1 failed: node n1 already exists", e.getMessage());
    }

    @Test
    void submitter_maps_a_rolled_back_failure_to_exit_1_with_rolled_back_suffix() {
        DovsException e = assertThrows(DovsException.class, () -> Submitter.check(LabNaming.defaultLab(), "add-guest g1",
                new Outcome.GuestAddFailed("g1", new Failure(Failure.Kind.FAILED, "veth failed", true))));
        assertEquals(1, e.exitCode());
        assertEquals("add-guest g1 failed: veth failed (rolled back)", e.getMessage());
    }

    @Test
    void submitter_tells_to_clean_when_the_rollback_was_incomplete() {
        DovsException e = assertThrows(DovsException.class, () -> Submitter.check(LabNaming.defaultLab(), "clean",
                new Outcome.LabCleanFailed(new Failure(Failure.Kind.FAILED, "sweep failed", false))));
        assertEquals(1, e.exitCode());
        assertTrue(e.getMessage().endsWith("(rollback incomplete: run 'dovs clean')"), e.getMessage());
    }

    @Test
    void submitter_maps_an_interrupted_intent_to_exit_1() {
        DovsException e = assertThrows(DovsException.class, () -> Submitter.check(LabNaming.defaultLab(), "add-node n1",
                new Outcome.NodeAddFailed("n1", new Failure(Failure.Kind.INTERRUPTED, "engine died", true))));
        assertEquals(1, e.exitCode());
        assertEquals("add-node n1 failed: interrupted: engine died (rolled back)", e.getMessage());
    }

    @Test
    void submitter_returns_a_successful_outcome_unchanged() {
        Outcome ok = new Outcome.NodeAdded("n1", "n1", "c", "m", "i");
        assertSame(ok, Submitter.check(LabNaming.defaultLab(), "add-node n1", ok));
    }

    // ---- issue 13: addresses no host may hold, controllers that can never answer, messages that name the fault --

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "127.0.0.5/8      | loopback",
            "0.0.0.7/8        | this network",
            "224.0.0.9/24     | multicast",
            "240.0.0.1/8      | reserved",
            "255.255.255.1/24 | reserved"})
    void add_guest_refuses_addresses_no_host_may_hold(String ip, String why) throws Exception {
        assertInvalid(dovs("add-guest", "--node", "n1", "--ip", ip, "--detach"), why);
    }

    @Test
    void add_guest_refuses_a_link_local_address_on_a_routed_net_only() throws Exception {
        assertInvalid(dovs("add-guest", "--node", "n1", "--ip", "169.254.0.5/16", "--net", "s", "--router", "r",
                "--detach"), "link-local");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "00:00:00:00:00:00 | all-zero",
            "ff:ff:ff:ff:ff:ff | broadcast",
            "01:00:5e:00:00:fb | multicast"})
    void add_guest_refuses_macs_no_nic_may_use(String mac, String why) throws Exception {
        assertInvalid(dovs("add-guest", "--node", "n1", "--ip", "10.0.0.1/24", "--mac", mac, "--detach"), why);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "999.1.1.1      | '999.1.1.1' is not a valid IPv4 address",
            "10.0.0         | '10.0.0' is not a valid IPv4 address",
            "224.0.0.1      | 224.0.0.1 cannot be a controller: 224.0.0.0/4 is multicast",
            "0.0.0.0:8181   | 0.0.0.0 cannot be a controller: 0.0.0.0/8",
            "255.255.255.255 | limited broadcast",
            "[ff02::1]      | ff02::1 cannot be a controller: a multicast address",
            "[::]           | cannot be a controller: the unspecified address"})
    void an_odl_address_that_can_never_answer_is_refused_before_any_side_effect(String odl, String message)
            throws Exception {
        assertInvalid(dovs("add-node", "--name", "n1", "--odl", odl, "--detach"), message);
        assertInvalid(dovs("clean", "--odl", odl, "--detach"), message);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "--nets   | 300 | --nets must be 0-250, not 300",
            "--guests | -1  | --guests must be >= 0, not -1"})
    void spawn_names_only_the_option_that_is_wrong(String option, String value, String message) throws Exception {
        CliRun r = dovs("spawn", "--nodes", "1", option, value, "--detach");
        assertInvalid(r, message);
        assertFalse(r.err().contains(option.equals("--nets") ? "--guests" : "--nets"), r.err());
    }

    // ---- numbers, option combinations: refused before anything is done, one line, exit 2 --------------------

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "add-guest --node n1 --ip 10.0.0.1/24 --timeout -5|--timeout must be 0-604800 seconds, not -5",
            "add-node --name n1 --timeout 604801|--timeout must be 0-604800 seconds, not 604801",
            "del-node --name n1 --timeout -1|--timeout must be 0-604800 seconds, not -1",
            "clean --timeout -1|--timeout must be 0-604800 seconds, not -1",
            "wait 0123 --timeout -1|--timeout must be 0-604800 seconds, not -1",
            "netem g1 --delay -1|delay",
            "netem g1 --loss 101|loss",
            "spawn --nodes 0|--nodes must be 1-50, not 0",
            "check --parallel 0|--parallel must be at least 1, not 0",
            "check --sample 0|--sample must be at least 1, not 0",
            "check --arp-rate 0|--arp-rate must be at least 1, not 0",
            "add-node --name n1 --json|--json only goes with --dry-run",
            "netem g1 --delay 10 --json|--json only goes with --dry-run",
            "netem g1|netem needs --clear or at least one of --delay, --loss and --rate",
            "netem g1 --delay 10 --clear|--clear excludes --delay, --jitter, --loss and --rate",
            "netem g1 --jitter 5|--jitter needs --delay",
            "add-node --name n1 --odl-bridge-wait -1|--odl-bridge-wait must be 0-3600 seconds",
            "add-guest --node n1 --ip 10.0.0.1/24 --odl-binding-timeout -5|--odl-binding-timeout must be 0-3600 seconds",
            "add-guest --node n1 --ip 10.0.0.1/24 --ovn-binding-timeout 0|--ovn-binding-timeout must be 1..3600 seconds",
            "spawn --nodes 1 --odl-binding-timeout 3601|--odl-binding-timeout must be 0-3600 seconds",
            "add-node --name n1 --odl-timeout 0|--odl-timeout must be 1-3600 seconds",
            "engine --idle-timeout -1|the idle timeout must be 0-604800 seconds",
    })
    void numbers_and_combinations_are_checked_before_anything(String args, String expected) throws Exception {
        CliRun r = dovs(args.split(" "));
        assertInvalid(r, expected);
        assertFalse(r.err().contains("Error: "), "no picocli text inside dovs: error: " + r.err());
    }
}
