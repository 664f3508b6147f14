package dev.swarm.cli;

import dev.swarm.node.NodeOptions;
import dev.swarm.node.client.ClientConfig;
import dev.swarm.node.delivery.RetryPolicy;
import dev.swarm.node.error.ErrorCode;
import dev.swarm.node.error.SwarmException;
import java.nio.file.Path;
import java.time.Duration;
import picocli.CommandLine.Option;

/** How this command calls peers and retries; each option is also a setting (environment and config.yaml). */
public final class ClientOptions {
    @Option(names = "--ca-file", paramLabel = "PEM",
            description = "Extra CA certificates (PEM) to trust for peers, on top of the system CAs.")
    Path caFile;

    @Option(names = "--allow-insecure-loopback", arity = "0..1", paramLabel = "true|false",
            description = "Accept and call http:// endpoints on loopback addresses.")
    boolean allowInsecureLoopback;

    @Option(names = "--peer-networks", paramLabel = "auto|LIST",
            description = "Networks peers may be in: auto (public, plus this node's own endpoint's class) or a"
                    + " comma-separated list of public, private, loopback.")
    String peerNetworks;

    @Option(names = "--connect-timeout", paramLabel = "SECONDS", description = "Connect timeout for peer calls.")
    long connectTimeout;

    @Option(names = "--request-timeout", paramLabel = "SECONDS", description = "Answer timeout for peer calls.")
    long requestTimeout;

    @Option(names = "--retry-base", paramLabel = "SECONDS", description = "First retry waits up to this long.")
    double retryBase;

    @Option(names = "--retry-cap", paramLabel = "SECONDS", description = "Longest wait between retries.")
    double retryCap;

    @Option(names = "--retry-max-attempts", paramLabel = "N", description = "Attempts before a delivery is dead.")
    int retryMaxAttempts;

    @Option(names = "--retry-max-age", paramLabel = "HOURS", description = "Age at which an undelivered message is dead.")
    double retryMaxAge;

    ClientConfig config() {
        try {
            return new ClientConfig(caFile, allowInsecureLoopback, Duration.ofSeconds(connectTimeout),
                    Duration.ofSeconds(requestTimeout), peerNetworks);
        } catch (IllegalArgumentException e) {
            throw new SwarmException(ErrorCode.INVALID_ARGUMENT, e.getMessage());
        }
    }

    RetryPolicy retry() {
        try {
            return new RetryPolicy(Duration.ofMillis(Math.round(retryBase * 1000)),
                    Duration.ofMillis(Math.round(retryCap * 1000)), retryMaxAttempts,
                    Duration.ofMillis(Math.round(retryMaxAge * 3_600_000)));
        } catch (IllegalArgumentException e) {
            throw new SwarmException(ErrorCode.INVALID_ARGUMENT, e.getMessage());
        }
    }

    NodeOptions nodeOptions() {
        return NodeOptions.DEFAULTS.withClient(config()).withRetry(retry());
    }
}
