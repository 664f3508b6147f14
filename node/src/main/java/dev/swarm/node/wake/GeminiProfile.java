package dev.swarm.node.wake;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * Gemini CLI 0.61: the input box is the " > " row above the "workspace (/directory)" footer, showing
 * "Type your message or @path/to/file" when empty; a turn shows "(esc to cancel, 3s)"; a tool
 * approval asks "Allow execution of ...?" over numbered options. Gemini takes an Enter within 30 ms of
 * typed text as part of a paste (a newline), so Enter waits well past that. Read from the screens in
 * {@code src/test/resources/wake/screens/gemini-*}.
 */
final class GeminiProfile extends ScreenProfile {
    static final String PLACEHOLDER = "Type your message or @path/to/file";

    @Override
    public String name() {
        return "gemini";
    }

    @Override
    Optional<String> input(List<String> rows) {
        for (int i = rows.size() - 1; i >= 0; i--) {
            String row = rows.get(i);
            if (row.equals(" >") || row.startsWith(" > ")) {
                int end = i + 1;
                while (end < rows.size() && !footer(rows.get(end))) {
                    end++;
                }
                String text = joined(rows, i, end, 2);
                return Optional.of(text.equals(PLACEHOLDER) ? "" : text);
            }
        }
        return Optional.empty();
    }

    @Override
    String dialog(String screen, List<String> rows) {
        if (screen.contains("Allow execution of") || screen.contains("● 1. Allow")) {
            return "an approval dialog is open";
        }
        if (screen.contains("shell mode enabled") || screen.contains("Tab focus UI")) {
            return "the shortcuts overlay or shell mode is open";
        }
        return null;
    }

    @Override
    String busy(String screen, List<String> rows) {
        return screen.contains("(esc to cancel, ") ? "a turn is running" : null;
    }

    @Override
    boolean emptyHint(String screen) {
        return screen.contains(PLACEHOLDER);
    }

    @Override
    boolean marks(String screen, String command) {
        return screen.contains("Gemini CLI") || screen.contains("workspace (/directory)") || screen.contains(PLACEHOLDER);
    }

    @Override
    public Duration enterDelay() {
        return millis(300);
    }

    private static boolean footer(String row) {
        return row.isBlank() || row.startsWith(" workspace") || row.contains("(/directory)") || row.startsWith("──")
                || row.startsWith(" ") && !row.startsWith("   ");
    }
}
