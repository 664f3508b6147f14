package dev.swarm.node.tls;

import dev.swarm.node.error.ErrorCode;
import dev.swarm.node.error.SwarmException;
import dev.swarm.node.identity.SecureFiles;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * {@code swarm init --self-signed}: a certificate for the endpoint's host (plus localhost and the
 * loopback addresses) in {@code $SWARM_HOME/tls}, for trying the node out or for a private swarm
 * whose members list each other's certificates in their {@code ca_file}.
 */
public final class SelfSignedTls {
    private static final Duration VALIDITY = Duration.ofDays(825);

    private SelfSignedTls() {
    }

    /** Where the certificate and key were written. */
    public record Files(Path certificate, Path key) {
    }

    public static Files create(Path dir, String endpoint) {
        Set<String> hosts = new LinkedHashSet<>();
        String host = URI.create(endpoint).getHost();
        if (host != null) {
            hosts.add(host.startsWith("[") ? host.substring(1, host.length() - 1) : host);
        }
        hosts.addAll(List.of("localhost", "127.0.0.1", "::1"));
        Certificates.Issued issued = Certificates.selfSigned(List.copyOf(hosts), VALIDITY);
        Files files = new Files(dir.resolve("cert.pem"), dir.resolve("key.pem"));
        try {
            SecureFiles.ensurePrivateDirectory(dir);
            PemFiles.writeCertificate(files.certificate(), issued.certificate());
            PemFiles.writePrivateKey(files.key(), issued.keys().getPrivate());
        } catch (IOException e) {
            throw new SwarmException(ErrorCode.CONFIG_INVALID, "cannot write the TLS certificate to " + dir + ": "
                    + e.getMessage(), null, e);
        }
        return files;
    }
}
