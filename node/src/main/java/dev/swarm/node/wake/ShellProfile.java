package dev.swarm.node.wake;

import java.time.Duration;
import java.util.Set;

/**
 * A shell, or any plain line-reading program, in the pane. The input is what follows the prompt on the
 * cursor's row: after the last "$ ", "# ", "% " or "> " before the cursor, or the whole row when the
 * cursor is at its start (a program reading lines shows no prompt). A cursor elsewhere on a row
 * without a prompt is text the profile cannot place: the user's, most likely, so it waits. A full-screen
 * program (an editor, a pager) is not a shell: the foreground command says so.
 */
public final class ShellProfile implements AgentProfile {
    static final Set<String> SHELLS = Set.of("bash", "sh", "dash", "zsh", "fish", "ksh", "mksh", "tcsh", "csh");
    private static final String[] PROMPTS = {"$ ", "# ", "% ", "> "};

    @Override
    public String name() {
        return "shell";
    }

    @Override
    public boolean recognises(PaneScreen screen) {
        return SHELLS.contains(screen.command());
    }

    @Override
    public PaneReading read(PaneScreen screen) {
        if (!screen.command().isEmpty() && !SHELLS.contains(screen.command())) {
            return PaneReading.of(PaneReading.State.BUSY, screen.command() + " runs in the pane");
        }
        String row = screen.cursorRow();
        int cursor = Math.min(screen.cursorX(), row.length());
        String before = row.substring(0, cursor);
        int promptEnd = -1;
        for (String prompt : PROMPTS) {
            int at = before.lastIndexOf(prompt);
            if (at >= 0) {
                promptEnd = Math.max(promptEnd, at + prompt.length());
            }
        }
        if (promptEnd < 0 && cursor > 0) {
            return new PaneReading(PaneReading.State.USER_TEXT, before.stripTrailing(),
                    "the cursor is after text on a row without a prompt");
        }
        return PaneReading.prompt(row.substring(Math.max(promptEnd, 0)).stripTrailing());
    }

    @Override
    public Duration enterDelay() {
        return Duration.ofMillis(30);
    }
}
