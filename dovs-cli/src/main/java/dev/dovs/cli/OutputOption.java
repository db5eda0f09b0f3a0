package dev.dovs.cli;

import dev.dovs.engine.DovsException;
import dev.dovs.engine.FileErrors;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * {@code -o/--output FILE} of a command that prints one document (export's YAML, graph's DOT, Mermaid, JSON or SVG):
 * the option and where the document goes. Such commands run in the client's own process, so stdout is the
 * process's.
 */
final class OutputOption {
    @Option(names = {"-o", "--output"}, paramLabel = "FILE", description = "Write to FILE instead of stdout.")
    Path output;

    /**
     * Writes {@code document} to the file (created or truncated), else to stdout after whatever the command's
     * writer still holds.
     *
     * @throws DovsException (invalid) {@code FILE: reason} when the file cannot be written ({@link FileErrors})
     * @throws IOException when stdout cannot be written
     */
    void write(CommandSpec spec, byte[] document) throws IOException {
        if (output == null) {
            spec.commandLine().getOut().flush();
            System.out.write(document);
            System.out.flush();
        } else {
            try {
                Files.write(output, document);
            } catch (IOException e) {
                throw FileErrors.error(output, e);
            }
        }
    }
}
