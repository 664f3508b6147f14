package dev.swarm.tests.agents;

import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * What one of the real agents is doing, read from its {@code capture-pane -p} screen. The rules are
 * the ones written down in the lab's findings, checked against the fixtures in
 * {@code node/src/test/resources/wake/screens}; they hold at 200x50 and 80x24.
 */
final class AgentScreen {
    enum State {
        /** At the input prompt, nothing typed: the only state a wake may type in. */
        IDLE_EMPTY,
        /** At the input prompt with text in it (the user's, or a wake's not yet submitted). */
        IDLE_TYPED,
        /** A turn is running. */
        BUSY,
        /** A permission or other question that a keystroke answers. */
        DIALOG,
        /** A slash-command menu, file picker, shell mode or shortcuts overlay is open. */
        MENU,
        /** None of the above (starting, exited, an unknown screen). */
        UNKNOWN
    }

    private static final Pattern CLAUDE_SPINNER = Pattern.compile("(?m)^\\S \\S+… \\(");
    private static final List<String> CLAUDE_PLACEHOLDERS = List.of("Press up to edit queued messages");
    private static final String GEMINI_PLACEHOLDER = "Type your message or @path/to/file";

    private AgentScreen() {
    }

    static State state(AgentKind kind, String screen) {
        return switch (kind) {
            case CLAUDE -> claude(screen);
            case CODEX -> codex(screen);
            case GEMINI -> gemini(screen);
        };
    }

    /** The text in the input box, if the prompt is on screen ("" when empty or showing a placeholder). */
    static Optional<String> input(AgentKind kind, String screen) {
        List<String> lines = screen.lines().toList();
        for (int i = lines.size() - 1; i >= 0; i--) {
            String line = lines.get(i);
            switch (kind) {
                case CLAUDE -> {
                    // Claude writes a no-break space after "❯"; capture-pane trims only trailing plain blanks
                    String row = line.replace('\u00A0', ' ').stripTrailing();
                    if ((row.equals("❯") || row.startsWith("❯ ")) && i > 0 && lines.get(i - 1).startsWith("──")) {
                        String text = row.substring(1).strip();
                        return Optional.of(CLAUDE_PLACEHOLDERS.contains(text) ? "" : text);
                    }
                }
                case CODEX -> {
                    if (line.startsWith("› ") && !line.matches("› \\d\\. .*")) {
                        String text = line.substring(2).strip();
                        return Optional.of(screen.contains("? for shortcuts") ? "" : text);
                    }
                }
                case GEMINI -> {
                    if (line.startsWith(" > ")) {
                        String text = line.substring(3).strip();
                        return Optional.of(text.equals(GEMINI_PLACEHOLDER) ? "" : text);
                    }
                }
            }
        }
        return Optional.empty();
    }

    private static State claude(String screen) {
        if (screen.contains("Do you want to proceed?") || screen.contains("Esc to cancel")) {
            return State.DIALOG;
        }
        if (screen.contains("esc to interrupt") || CLAUDE_SPINNER.matcher(screen).find()) {
            return State.BUSY;
        }
        return prompt(AgentKind.CLAUDE, screen, screen.contains("? for shortcuts"),
                screen.contains("! for shell mode") || screen.contains("/keybindings to customize"));
    }

    private static State codex(String screen) {
        if (screen.contains("Press enter to confirm or esc to cancel") || screen.contains("enter confirm")
                || screen.contains("enter/esc confirm")) {
            return State.DIALOG;
        }
        if (screen.contains("esc to interrupt)")) {
            return State.BUSY;
        }
        return prompt(AgentKind.CODEX, screen, screen.contains("? for shortcuts"),
                screen.contains("Shell mode") || screen.contains("? / esc close") || screen.contains("esc close"));
    }

    private static State gemini(String screen) {
        if (screen.contains("Allow execution of") || screen.contains("● 1. Allow")) {
            return State.DIALOG;
        }
        if (screen.contains("(esc to cancel, ")) {
            return State.BUSY;
        }
        return prompt(AgentKind.GEMINI, screen, screen.contains("? for shortcuts"),
                screen.contains("shell mode enabled") || screen.contains("Tab focus UI"));
    }

    private static State prompt(AgentKind kind, String screen, boolean shortcutsHint, boolean mode) {
        if (mode) {
            return State.MENU;
        }
        Optional<String> input = input(kind, screen);
        if (input.isEmpty()) {
            return State.UNKNOWN;
        }
        if (input.get().startsWith("/") || input.get().startsWith("@")) {
            return State.MENU;
        }
        if (input.get().isEmpty() && shortcutsHint) {
            return State.IDLE_EMPTY;
        }
        return input.get().isEmpty() ? State.UNKNOWN : State.IDLE_TYPED;
    }
}
