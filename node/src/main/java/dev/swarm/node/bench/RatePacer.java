package dev.swarm.node.bench;

/**
 * Open-loop pacing: request {@code i} is due at {@code start + i / rate}, whatever happened to the
 * requests before it. Latency is measured from that intended time, so a stalled server shows up as
 * latency instead of quietly slowing the load down (coordinated omission).
 */
public final class RatePacer {
    private final long startNanos;
    private final double intervalNanos;

    public RatePacer(double perSecond, long startNanos) {
        if (!(perSecond > 0)) {
            throw new IllegalArgumentException("the rate must be positive, got " + perSecond);
        }
        this.startNanos = startNanos;
        this.intervalNanos = 1e9 / perSecond;
    }

    /** When request {@code i} (from 0) is due, on the {@link System#nanoTime} scale. */
    public long dueNanos(long i) {
        return startNanos + Math.round(i * intervalNanos);
    }

    /** How long to wait at {@code nowNanos} before sending request {@code i}; 0 when it is due or late. */
    public long waitNanos(long i, long nowNanos) {
        return Math.max(0, dueNanos(i) - nowNanos);
    }

    /** Waits until request {@code i} is due. */
    public void awaitDue(long i) {
        long wait;
        while ((wait = waitNanos(i, System.nanoTime())) > 0) {
            java.util.concurrent.locks.LockSupport.parkNanos(wait);
        }
    }
}
