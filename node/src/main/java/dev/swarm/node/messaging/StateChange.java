package dev.swarm.node.messaging;

import dev.swarm.node.state.Store;

/**
 * What an accepted message does to this node's state. It runs in the same transaction that stores
 * the message, so the message and its effect are committed together or not at all.
 */
@FunctionalInterface
public interface StateChange {
    StateChange NONE = store -> { };

    void apply(Store store);

    /**
     * Whether the change may touch a swarm or its members, so the receive path's cached view must be
     * read again afterwards (true unless said otherwise).
     */
    default boolean touchesMembership() {
        return true;
    }

    /** A change that leaves swarms and members alone (bookkeeping of our own tables). */
    static StateChange bookkeeping(StateChange change) {
        return new StateChange() {
            @Override
            public void apply(Store store) {
                change.apply(store);
            }

            @Override
            public boolean touchesMembership() {
                return false;
            }
        };
    }

    /** This change, then {@code next}, in the same transaction. */
    default StateChange andThen(StateChange next) {
        if (next == NONE) {
            return this;
        }
        if (this == NONE) {
            return next;
        }
        StateChange first = this;
        boolean touches = touchesMembership() || next.touchesMembership();
        return new StateChange() {
            @Override
            public void apply(Store store) {
                first.apply(store);
                next.apply(store);
            }

            @Override
            public boolean touchesMembership() {
                return touches;
            }
        };
    }
}
