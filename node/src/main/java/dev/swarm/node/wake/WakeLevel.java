package dev.swarm.node.wake;

import dev.swarm.node.error.SwarmException;
import java.util.Locale;

/** How much a message deserves a wake: not at all, normally (gathered, spaced out), or urgently. */
public enum WakeLevel {
    SILENT, NORMAL, URGENT;

    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static WakeLevel parse(String text, String setting) {
        for (WakeLevel level : values()) {
            if (level.wire().equals(text)) {
                return level;
            }
        }
        throw SwarmException.invalidArgument(setting + " must be silent, normal or urgent, not '" + text + "'");
    }

    public WakeLevel max(WakeLevel other) {
        return compareTo(other) >= 0 ? this : other;
    }
}
