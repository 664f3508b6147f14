package dev.swarm.node.server;

import dev.swarm.node.messaging.ReceiveLimits;
import java.nio.file.Path;

/**
 * Where and how {@code swarm serve} listens. With a certificate and key it serves HTTPS (HTTP/2 by
 * ALPN, HTTP/1.1 fallback); without them cleartext HTTP/1.1 and h2c, for running behind a TLS proxy.
 */
public record ServerConfig(String host, int port, Path tlsCert, Path tlsKey, ReceiveLimits limits,
                           IngressLimits ingress) {
    /** With the default limits on unauthenticated requests. */
    public ServerConfig(String host, int port, Path tlsCert, Path tlsKey, ReceiveLimits limits) {
        this(host, port, tlsCert, tlsKey, limits, IngressLimits.DEFAULTS);
    }

    public ServerConfig {
        if (ingress == null) {
            ingress = IngressLimits.DEFAULTS;
        }
        if (port < 0 || port > 65_535) {
            throw new IllegalArgumentException("port must be 0 to 65535");
        }
        if ((tlsCert == null) != (tlsKey == null)) {
            throw new IllegalArgumentException("tls_cert and tls_key go together: give both or neither");
        }
    }

    public boolean tls() {
        return tlsCert != null;
    }
}
