package dev.swarm.node.delivery;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/**
 * When to try a failed delivery again: exponential backoff with full jitter (a random wait between
 * zero and {@code min(cap, base * 2^attempts)}), so many senders retrying one peer spread out instead
 * of arriving together. A row that has failed {@code maxAttempts} times, or is older than
 * {@code maxAge}, is dead.
 */
public record RetryPolicy(Duration base, Duration cap, int maxAttempts, Duration maxAge) {
    public static final RetryPolicy DEFAULTS = new RetryPolicy(Duration.ofSeconds(1), Duration.ofMinutes(5), 50,
            Duration.ofHours(72));

    public RetryPolicy {
        if (base.isNegative() || base.isZero() || cap.compareTo(base) < 0 || maxAttempts < 1 || maxAge.isNegative()) {
            throw new IllegalArgumentException("retry policy needs 0 < base <= cap, max_attempts >= 1, max_age >= 0");
        }
    }

    /** The wait before the next attempt, after {@code attemptsSoFar} failed attempts. */
    public Duration backoff(int attemptsSoFar) {
        long ceiling = ceilingMillis(attemptsSoFar);
        return Duration.ofMillis(ThreadLocalRandom.current().nextLong(ceiling + 1));
    }

    long ceilingMillis(int attemptsSoFar) {
        int doublings = Math.min(Math.max(attemptsSoFar - 1, 0), 30);
        long grown = base.toMillis() << doublings;
        return Math.min(cap.toMillis(), grown < 0 ? Long.MAX_VALUE : grown);
    }

    public boolean isExhausted(int attemptsSoFar, Duration age) {
        return attemptsSoFar >= maxAttempts || age.compareTo(maxAge) >= 0;
    }
}
