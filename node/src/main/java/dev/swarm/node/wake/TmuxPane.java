package dev.swarm.node.wake;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A tmux pane through the tmux program: the screen and cursor in one tmux call (two commands joined
 * by tmux's own {@code ;}, so both describe the same moment as nearly as tmux allows), text typed with
 * {@code send-keys -l} (literally), keys pressed by name. tmux runs as a child process that inherits
 * the node's environment, so {@code TMUX_TMPDIR} and the user's default socket both work.
 */
public final class TmuxPane implements Pane {
    static final Duration TIMEOUT = Duration.ofSeconds(5);
    private static final String FORMAT = "#{cursor_x} #{cursor_y} #{pane_width} #{pane_height} #{pane_in_mode}"
            + " #{pane_current_command}";

    private final String program;
    private final String target;

    public TmuxPane(String program, String target) {
        this.program = program;
        this.target = target;
    }

    @Override
    public Result<PaneScreen> screen() {
        Processes.Result result = Processes.run(List.of(program, "display-message", "-p", "-t", target, FORMAT, ";",
                "capture-pane", "-p", "-t", target), Map.of(), TIMEOUT);
        if (!result.ok()) {
            return Result.failed(reason(result));
        }
        String out = result.stdout();
        int newline = out.indexOf('\n');
        String[] info = (newline < 0 ? out : out.substring(0, newline)).split(" ", 6);
        if (info.length < 5) {
            return Result.failed("tmux described the pane as '" + out.lines().findFirst().orElse("") + "'");
        }
        try {
            List<String> rows = new ArrayList<>(List.of((newline < 0 ? "" : out.substring(newline + 1)).split("\n", -1)));
            if (!rows.isEmpty() && rows.get(rows.size() - 1).isEmpty()) {
                rows.remove(rows.size() - 1);
            }
            return Result.of(new PaneScreen(rows, Integer.parseInt(info[0]), Integer.parseInt(info[1]),
                    Integer.parseInt(info[2]), Integer.parseInt(info[3]), info.length > 5 ? info[5].strip() : "",
                    !"0".equals(info[4])));
        } catch (NumberFormatException e) {
            return Result.failed("tmux described the pane as '" + out.lines().findFirst().orElse("") + "'");
        }
    }

    @Override
    public Optional<String> type(String text) {
        Processes.Result result = Processes.run(List.of(program, "send-keys", "-t", target, "-l", "--", text), Map.of(),
                TIMEOUT);
        return result.ok() ? Optional.empty() : Optional.of(reason(result));
    }

    @Override
    public Optional<String> press(String key, int times) {
        Processes.Result result = Processes.run(List.of(program, "send-keys", "-t", target, "-N",
                String.valueOf(times), key), Map.of(), TIMEOUT);
        return result.ok() ? Optional.empty() : Optional.of(reason(result));
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
