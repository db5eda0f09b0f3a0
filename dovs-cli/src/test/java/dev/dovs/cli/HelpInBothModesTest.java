package dev.dovs.cli;

import org.junit.jupiter.api.Test;
import picocli.CommandLine;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code --help}, {@code -h} and {@code help <command>} print the command's usage, exit 0, in both modes: embedded
 * ({@link Dovs#execute(String...)}) and in the background engine on behalf of a thin client
 * ({@link Dovs#execute(Invocation, java.io.OutputStream, java.io.OutputStream, String...)}). Every command of the tree
 * is asked, so a command added later is covered too.
 */
class HelpInBothModesTest {

    /** Every command path of the tree, e.g. [info], [engine, status]. */
    private static List<List<String>> commands() {
        List<List<String>> all = new ArrayList<>();
        walk(new CommandLine(new Dovs()), new ArrayList<>(), all);
        return all;
    }

    private static void walk(CommandLine cl, List<String> path, List<List<String>> all) {
        for (Map.Entry<String, CommandLine> e : cl.getSubcommands().entrySet()) {
            if (!e.getKey().equals(e.getValue().getCommandName())) {
                continue; // an alias
            }
            List<String> p = new ArrayList<>(path);
            p.add(e.getKey());
            all.add(p);
            walk(e.getValue(), p, all);
        }
    }

    private record Run(int code, String out, String err) {
    }

    private static Run engine(List<String> args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        Invocation inv = new Invocation(Map.of("DOVS_STATE_DIR", "/nonexistent-dovs-test"), Path.of("/"), false,
                "test", null, null, java.time.Instant.now());
        int code = Dovs.execute(inv, out, err, args.toArray(String[]::new));
        return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    private static Run embedded(List<String> args) {
        CliRun r = CliRun.of(args);
        return new Run(r.code(), r.out(), r.err());
    }

    private static void assertUsage(List<String> command, List<String> args, Run r) {
        String usage = "Usage: dovs " + String.join(" ", command);
        assertEquals(0, r.code(), () -> args + " exit code; stderr: " + r.err());
        assertTrue(r.out().startsWith(usage), () -> args + " prints its usage; stdout: " + r.out() + "\nstderr: "
                + r.err());
        assertEquals("", r.err(), () -> args + " writes nothing to stderr");
    }

    @Test
    void everyCommandsHelpOptionPrintsItsUsageInTheEngineAsEmbedded() {
        List<List<String>> commands = commands();
        assertTrue(commands.size() > 20, "the tree has its commands: " + commands);
        for (List<String> c : commands) {
            if (c.equals(List.of("help"))) {
                continue; // picocli's help command has no --help of its own
            }
            for (String opt : List.of("--help", "-h")) {
                List<String> args = new ArrayList<>(c);
                args.add(opt);
                assertUsage(c, args, embedded(args));
                assertUsage(c, args, engine(args));
            }
        }
    }

    @Test
    void theHelpCommandPrintsEachCommandsUsageInTheEngineAsEmbedded() {
        for (List<String> c : commands()) {
            if (c.size() != 1 || c.equals(List.of("help"))) {
                continue;
            }
            List<String> args = List.of("help", c.get(0));
            assertUsage(c, args, engine(args));
            assertUsage(c, args, embedded(args));
        }
    }

    @Test
    void theHelpCommandPrintsANestedCommandsUsage() {
        List<List<String>> nested = commands().stream().filter(c -> c.size() > 1).toList();
        assertTrue(nested.contains(List.of("image", "build")), nested.toString());
        for (List<String> c : nested) {
            List<String> args = new ArrayList<>(List.of("help"));
            args.addAll(c);
            assertUsage(c, args, engine(args));
            assertUsage(c, args, embedded(args));
        }
    }

    @Test
    void theHelpCommandRefusesAnUnknownCommandInOneLine() {
        for (Run r : List.of(embedded(List.of("help", "image", "nosuch")), engine(List.of("help", "image", "nosuch")))) {
            assertEquals(2, r.code(), r.err());
            assertEquals("dovs: error: no command 'image nosuch' (see 'dovs help --help')\n", r.err());
        }
    }

    @Test
    void versionAndRootHelpInTheEngineAsEmbedded() {
        for (String opt : List.of("--version", "-V")) {
            Run e = engine(List.of(opt));
            assertEquals(0, e.code(), e::err);
            assertTrue(e.out().startsWith("dovs "), e::out);
            assertEquals(embedded(List.of(opt)).out(), e.out());
        }
        assertUsage(List.of(), List.of("--help"), engine(List.of("--help")));
    }
}
