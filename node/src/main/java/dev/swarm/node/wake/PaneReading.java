package dev.swarm.node.wake;

/**
 * What a profile makes of a screen: the program's state and, at its input prompt, the text in the
 * input ("" when empty; null when the profile cannot tell). {@code detail} says why, for the log.
 */
public record PaneReading(State state, String input, String detail) {
    /** The states of an agent program that matter for typing. */
    public enum State {
        /** At its input prompt with the input empty: the one state in which a wake may type. */
        IDLE,
        /** At its prompt, but the input holds text (the user is typing). */
        USER_TEXT,
        /** Working through a turn. */
        BUSY,
        /** Showing a dialog or menu: any key may answer it. */
        DIALOG,
        /** Nothing the profile recognises. */
        UNKNOWN
    }

    public static PaneReading emptyPrompt() {
        return new PaneReading(State.IDLE, "", "idle at an empty prompt");
    }

    public static PaneReading of(State state, String detail) {
        return new PaneReading(state, null, detail);
    }

    /** At the prompt with {@code input} in it: idle when that is empty, else the user's own text. */
    public static PaneReading prompt(String input) {
        return input.isEmpty() ? emptyPrompt() : new PaneReading(State.USER_TEXT, input, "the input holds text");
    }

    public boolean isIdle() {
        return state == State.IDLE;
    }
}
