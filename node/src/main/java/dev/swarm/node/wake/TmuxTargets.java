package dev.swarm.node.wake;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The tmux pane a command runs in, as a wake target ({@code session:window.pane}). */
public final class TmuxTargets {
    private TmuxTargets() {
    }

    /**
     * The pane named by {@code TMUX_PANE} in {@code env}, asked of the tmux server in {@code TMUX}; empty
     * when not inside tmux or tmux cannot say.
     */
    public static Optional<String> current(String program, Map<String, String> env) {
        String pane = env.get("TMUX_PANE");
        if (pane == null || pane.isBlank() || env.get("TMUX") == null) {
            return Optional.empty();
        }
        Map<String, String> tmuxEnv = new HashMap<>();
        tmuxEnv.put("TMUX", env.get("TMUX"));
        if (env.get("TMUX_TMPDIR") != null) {
            tmuxEnv.put("TMUX_TMPDIR", env.get("TMUX_TMPDIR"));
        }
        Processes.Result result = Processes.run(List.of(program == null ? "tmux" : program, "display-message", "-p",
                "-t", pane, "#{session_name}:#{window_index}.#{pane_index}"), tmuxEnv, Duration.ofSeconds(5));
        String target = result.ok() ? result.stdout().strip() : "";
        return target.isEmpty() ? Optional.empty() : Optional.of(target);
    }
}
