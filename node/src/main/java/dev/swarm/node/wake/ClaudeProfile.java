package dev.swarm.node.wake;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Claude Code 2.1: the input box is the "❯" row between two horizontal rules, "? for shortcuts"
 * below it when it is empty; a turn shows "esc to interrupt" and a spinner row ("✻ Sautéing… (5s");
 * a permission dialog asks "Do you want to proceed?" over numbered options with "Esc to cancel".
 * Read from the screens in {@code src/test/resources/wake/screens/claude-*}.
 */
final class ClaudeProfile extends ScreenProfile {
    private static final Pattern SPINNER = Pattern.compile("(?m)^\\S \\S+… \\(");
    private static final List<String> PLACEHOLDERS = List.of("Press up to edit queued messages");

    @Override
    public String name() {
        return "claude";
    }

    @Override
    Optional<String> input(List<String> rows) {
        for (int i = rows.size() - 1; i > 0; i--) {
            String row = rows.get(i);
            if ((row.equals("❯") || row.startsWith("❯ ")) && rule(rows.get(i - 1))) {
                int end = i + 1;
                while (end < rows.size() && !rule(rows.get(end))) {
                    end++;
                }
                String text = joined(rows, i, end, 1);
                return Optional.of(PLACEHOLDERS.contains(text) ? "" : text);
            }
        }
        return Optional.empty();
    }

    @Override
    String dialog(String screen, List<String> rows) {
        if (screen.contains("Do you want to proceed?") || screen.contains("Esc to cancel")) {
            return "a permission dialog is open";
        }
        if (screen.contains("/keybindings to customize") || screen.contains("! for shell mode")) {
            return "the shortcuts overlay or shell mode is open";
        }
        return null;
    }

    @Override
    String busy(String screen, List<String> rows) {
        return screen.contains("esc to interrupt") || SPINNER.matcher(screen).find() ? "a turn is running" : null;
    }

    @Override
    boolean emptyHint(String screen) {
        return screen.contains("? for shortcuts");
    }

    @Override
    boolean marks(String screen, String command) {
        return command.startsWith("claude") || screen.contains("Claude Code") || input(rows(screen)).isPresent();
    }

    @Override
    public Duration enterDelay() {
        return millis(100);
    }

    private static boolean rule(String row) {
        return row.startsWith("──");
    }

    private static List<String> rows(String screen) {
        return List.of(screen.split("\n", -1));
    }
}
