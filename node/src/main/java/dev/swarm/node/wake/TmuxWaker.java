package dev.swarm.node.wake;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Types the wake line into a tmux pane: {@code send-keys -l} (literally, so nothing in the line is
 * read as a key name), then Enter as a separate key. tmux runs as a child process that inherits the
 * node's environment, so {@code TMUX_TMPDIR} and the user's default socket both work.
 */
public final class TmuxWaker implements Waker {
    static final Duration TIMEOUT = Duration.ofSeconds(5);

    private final String program;
    private final String target;

    public TmuxWaker(String program, String target) {
        this.program = program;
        this.target = target;
    }

    @Override
    public Optional<String> wake(String line, List<WakeCandidate> batch, WakeLevel level) {
        Processes.Result typed = Processes.run(List.of(program, "send-keys", "-t", target, "-l", "--", line), Map.of(),
                TIMEOUT);
        if (!typed.ok()) {
            return Optional.of(reason(typed));
        }
        Processes.Result entered = Processes.run(List.of(program, "send-keys", "-t", target, "Enter"), Map.of(), TIMEOUT);
        return entered.ok() ? Optional.empty() : Optional.of(reason(entered));
    }

    @Override
    public Optional<String> snapshot() {
        Processes.Result screen = Processes.run(List.of(program, "capture-pane", "-p", "-t", target), Map.of(), TIMEOUT);
        return screen.ok() ? Optional.of(screen.stdout()) : Optional.empty();
    }

    /** The failure in words a user can act on. */
    String reason(Processes.Result result) {
        if (result.failure() != null) {
            if (result.failure().startsWith("cannot run") && result.failure().contains("error=2")) {
                return program.contains("/") ? "tmux is not installed (no program at " + program + ")"
                        : "tmux is not installed (no program '" + program + "' on the PATH)";
            }
            return result.failure();
        }
        String stderr = result.stderr();
        if (stderr.contains("no server running") || stderr.contains("error connecting to")) {
            return "no tmux server is running for this user (" + stderr + ")";
        }
        if (stderr.contains("can't find")) {
            return "tmux has no pane '" + target + "' (" + stderr + ")";
        }
        return "tmux failed with exit status " + result.exit() + (stderr.isEmpty() ? "" : ": " + stderr);
    }
}
