package dev.swarm.node.wake;

import java.util.List;

/**
 * What a tmux pane shows at one moment: its text (one string per row, trailing blanks kept as tmux
 * gives them), where the cursor is, its size, the program in the foreground, and whether the pane is in
 * a tmux mode (copy mode: keys sent then are tmux commands, not input).
 */
public record PaneScreen(List<String> rows, int cursorX, int cursorY, int width, int height, String command,
                         boolean inMode) {
    public PaneScreen {
        rows = List.copyOf(rows);
    }

    /** A screen made of text alone (tests, fixtures): cursor at the end of the last non-empty row. */
    public static PaneScreen of(String text) {
        List<String> rows = List.of(text.split("\n", -1));
        int y = rows.size() - 1;
        while (y > 0 && rows.get(y).isBlank()) {
            y--;
        }
        return new PaneScreen(rows, rows.get(y).stripTrailing().length(), y, 200, rows.size(), "", false);
    }

    public String text() {
        return String.join("\n", rows);
    }

    /** The row the cursor is on, or "" when the cursor is outside the captured rows. */
    public String cursorRow() {
        return cursorY >= 0 && cursorY < rows.size() ? rows.get(cursorY) : "";
    }

    /** True when any row contains {@code text}. */
    public boolean shows(String text) {
        return rows.stream().anyMatch(row -> row.contains(text));
    }
}
