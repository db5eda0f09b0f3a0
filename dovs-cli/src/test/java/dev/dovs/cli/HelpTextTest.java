package dev.dovs.cli;

import dev.dovs.events.model.LabNaming;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What the help says is what the commands do: every option described, none listed that a command refuses. */
class HelpTextTest {
    private static final CommandLine TREE = new CommandLine(new Dovs());

    private static List<CommandLine> all(CommandLine cl) {
        List<CommandLine> out = new ArrayList<>();
        for (Map.Entry<String, CommandLine> e : cl.getSubcommands().entrySet()) {
            out.add(e.getValue());
            out.addAll(all(e.getValue()));
        }
        return out;
    }

    private static CommandSpec spec(String... path) {
        CommandLine cl = TREE;
        for (String p : path) {
            cl = cl.getSubcommands().get(p);
        }
        return cl.getCommandSpec();
    }

    @Test
    void every_command_and_every_visible_option_is_described() {
        for (CommandLine cl : all(TREE)) {
            CommandSpec s = cl.getCommandSpec();
            assertTrue(s.usageMessage().description().length > 0, s.qualifiedName() + " has no description");
            for (OptionSpec o : s.options()) {
                if (!o.hidden()) {
                    assertTrue(o.description().length > 0 && !o.description()[0].isBlank(),
                            s.qualifiedName() + " " + o.longestName() + " has no description");
                }
            }
        }
    }

    @Test
    void commands_whose_odl_comes_from_the_log_do_not_list_odl() {
        for (String c : List.of("move-guest", "replay", "wait", "engine", "apply")) {
            OptionSpec odl = spec(c).findOption("--odl");
            assertTrue(odl == null || odl.hidden(), c + " lists --odl");
            assertTrue(spec(c).findOption("--odl-user") != null, c + " takes the credentials");
        }
        for (String c : List.of("add-node", "add-guest", "spawn", "clean")) {
            assertFalse(spec(c).findOption("--odl").hidden(), c);
        }
    }

    @Test
    void apply_does_not_list_detach_it_cannot_do() {
        assertEquals(null, spec("apply").findOption("--detach"));
        assertTrue(spec("add-node").findOption("--detach") != null);
    }

    @Test
    void the_lab_option_states_the_rule_its_error_states() {
        String help = String.join(" ", spec().findOption("--lab").description());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new LabNaming("1a"));
        assertTrue(e.getMessage().contains("starting with a letter (or 'default')"), e.getMessage());
        assertTrue(help.contains("1-6 lowercase letters or digits, starting with a letter (or 'default'"), help);
    }

    @Test
    void completion_names_the_path_setup_installs() {
        assertTrue(String.join(" ", spec("completion").usageMessage().description())
                .contains("/usr/share/bash-completion/completions/dovs"));
    }

    @Test
    void image_says_it_builds_the_ovn_central_image_too() {
        assertTrue(String.join(" ", spec("image").usageMessage().description()).contains("OVN central"));
    }
}
