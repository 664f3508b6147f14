package dev.swarm.node.wake;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * Codex CLI 0.171: the input box is the last "›" row above the footer, showing a placeholder
 * ("Ask Codex to do anything") with "? for shortcuts" below when empty; a turn shows
 * "esc to interrupt"; an approval asks over numbered options with "Press enter to confirm or esc to
 * cancel". Codex takes an Enter within about 20 ms of typed text as part of a paste (a newline), so
 * Enter waits well past that. Read from the screens in {@code src/test/resources/wake/screens/codex-*}.
 */
final class CodexProfile extends ScreenProfile {
    @Override
    public String name() {
        return "codex";
    }

    @Override
    Optional<String> input(List<String> rows) {
        for (int i = rows.size() - 1; i >= 0; i--) {
            String row = rows.get(i);
            if (row.equals("›") || row.startsWith("› ")) {
                int end = i + 1;
                while (end < rows.size() && !footer(rows.get(end))) {
                    end++;
                }
                return Optional.of(joined(rows, i, end, 1));
            }
        }
        return Optional.empty();
    }

    @Override
    String dialog(String screen, List<String> rows) {
        if (screen.contains("Press enter to confirm or esc to cancel") || screen.contains("enter confirm")
                || screen.contains("enter/esc confirm") || screen.contains("Would you like to run")) {
            return "an approval dialog is open";
        }
        if (screen.contains("esc close") || screen.contains("Shell mode")) {
            return "the shortcuts overlay or shell mode is open";
        }
        return null;
    }

    @Override
    String busy(String screen, List<String> rows) {
        return screen.contains("esc to interrupt") ? "a turn is running" : null;
    }

    @Override
    boolean emptyHint(String screen) {
        return screen.contains("? for shortcuts");
    }

    /** With the hint showing, the "›" row holds the placeholder, not typed text. */
    @Override
    public PaneReading read(PaneScreen screen) {
        PaneReading reading = super.read(screen);
        if (reading.state() == PaneReading.State.USER_TEXT && emptyHint(screen.text())) {
            return PaneReading.emptyPrompt();
        }
        return reading;
    }

    @Override
    boolean marks(String screen, String command) {
        return command.startsWith("codex") || screen.contains("OpenAI Codex") || screen.contains("for shortcuts")
                && screen.contains("› ");
    }

    @Override
    public Duration enterDelay() {
        return millis(200);
    }

    /** The footer under the input box: model and folder, hints ("· ? for shortcuts", "tab to queue"). */
    private static boolean footer(String row) {
        return row.isBlank() || row.contains("·") || row.contains("for shortcuts") || row.contains("tab to queue");
    }
}
