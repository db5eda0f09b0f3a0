package dev.dovs.cli;

import picocli.CommandLine.Option;

import java.nio.file.Path;

/** {@code -f/--file FILE} of the commands that read a topology file ({@code plan}, {@code apply}). */
final class TopologyFileOption {
    @Option(names = {"-f", "--file"}, required = true, paramLabel = "FILE", description = "Topology file (YAML).")
    Path file;
}
