package dev.swarm.node.server;

import java.time.Duration;

/**
 * What an unauthenticated request may cost the node (docs/operations.md, "What the node protects
 * itself against"): requests whose body is being read, parsed or verified at once, overall, per
 * source address and per connection; the body bytes those hold, overall and per address; how long
 * a body may take to arrive; and how many refused requests (bad format, not a member, a bad
 * signature, ...) an address may cause per second before it is answered 429 without being read.
 */
public record IngressLimits(int maxRequests, int maxRequestsPerAddress, int maxRequestsPerConnection,
                            long maxBytes, long maxBytesPerAddress, Duration bodyTimeout, int refusalsPerSecond) {
    public static final IngressLimits DEFAULTS = new IngressLimits(256, 64, 32, 64L << 20, 16L << 20,
            Duration.ofSeconds(10), 20);

    public IngressLimits {
        if (maxRequests < 1 || maxRequestsPerAddress < 1 || maxRequestsPerConnection < 1) {
            throw new IllegalArgumentException("ingress_max_requests, ingress_max_requests_per_address and"
                    + " ingress_max_requests_per_connection must be at least 1");
        }
        if (maxBytes < 1024 || maxBytesPerAddress < 1024) {
            throw new IllegalArgumentException("ingress_max_bytes and ingress_max_bytes_per_address must be at least 1024");
        }
        if (bodyTimeout.isNegative() || bodyTimeout.isZero()) {
            throw new IllegalArgumentException("body_timeout must be positive");
        }
        if (refusalsPerSecond < 1) {
            throw new IllegalArgumentException("ingress_refusals_per_second must be at least 1");
        }
    }
}
