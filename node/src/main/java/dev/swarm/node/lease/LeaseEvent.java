package dev.swarm.node.lease;

import dev.swarm.node.coordination.Position;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * One lease message's effect, as every node reads it: {@code holder} (its sender) took, renewed or
 * released the lease {@code leaseId} (the id of the message that took it). {@code at} is when the
 * message says it was written (the time expiry is judged by); {@code orderAt} orders it while the
 * master has not acknowledged it; {@code position} is where the master's acknowledgement put it.
 * {@code repo}, {@code mode} and {@code globs} are set on a take only; {@code expiresAt} on a take and
 * a renewal.
 */
public record LeaseEvent(String messageId, String holder, String at, Kind kind, String leaseId, String repo,
                         Mode mode, List<String> globs, String expiresAt, Position position, String orderAt) {
    public LeaseEvent {
        globs = globs == null ? List.of() : List.copyOf(globs);
        orderAt = orderAt == null ? at : orderAt;
    }

    /** What the message does to the lease. */
    public enum Kind {
        TAKEN, RENEWED, RELEASED;

        public String wire() {
            return name().toLowerCase(Locale.ROOT);
        }

        public static Optional<Kind> fromWire(Object value) {
            for (Kind kind : values()) {
                if (kind.wire().equals(value)) {
                    return Optional.of(kind);
                }
            }
            return Optional.empty();
        }
    }

    /**
     * Exclusive: nobody else may hold an overlapping lease. Shared: others may hold overlapping shared
     * leases, but not an exclusive one.
     */
    public enum Mode {
        EXCLUSIVE, SHARED;

        public String wire() {
            return name().toLowerCase(Locale.ROOT);
        }

        public static Optional<Mode> fromWire(Object value) {
            for (Mode mode : values()) {
                if (mode.wire().equals(value)) {
                    return Optional.of(mode);
                }
            }
            return Optional.empty();
        }

        /** True when a lease of this mode and one of {@code other} cannot be held on the same path at once. */
        public boolean excludes(Mode other) {
            return this == EXCLUSIVE || other == EXCLUSIVE;
        }
    }

    public LeaseEvent withPosition(Position newPosition) {
        return new LeaseEvent(messageId, holder, at, kind, leaseId, repo, mode, globs, expiresAt, newPosition, orderAt);
    }

    public LeaseEvent withOrderAt(String newOrderAt) {
        return new LeaseEvent(messageId, holder, at, kind, leaseId, repo, mode, globs, expiresAt, position, newOrderAt);
    }

    boolean acknowledged() {
        return position != null;
    }
}
