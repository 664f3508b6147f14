package dev.swarm.node.client;

import java.nio.file.Path;
import java.time.Duration;

/**
 * How this node calls peers: extra trusted CAs (on top of the system's), whether http:// loopback
 * endpoints are allowed, and the timeouts.
 */
public record ClientConfig(Path caFile, boolean allowInsecureLoopback, Duration connectTimeout,
                           Duration requestTimeout) {
    public static final ClientConfig DEFAULTS = new ClientConfig(null, false, Duration.ofSeconds(5),
            Duration.ofSeconds(15));

    public ClientConfig {
        if (connectTimeout.isNegative() || connectTimeout.isZero()) {
            throw new IllegalArgumentException("connect_timeout must be positive");
        }
        if (requestTimeout.isNegative() || requestTimeout.isZero()) {
            throw new IllegalArgumentException("request_timeout must be positive");
        }
    }
}
