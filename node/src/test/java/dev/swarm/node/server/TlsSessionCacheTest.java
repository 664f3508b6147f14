package dev.swarm.node.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.swarm.node.bench.H2Attacker;
import dev.swarm.node.messaging.ReceiveLimits;
import dev.swarm.node.support.TestCa;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Collections;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSessionContext;
import javax.net.ssl.SSLSocket;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.SslConnectionFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A stranger that completes handshake after handshake, each a new TLS session, leaves the node
 * holding at most {@link NodeServer#TLS_SESSION_CACHE_SIZE} of them, not the JDK's 20,480.
 */
class TlsSessionCacheTest {
    private static final int HANDSHAKES = NodeServer.TLS_SESSION_CACHE_SIZE + 200;

    @TempDir
    Path dir;

    @Test
    void handshakesBeyondTheCacheDoNotGrowWhatTheNodeKeeps() throws Exception {
        TestCa.ServerFiles files = TestCa.get().issue(dir);
        Server server = new Server();
        ServerConnector connector = (ServerConnector) NodeServer.connector(server, new HttpConfiguration(),
                new ServerConfig("127.0.0.1", 0, files.certificate(), files.key(), ReceiveLimits.DEFAULTS));
        server.addConnector(connector);
        server.start();
        try {
            SSLContext client = H2Attacker.tlsTrusting(TestCa.get().caFile());
            for (int i = 0; i < HANDSHAKES; i++) {
                handshake(client, connector.getLocalPort());
            }
            SSLSessionContext sessions = connector.getConnectionFactory(SslConnectionFactory.class)
                    .getSslContextFactory().getSslContext().getServerSessionContext();

            assertThat(Collections.list(sessions.getIds())).hasSizeBetween(NodeServer.TLS_SESSION_CACHE_SIZE / 2,
                    NodeServer.TLS_SESSION_CACHE_SIZE);
        } finally {
            server.stop();
        }
    }

    /**
     * A full handshake (the session is invalidated afterwards, so the next is not resumed) and one
     * request: the server hands out the session's ticket with the first bytes it writes after the handshake.
     */
    private static void handshake(SSLContext client, int port) throws IOException {
        try (SSLSocket socket = (SSLSocket) client.getSocketFactory().createSocket("127.0.0.1", port)) {
            socket.setTcpNoDelay(true);
            socket.getOutputStream().write("GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n"
                    .getBytes(StandardCharsets.US_ASCII));
            socket.getOutputStream().flush();
            assertThat(new String(socket.getInputStream().readAllBytes(), StandardCharsets.US_ASCII))
                    .startsWith("HTTP/1.1 404");
            socket.getSession().invalidate();
        }
    }
}
