package dev.swarm.node.client;

import dev.swarm.node.protocol.PeerNetworks;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * How this node calls peers: extra trusted CAs (on top of the system's), whether http:// loopback
 * endpoints are allowed, the timeouts, and which networks peers may be in ({@code peer_networks}:
 * {@code auto} or a list of public, private, loopback; see {@link dev.swarm.node.protocol.PeerNetworks}).
 */
public record ClientConfig(Path caFile, boolean allowInsecureLoopback, Duration connectTimeout,
                           Duration requestTimeout, String peerNetworks) {
    public static final ClientConfig DEFAULTS = new ClientConfig(null, false, Duration.ofSeconds(5),
            Duration.ofSeconds(15));

    /** With {@code peer_networks} {@code auto}. */
    public ClientConfig(Path caFile, boolean allowInsecureLoopback, Duration connectTimeout, Duration requestTimeout) {
        this(caFile, allowInsecureLoopback, connectTimeout, requestTimeout, "auto");
    }

    public ClientConfig withPeerNetworks(String networks) {
        return new ClientConfig(caFile, allowInsecureLoopback, connectTimeout, requestTimeout, networks);
    }

    public ClientConfig {
        peerNetworks = peerNetworks == null || peerNetworks.isBlank() ? "auto" : peerNetworks.strip();
        PeerNetworks.of(peerNetworks, null, false); // refuses an unknown word now, not at the first call
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
