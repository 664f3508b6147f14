package dev.swarm.node.coordination;

import dev.swarm.node.protocol.Envelope;
import dev.swarm.node.protocol.Priority;

/**
 * The priority a wake and the hooks may act on. {@code high} wakes at once, {@code normal} reaches the
 * agent at its next turn, {@code low} only when asked for. The legacy signature does not cover
 * {@code priority}, so only a message with a full-envelope signature (which does) is taken at its
 * word; for any other message the priority counts as normal, in both directions: an unverified
 * {@code high} never raises a wake, and an unverified {@code low} never hides a message from the hooks.
 */
public final class Priorities {
    private Priorities() {
    }

    public static Priority effective(Envelope envelope) {
        return envelope.envelopeSignature() == null ? Priority.NORMAL : envelope.effectivePriority();
    }
}
