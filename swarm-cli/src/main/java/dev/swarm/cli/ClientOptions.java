package dev.swarm.cli;

import dev.swarm.node.NodeOptions;
import dev.swarm.node.client.ClientConfig;
import dev.swarm.node.error.ErrorCode;
import dev.swarm.node.error.SwarmException;
import java.nio.file.Path;
import java.time.Duration;
import picocli.CommandLine.Option;

/** How this command calls peers; each option is also a setting (environment and config.yaml). */
public final class ClientOptions {
    @Option(names = "--ca-file", paramLabel = "PEM",
            description = "Extra CA certificates (PEM) to trust for peers, on top of the system CAs.")
    Path caFile;

    @Option(names = "--allow-insecure-loopback", arity = "0..1", paramLabel = "true|false",
            description = "Accept and call http:// endpoints on loopback addresses.")
    boolean allowInsecureLoopback;

    @Option(names = "--connect-timeout", paramLabel = "SECONDS", description = "Connect timeout for peer calls.")
    long connectTimeout;

    @Option(names = "--request-timeout", paramLabel = "SECONDS", description = "Answer timeout for peer calls.")
    long requestTimeout;

    ClientConfig config() {
        try {
            return new ClientConfig(caFile, allowInsecureLoopback, Duration.ofSeconds(connectTimeout),
                    Duration.ofSeconds(requestTimeout));
        } catch (IllegalArgumentException e) {
            throw new SwarmException(ErrorCode.INVALID_ARGUMENT, e.getMessage());
        }
    }

    NodeOptions nodeOptions() {
        return NodeOptions.DEFAULTS.withClient(config());
    }
}
