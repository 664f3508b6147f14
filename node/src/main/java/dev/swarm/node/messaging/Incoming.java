package dev.swarm.node.messaging;

import dev.swarm.node.protocol.Envelope;

/**
 * A verified message waiting to be stored: the envelope, its text exactly as received, the key it
 * was verified with (re-checked inside the write transaction), the state change it carries (applied
 * in that transaction) and what to start once it is stored (never for a duplicate; must not block).
 */
public record Incoming(Envelope envelope, String rawJson, String verifiedKey, String receivedAt,
                       StateChange change, Runnable afterStore) {
    private static final Runnable NOTHING = () -> { };

    public Incoming {
        afterStore = afterStore == null ? NOTHING : afterStore;
    }

    public Incoming(Envelope envelope, String rawJson, String verifiedKey, String receivedAt, StateChange change) {
        this(envelope, rawJson, verifiedKey, receivedAt, change, NOTHING);
    }
}
