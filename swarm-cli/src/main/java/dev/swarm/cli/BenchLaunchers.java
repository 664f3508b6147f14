package dev.swarm.cli;

import dev.swarm.node.bench.SwarmLauncher;
import dev.swarm.node.error.SwarmException;
import java.nio.file.Path;

/** Finding the launcher the child-process benchmarks run, with the CLI's error for a bad one. */
final class BenchLaunchers {
    private BenchLaunchers() {
    }

    static SwarmLauncher detect(Path given) {
        try {
            return SwarmLauncher.detect(given);
        } catch (IllegalArgumentException | IllegalStateException e) {
            throw SwarmException.invalidArgument(e.getMessage());
        }
    }
}
