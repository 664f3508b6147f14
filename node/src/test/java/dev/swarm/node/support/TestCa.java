package dev.swarm.node.support;

import dev.swarm.node.tls.Certificates;
import dev.swarm.node.tls.PemFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * A certificate authority made fresh for the test run (never committed), and server certificates it
 * signs for loopback. Nodes and clients in tests trust it through {@code ca_file}, as a private swarm
 * with its own CA would.
 */
public final class TestCa {
    private static TestCa instance;

    private final Certificates.Issued ca;
    private final Path dir;

    private TestCa() {
        try {
            this.dir = Files.createTempDirectory("swarm-test-ca");
            this.ca = Certificates.certificateAuthority("swarm test CA", Duration.ofDays(1));
            PemFiles.writeCertificate(caFile(), ca.certificate());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static synchronized TestCa get() {
        if (instance == null) {
            instance = new TestCa();
        }
        return instance;
    }

    /** The CA certificate, as a PEM bundle to pass as ca_file. */
    public Path caFile() {
        return dir.resolve("ca.pem");
    }

    /** Server certificate and key (PEM) for 127.0.0.1 and localhost, written into {@code target}. */
    public ServerFiles issue(Path target) {
        Certificates.Issued server = Certificates.server(ca, List.of("127.0.0.1", "localhost", "::1"),
                Duration.ofDays(1));
        try {
            Files.createDirectories(target);
            ServerFiles files = new ServerFiles(target.resolve("cert.pem"), target.resolve("key.pem"));
            PemFiles.writeCertificate(files.certificate(), server.certificate(), ca.certificate());
            PemFiles.writePrivateKey(files.key(), server.keys().getPrivate());
            return files;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Where a server certificate and its key were written. */
    public record ServerFiles(Path certificate, Path key) {
    }
}
