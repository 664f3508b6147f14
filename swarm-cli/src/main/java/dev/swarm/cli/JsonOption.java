package dev.swarm.cli;

import picocli.CommandLine.Option;

/** {@code --json}: every command has it. */
public final class JsonOption {
    @Option(names = "--json", description = "Print exactly one JSON document on stdout.")
    boolean json;
}
