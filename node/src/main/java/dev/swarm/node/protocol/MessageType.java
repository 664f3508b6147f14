package dev.swarm.node.protocol;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;
import java.util.Optional;

/** The envelope's {@code type}. */
public enum MessageType {
    MESSAGE, SYSTEM, NOTIFICATION;

    @JsonValue
    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<MessageType> fromWire(String value) {
        for (MessageType type : values()) {
            if (type.wire().equals(value)) {
                return Optional.of(type);
            }
        }
        return Optional.empty();
    }
}
