package dev.swarm.node.client;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
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
        if (caFile != null) {
            checkCaFile(caFile);
        }
        if (connectTimeout.isNegative() || connectTimeout.isZero()) {
            throw new IllegalArgumentException("connect_timeout must be positive");
        }
        if (requestTimeout.isNegative() || requestTimeout.isZero()) {
            throw new IllegalArgumentException("request_timeout must be positive");
        }
    }

    /**
     * A cheap look at the CA file when the configuration is made, so a command with a wrong
     * {@code ca_file} fails before it writes anything; the certificates are parsed when the client is
     * built, which only happens if this process calls a peer.
     */
    private static void checkCaFile(Path caFile) {
        try {
            String text = Files.readString(caFile, StandardCharsets.ISO_8859_1);
            if (!text.contains("-----BEGIN CERTIFICATE-----")) {
                throw new IllegalArgumentException("ca_file " + caFile + " holds no PEM certificate");
            }
        } catch (IOException | java.io.UncheckedIOException e) {
            throw new IllegalArgumentException("ca_file " + caFile + " cannot be read: " + e.getMessage());
        }
    }
}
