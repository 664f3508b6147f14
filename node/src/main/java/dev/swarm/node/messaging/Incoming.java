package dev.swarm.node.messaging;

import dev.swarm.node.protocol.Envelope;

/**
 * A verified message waiting to be stored: the envelope, its text exactly as received, the key it
 * was verified with (re-checked inside the write transaction) and the state change it carries.
 */
public record Incoming(Envelope envelope, String rawJson, String verifiedKey, String receivedAt,
                       StateChange change) {
}
