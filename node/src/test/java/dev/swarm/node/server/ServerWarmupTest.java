package dev.swarm.node.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.swarm.node.messaging.ReceiveLimits;
import dev.swarm.node.tls.SelfSignedTls;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The background warm-up of {@code swarm serve}: a throwaway server, one TLS handshake, then gone. */
class ServerWarmupTest {
    @TempDir
    Path dir;

    @Test
    void startsTheServerAndShakesHandsWithTheNodesOwnCertificate() {
        SelfSignedTls.Files tls = SelfSignedTls.create(dir.resolve("tls"), "https://127.0.0.1:9443/swarm");
        ServerConfig config = new ServerConfig("127.0.0.1", 0, tls.certificate(), tls.key(), ReceiveLimits.DEFAULTS);

        assertThat(ServerWarmup.warm(config)).isTrue();
        assertThat(ServerWarmup.warm(config)).as("the port was released, a second warm-up works too").isTrue();
    }

    @Test
    void aCertificateThatDoesNotFitItsKeyFailsQuietlyForTheRealStartToReport() throws IOException {
        SelfSignedTls.Files one = SelfSignedTls.create(dir.resolve("one"), "https://127.0.0.1:9443/swarm");
        SelfSignedTls.Files other = SelfSignedTls.create(dir.resolve("other"), "https://127.0.0.1:9443/swarm");
        ServerConfig mismatched = new ServerConfig("127.0.0.1", 0, one.certificate(), other.key(),
                ReceiveLimits.DEFAULTS);
        Path missing = dir.resolve("missing.pem");
        ServerConfig absent = new ServerConfig("127.0.0.1", 0, missing, missing, ReceiveLimits.DEFAULTS);

        assertThat(ServerWarmup.warm(mismatched)).isFalse();
        assertThat(ServerWarmup.warm(absent)).isFalse();
        assertThat(Files.exists(missing)).isFalse();
    }

    @Test
    void withoutTlsTheCleartextServerIsWarmedAlone() {
        assertThat(ServerWarmup.warm(new ServerConfig("127.0.0.1", 0, null, null, ReceiveLimits.DEFAULTS))).isTrue();
    }
}
