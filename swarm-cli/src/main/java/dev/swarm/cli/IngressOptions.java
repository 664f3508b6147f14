package dev.swarm.cli;

import dev.swarm.node.server.IngressLimits;
import java.time.Duration;
import picocli.CommandLine.Option;

/** {@code swarm serve}'s limits on unauthenticated requests; each option is also a setting (see docs/operations.md). */
public final class IngressOptions {
    @Option(names = "--ingress-max-requests", paramLabel = "N",
            description = "Unauthenticated requests in progress at once; more are answered 503.")
    int maxRequests;

    @Option(names = "--ingress-max-requests-per-address", paramLabel = "N",
            description = "The same for one source address; more are answered 429.")
    int maxRequestsPerAddress;

    @Option(names = "--ingress-max-requests-per-connection", paramLabel = "N",
            description = "The same for one connection; more are answered 429.")
    int maxRequestsPerConnection;

    @Option(names = "--ingress-max-bytes", paramLabel = "BYTES",
            description = "Body bytes unauthenticated requests may hold at once.")
    long maxBytes;

    @Option(names = "--ingress-max-bytes-per-address", paramLabel = "BYTES",
            description = "The same for one source address.")
    long maxBytesPerAddress;

    @Option(names = "--body-timeout", paramLabel = "SECONDS", description = "Longest time a request body may take.")
    long bodyTimeout;

    @Option(names = "--ingress-refusals-per-second", paramLabel = "N",
            description = "Refused requests per second one address may cause before it is answered 429.")
    int refusalsPerSecond;

    /** The limits; a value out of range is an argument error naming the setting. */
    IngressLimits limits() {
        return new IngressLimits(maxRequests, maxRequestsPerAddress, maxRequestsPerConnection, maxBytes,
                maxBytesPerAddress, Duration.ofSeconds(bodyTimeout), refusalsPerSecond);
    }
}
