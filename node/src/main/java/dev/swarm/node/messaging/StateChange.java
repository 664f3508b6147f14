package dev.swarm.node.messaging;

import dev.swarm.node.state.Store;

/**
 * What an accepted system message does to this node's state. It runs in the same transaction that
 * stores the message, so the message and its effect are committed together or not at all.
 */
@FunctionalInterface
public interface StateChange {
    StateChange NONE = store -> { };

    void apply(Store store);

    /** This change, then {@code next}, in the same transaction. */
    default StateChange andThen(StateChange next) {
        if (next == NONE) {
            return this;
        }
        return this == NONE ? next : store -> {
            apply(store);
            next.apply(store);
        };
    }
}
