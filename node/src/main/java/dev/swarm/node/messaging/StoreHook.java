package dev.swarm.node.messaging;

import dev.swarm.node.protocol.Envelope;

/**
 * Work that rides on storing an ordinary (not system) message, received or sent: decided by a cheap
 * look at the envelope and applied in the transaction that stores it, so the message and its effect
 * are committed together or not at all. The coordination sequencer is one. A hook must return
 * {@link StateChange#NONE} at once for messages it does not concern: it runs on the receive path.
 */
public interface StoreHook {
    StoreHook NONE = new StoreHook() {
        @Override
        public StateChange received(Envelope envelope) {
            return StateChange.NONE;
        }

        @Override
        public StateChange sent(Envelope envelope) {
            return StateChange.NONE;
        }
    };

    /** The change stored with a verified message from a peer (never for a duplicate). */
    StateChange received(Envelope envelope);

    /** The change stored with a message this node queues in its outbox. */
    StateChange sent(Envelope envelope);

    /** {@code first}, then {@code second}, in the same transaction. */
    static StoreHook both(StoreHook first, StoreHook second) {
        return new StoreHook() {
            @Override
            public StateChange received(Envelope envelope) {
                return first.received(envelope).andThen(second.received(envelope));
            }

            @Override
            public StateChange sent(Envelope envelope) {
                return first.sent(envelope).andThen(second.sent(envelope));
            }
        };
    }
}
