package dev.swarm.node.wake;

import java.util.Locale;

/** How a wake ended, with the detail a user needs ("waited 12 s for the agent's turn to end"). */
public record WakeOutcome(Result result, String detail) {
    /** The outcomes, each with the word the wake log records. */
    public enum Result {
        /** The line reached the agent and the waker confirmed it (on screen, or by the agent's hook). */
        TYPED,
        /** Before anything was typed, a hook had put the messages into the agent's context. */
        HOOKED,
        /** No safe moment came within the wait (a turn, a dialog, the user's own typing): nothing was typed. */
        NOT_DELIVERED,
        /** The line was typed but its submission could not be confirmed; what was left of it was erased. */
        UNCONFIRMED,
        /** The wake could not be attempted (no tmux, no pane, the command failed). */
        FAILED;

        public String wire() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    public static WakeOutcome typed(String detail) {
        return new WakeOutcome(Result.TYPED, detail);
    }

    public static WakeOutcome failed(String detail) {
        return new WakeOutcome(Result.FAILED, detail);
    }

    public boolean delivered() {
        return result == Result.TYPED;
    }
}
