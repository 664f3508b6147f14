package dev.swarm.node.messaging;

import dev.swarm.node.protocol.Envelope;

/**
 * What storing a verified message (not a system message: those have their own rules) also does to
 * this node's state, decided before it is stored and applied in the transaction that stores it. A
 * rule refuses a message by throwing a {@link dev.swarm.node.error.SwarmException}; it returns
 * {@link StateChange#NONE} for messages it has nothing to do with.
 */
@FunctionalInterface
public interface ReceiveRule {
    StateChange change(Envelope envelope);
}
