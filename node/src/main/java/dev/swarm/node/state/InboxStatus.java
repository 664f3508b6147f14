package dev.swarm.node.state;

import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * Inbox statuses and their transitions: unread to read (when listed), read or unread to archived,
 * anything to deleted (a soft delete: the row stays, so a redelivery is still recognised).
 */
public enum InboxStatus {
    UNREAD, READ, ARCHIVED, DELETED;

    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<InboxStatus> fromWire(String text) {
        for (InboxStatus status : values()) {
            if (status.wire().equals(text)) {
                return Optional.of(status);
            }
        }
        return Optional.empty();
    }

    /** The statuses a message may move to this one from. */
    public Set<InboxStatus> allowedFrom() {
        return switch (this) {
            case UNREAD -> Set.of();
            case READ -> Set.of(UNREAD);
            case ARCHIVED -> Set.of(UNREAD, READ);
            case DELETED -> Set.of(UNREAD, READ, ARCHIVED);
        };
    }
}
