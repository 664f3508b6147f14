package dev.swarm.node.messaging;

import java.time.Duration;

/** The receive path's limits: body size, content length and allowed clock skew. */
public record ReceiveLimits(long maxBodyBytes, int maxContentChars, Duration clockSkew) {
    public static final ReceiveLimits DEFAULTS = new ReceiveLimits(1_048_576, 65_536, Duration.ofMinutes(5));

    public ReceiveLimits {
        if (maxBodyBytes < 1024) {
            throw new IllegalArgumentException("max_body_bytes must be at least 1024");
        }
        if (maxContentChars < 1) {
            throw new IllegalArgumentException("max_content_chars must be at least 1");
        }
        if (clockSkew.isNegative()) {
            throw new IllegalArgumentException("clock_skew must not be negative");
        }
    }
}
