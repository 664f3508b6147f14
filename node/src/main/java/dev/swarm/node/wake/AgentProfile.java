package dev.swarm.node.wake;

import java.time.Duration;

/**
 * What the wake knows about one program that may run in the wake pane: how to recognise it on the
 * screen, how to read its state and its input box from the screen, how long its Enter must come
 * after typed text (some programs take an Enter that follows text within a few milliseconds as part of
 * a paste and insert a newline), and how a submission shows. Each agent's rules come from its real
 * screens, kept as fixtures beside the profile's tests.
 */
public interface AgentProfile {
    /** The name {@code wake_agent} uses. */
    String name();

    /** True when the screen is this program's. */
    boolean recognises(PaneScreen screen);

    PaneReading read(PaneScreen screen);

    /** How long after the typed text the Enter must come. */
    Duration enterDelay();

    /**
     * After Enter: did the program take the line? Yes when a turn is running, or when the input is empty
     * again and the line shows in the transcript above it. A line still in the input (Enter became a
     * newline) or gone without a trace (something else took the keys) is not a submission.
     */
    default boolean submitted(PaneScreen screen, String line) {
        PaneReading reading = read(screen);
        if (reading.state() == PaneReading.State.BUSY) {
            return true;
        }
        if (reading.state() != PaneReading.State.IDLE) {
            return false;
        }
        String start = line.length() <= 40 ? line : line.substring(0, 40);
        return screen.shows(start);
    }
}
