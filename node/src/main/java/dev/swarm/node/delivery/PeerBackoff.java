package dev.swarm.node.delivery;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Consecutive failures per peer: the circuit breaker's memory. The backoff grows with each failure in
 * a row and resets with the first success. Kept in memory; after a restart a peer starts afresh, and
 * the wait already written to its rows still holds.
 */
final class PeerBackoff {
    private final Map<String, Integer> failures = new ConcurrentHashMap<>();

    /** Records a failure and returns how many failures in a row the peer has now. */
    int failed(String peer) {
        return failures.merge(peer, 1, Integer::sum);
    }

    void succeeded(String peer) {
        failures.remove(peer);
    }
}
