package dev.swarm.node.wake;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The part the three agents' profiles share: a screen is read bottom-up for the input box, after
 * the program's own signs of a dialog, a menu or a running turn have been looked for. Anything not
 * positively an empty input box at rest is not idle, so an unknown screen never gets keys.
 * Non-breaking spaces (Claude Code draws its prompt with one) read as spaces.
 */
abstract class ScreenProfile implements AgentProfile {
    /** A selectable option of a numbered menu: "❯ 1. Yes", "● 1. Allow once", "› 1. Yes, proceed". */
    private static final Pattern SELECTED_OPTION = Pattern.compile("^\\s*[│|]?\\s*[❯●›>▶]\\s*\\d+\\.\\s");

    /** Where the input box is and what it holds; empty when the profile finds no input box. */
    abstract Optional<String> input(List<String> rows);

    /** A dialog or question that a keystroke answers, or a menu or mode that takes keys: why, or null. */
    abstract String dialog(String screen, List<String> rows);

    /** A turn is running: why, or null. */
    abstract String busy(String screen, List<String> rows);

    /** The input box is empty (its placeholder, or the program's "empty input" hint, shows). */
    abstract boolean emptyHint(String screen);

    @Override
    public PaneReading read(PaneScreen screen) {
        List<String> rows = rows(screen);
        String text = String.join("\n", rows);
        String dialog = dialog(text, rows);
        if (dialog == null && rows.stream().anyMatch(row -> SELECTED_OPTION.matcher(row).find())) {
            dialog = "a numbered menu is open";
        }
        if (dialog != null) {
            return PaneReading.of(PaneReading.State.DIALOG, dialog);
        }
        String busy = busy(text, rows);
        if (busy != null) {
            return PaneReading.of(PaneReading.State.BUSY, busy);
        }
        Optional<String> input = input(rows);
        if (input.isEmpty()) {
            return PaneReading.of(PaneReading.State.UNKNOWN, "no input box of " + name() + " on the screen");
        }
        String typed = input.get();
        if (typed.startsWith("/") || typed.startsWith("@") || typed.startsWith("!")) {
            return PaneReading.of(PaneReading.State.DIALOG, "a command, file or shell menu is open");
        }
        if (typed.isEmpty()) {
            return emptyHint(text) ? PaneReading.emptyPrompt()
                    : PaneReading.of(PaneReading.State.UNKNOWN, "the input box looks empty, but its hint is missing");
        }
        return new PaneReading(PaneReading.State.USER_TEXT, typed, "the input holds text");
    }

    /**
     * A submission shows as a running turn, or as an empty input box with the line in the transcript.
     * The hooks' prompt signal confirms it as well (the waker listens for that itself).
     */
    @Override
    public boolean submitted(PaneScreen screen, String line) {
        PaneReading reading = read(screen);
        if (reading.state() == PaneReading.State.BUSY) {
            return true;
        }
        if (!reading.isIdle()) {
            return false;
        }
        String start = line.length() <= 30 ? line : line.substring(0, 30);
        return rows(screen).stream().anyMatch(row -> row.contains(start));
    }

    @Override
    public boolean recognises(PaneScreen screen) {
        return read(screen).state() != PaneReading.State.UNKNOWN && marks(String.join("\n", rows(screen)),
                screen.command());
    }

    /** Signs that this program draws the screen at all (its banner, footer or process name). */
    abstract boolean marks(String screen, String command);

    /** The rows of the input box starting at {@code first}, joined (a long line wraps over several). */
    static String joined(List<String> rows, int first, int end, int indent) {
        StringBuilder text = new StringBuilder(rows.get(first).substring(Math.min(indent, rows.get(first).length())).strip());
        for (int i = first + 1; i < end; i++) {
            String row = rows.get(i);
            if (row.isBlank()) {
                break;
            }
            text.append(' ').append(row.strip());
        }
        return text.toString();
    }

    static List<String> rows(PaneScreen screen) {
        List<String> rows = new ArrayList<>();
        for (String row : screen.rows()) {
            rows.add(row.replace('\u00a0', ' ').stripTrailing());
        }
        while (!rows.isEmpty() && rows.get(rows.size() - 1).isEmpty()) {
            rows.remove(rows.size() - 1);
        }
        return rows;
    }

    static Duration millis(long ms) {
        return Duration.ofMillis(ms);
    }
}
