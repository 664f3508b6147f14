package dev.swarm.node.bench;

import dev.swarm.node.tls.Certificates;
import dev.swarm.node.tls.PemFiles;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/** A CA made for one benchmark run and a loopback server certificate it issued, as PEM files in {@code dir}. */
public record BenchTls(Path caFile, Path certFile, Path keyFile) {

    public static BenchTls create(Path dir) throws IOException {
        Certificates.Issued ca = Certificates.certificateAuthority("swarm bench CA", Duration.ofDays(1));
        Path caFile = dir.resolve("ca.pem");
        PemFiles.writeCertificate(caFile, ca.certificate());
        Certificates.Issued server = Certificates.server(ca, List.of("127.0.0.1", "localhost"), Duration.ofDays(1));
        Path cert = dir.resolve("cert.pem");
        Path key = dir.resolve("key.pem");
        PemFiles.writeCertificate(cert, server.certificate(), ca.certificate());
        PemFiles.writePrivateKey(key, server.keys().getPrivate());
        return new BenchTls(caFile, cert, key);
    }
}
