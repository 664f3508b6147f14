package dev.swarm.node.delivery;

import dev.swarm.node.state.OutboxRow;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Delivery counters of this process since it started, for {@code swarm status} and metrics: rows
 * delivered, attempts that will be retried, rows failed for good and rows given up on (dead). Listeners
 * (the metrics) hear of each outcome with its row, on the delivering thread, and must return at once.
 */
public final class DeliveryStats {
    private final AtomicLong delivered = new AtomicLong();
    private final AtomicLong retried = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();
    private final AtomicLong dead = new AtomicLong();
    private final List<Listener> listeners = new CopyOnWriteArrayList<>();

    /** Hears of every outcome recorded by this process's deliverer. */
    public interface Listener {
        /** {@code row} as claimed (before this attempt), delivered at {@code at}. */
        void delivered(OutboxRow row, Instant at);

        /** A retryable failure: the row stays pending. */
        void retried(OutboxRow row, String code, String message);

        /** Refused for good ({@code failed}) or given up on ({@code dead}). */
        void ended(OutboxRow row, String status, String code, String message);
    }

    public void listen(Listener listener) {
        listeners.add(listener);
    }

    void delivered(OutboxRow row, Instant at) {
        delivered.incrementAndGet();
        tell(listener -> listener.delivered(row, at));
    }

    void retried(OutboxRow row, String code, String message) {
        retried.incrementAndGet();
        tell(listener -> listener.retried(row, code, message));
    }

    void ended(OutboxRow row, String status, String code, String message) {
        (OutboxRow.DEAD.equals(status) ? dead : failed).incrementAndGet();
        tell(listener -> listener.ended(row, status, code, message));
    }

    /** A listener that fails never stops a delivery: the outcome is already recorded in the outbox. */
    private void tell(java.util.function.Consumer<Listener> call) {
        for (Listener listener : listeners) {
            try {
                call.accept(listener);
            } catch (RuntimeException e) {
                // the metrics are a view; the outbox row is the record
            }
        }
    }

    /** A copy of the counters. */
    public Snapshot snapshot() {
        return new Snapshot(delivered.get(), retried.get(), failed.get(), dead.get());
    }

    /** The counters at one moment. */
    public record Snapshot(long delivered, long retried, long failed, long dead) {
    }
}
