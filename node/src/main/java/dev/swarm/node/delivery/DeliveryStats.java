package dev.swarm.node.delivery;

import java.util.concurrent.atomic.AtomicLong;

/**
 * Delivery counters of this process since it started, for {@code swarm status} and metrics: rows
 * delivered, attempts that will be retried, rows failed for good and rows given up on (dead).
 */
public final class DeliveryStats {
    private final AtomicLong delivered = new AtomicLong();
    private final AtomicLong retried = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();
    private final AtomicLong dead = new AtomicLong();

    void delivered() {
        delivered.incrementAndGet();
    }

    void retried() {
        retried.incrementAndGet();
    }

    void failed() {
        failed.incrementAndGet();
    }

    void dead() {
        dead.incrementAndGet();
    }

    /** A copy of the counters. */
    public Snapshot snapshot() {
        return new Snapshot(delivered.get(), retried.get(), failed.get(), dead.get());
    }

    /** The counters at one moment. */
    public record Snapshot(long delivered, long retried, long failed, long dead) {
    }
}
