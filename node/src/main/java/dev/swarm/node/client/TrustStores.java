package dev.swarm.node.client;

import dev.swarm.node.error.ErrorCode;
import dev.swarm.node.error.SwarmException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.Collection;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;

/**
 * Builds the trust manager for peers: the system CAs, plus every certificate in an optional PEM
 * bundle (a private swarm's own CA, or a test CA).
 */
public final class TrustStores {
    private TrustStores() {
    }

    public static X509TrustManager trustManager(Path extraCaFile) {
        try {
            X509TrustManager system = fromKeyStore(null);
            if (extraCaFile == null) {
                return system;
            }
            KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
            store.load(null, null);
            int n = 0;
            for (X509Certificate ca : system.getAcceptedIssuers()) {
                store.setCertificateEntry("system-" + n++, ca);
            }
            Collection<X509Certificate> extra = readCertificates(extraCaFile);
            if (extra.isEmpty()) {
                throw new SwarmException(ErrorCode.CONFIG_INVALID, "ca_file " + extraCaFile
                        + " holds no PEM certificates");
            }
            for (X509Certificate ca : extra) {
                store.setCertificateEntry("extra-" + n++, ca);
            }
            return fromKeyStore(store);
        } catch (GeneralSecurityException | IOException e) {
            throw new SwarmException(ErrorCode.CONFIG_INVALID, "cannot build the trust store: " + e.getMessage(),
                    null, e);
        }
    }

    /** Reads all certificates of a PEM file (one or many). */
    public static Collection<X509Certificate> readCertificates(Path pem) {
        try (InputStream in = Files.newInputStream(pem)) {
            Collection<? extends Certificate> certificates = CertificateFactory.getInstance("X.509")
                    .generateCertificates(in);
            return certificates.stream().map(X509Certificate.class::cast).toList();
        } catch (IOException | GeneralSecurityException e) {
            throw new SwarmException(ErrorCode.CONFIG_INVALID, "cannot read certificates from " + pem + ": "
                    + e.getMessage(), null, e);
        }
    }

    private static X509TrustManager fromKeyStore(KeyStore store) throws GeneralSecurityException {
        TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        factory.init(store);
        for (TrustManager manager : factory.getTrustManagers()) {
            if (manager instanceof X509TrustManager x509) {
                return x509;
            }
        }
        throw new GeneralSecurityException("no X.509 trust manager available");
    }
}
