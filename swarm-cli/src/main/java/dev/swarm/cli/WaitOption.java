package dev.swarm.cli;

import dev.swarm.node.error.SwarmException;
import java.time.Duration;
import picocli.CommandLine.Option;

/** {@code --wait}: how long a command that sends waits for the outcome when {@code swarm serve} delivers. */
public final class WaitOption {
    @Option(names = "--wait", paramLabel = "SECONDS", defaultValue = "5",
            description = "Wait up to this long for the recipients' answers (default ${DEFAULT-VALUE}); members that"
                    + " do not answer in time are reported pending. 0: with swarm serve, return once queued.")
    double seconds;

    Duration duration() {
        if (seconds < 0) {
            throw SwarmException.invalidArgument("--wait must not be negative");
        }
        return Duration.ofMillis(Math.round(seconds * 1000));
    }
}
