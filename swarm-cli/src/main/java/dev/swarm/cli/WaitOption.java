package dev.swarm.cli;

import dev.swarm.node.error.SwarmException;
import java.time.Duration;
import picocli.CommandLine.Option;

/** {@code --wait}: how long a command that sends waits for the outcome when {@code swarm serve} delivers. */
public final class WaitOption {
    @Option(names = "--wait", paramLabel = "SECONDS", defaultValue = "5",
            description = "When swarm serve delivers, wait up to this long for the outcome (default ${DEFAULT-VALUE};"
                    + " 0: return once queued).")
    double seconds;

    Duration duration() {
        if (seconds < 0) {
            throw SwarmException.invalidArgument("--wait must not be negative");
        }
        return Duration.ofMillis(Math.round(seconds * 1000));
    }
}
