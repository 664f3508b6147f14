package dev.swarm.node.delivery;

import dev.swarm.node.state.OutboxRow;
import java.time.Instant;
import java.util.Optional;

/**
 * Renews an old envelope before it is sent again. Receivers refuse timestamps outside their clock
 * skew window (five minutes by default), so a retry hours later would be refused as stale; a fresh
 * timestamp and signatures with the same message id keep it acceptable, and receivers still store
 * it once.
 */
@FunctionalInterface
public interface Restamper {
    /** Never renews: for tests of one class and for peers that take anything. */
    Restamper NONE = (row, now) -> Optional.empty();

    /** The envelope to send instead of the stored one, when the stored one is too old. */
    Optional<String> refresh(OutboxRow row, Instant now);
}
