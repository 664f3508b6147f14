package dev.swarm.node.wake;

import java.util.List;
import java.util.function.BooleanSupplier;

/**
 * One wake to deliver: the line, the messages it covers (empty for a notice of the node's own), their
 * level, and a check that says whether the agent has meanwhile seen them by another way (a hook put
 * them into its context), in which case nothing needs typing any more.
 */
public record WakeRequest(String line, List<WakeCandidate> batch, WakeLevel level, BooleanSupplier alreadySeen) {
    public WakeRequest {
        batch = List.copyOf(batch);
    }

    /** A notice of the node's own: no messages, never seen by other means. */
    public static WakeRequest notice(String line) {
        return new WakeRequest(line, List.of(), WakeLevel.URGENT, () -> false);
    }
}
