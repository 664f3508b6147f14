package dev.swarm.node.wake;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Runs a program to wake the agent, with the wake line as its one argument (no shell) and the batch
 * described in {@code SWARM_WAKE_*} environment variables. Exit status 0 means delivered.
 */
public final class CommandWaker implements Waker {
    static final Duration TIMEOUT = Duration.ofSeconds(10);

    private final String program;

    public CommandWaker(String program) {
        this.program = program;
    }

    /** The program's exit status 0 is its word that the line was delivered; anything else is a failure. */
    @Override
    public WakeOutcome wake(WakeRequest request) {
        String line = request.line();
        Processes.Result result = Processes.run(List.of(program, line), environment(line, request.batch(),
                request.level()), TIMEOUT);
        if (result.failure() != null) {
            return WakeOutcome.failed(result.failure());
        }
        if (result.exit() != 0) {
            return WakeOutcome.failed(program + " exited with status " + result.exit()
                    + (result.stderr().isEmpty() ? "" : ": " + last(result.stderr())));
        }
        return WakeOutcome.typed(program + " took it (exit status 0)");
    }

    static Map<String, String> environment(String line, List<WakeCandidate> batch, WakeLevel level) {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("SWARM_WAKE_LINE", line);
        env.put("SWARM_WAKE_LEVEL", level.wire());
        env.put("SWARM_WAKE_COUNT", String.valueOf(batch.size()));
        env.put("SWARM_WAKE_MESSAGE_IDS", batch.stream().map(WakeCandidate::messageId).collect(Collectors.joining(",")));
        env.put("SWARM_WAKE_SENDERS", String.join(",", batch.stream().map(WakeCandidate::senderId)
                .collect(Collectors.toCollection(LinkedHashSet::new))));
        env.put("SWARM_WAKE_SWARM_IDS", String.join(",", batch.stream().map(WakeCandidate::swarmId)
                .collect(Collectors.toCollection(LinkedHashSet::new))));
        return env;
    }

    private static String last(String text) {
        String[] lines = text.split("\n");
        return lines[lines.length - 1];
    }
}
