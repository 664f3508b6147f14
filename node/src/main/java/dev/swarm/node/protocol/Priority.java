package dev.swarm.node.protocol;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;
import java.util.Optional;

/** The envelope's {@code priority}; {@code normal} is the default and is left off the wire. */
public enum Priority {
    LOW, NORMAL, HIGH;

    @JsonValue
    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<Priority> fromWire(String value) {
        for (Priority priority : values()) {
            if (priority.wire().equals(value)) {
                return Optional.of(priority);
            }
        }
        return Optional.empty();
    }
}
