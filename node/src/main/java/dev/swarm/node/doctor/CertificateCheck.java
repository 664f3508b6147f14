package dev.swarm.node.doctor;

import dev.swarm.node.client.TrustStores;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.X509TrustManager;
import okhttp3.internal.tls.OkHostnameVerifier;

/**
 * The certificate members see: the one the endpoint presents (fetched with a handshake that accepts
 * anything, only to read it), or {@code tls_cert} when the endpoint cannot be reached from here. It
 * must be valid now and for {@code warnBefore} more, name the endpoint's host, and chain to what this
 * node trusts (the system CAs and {@code ca_file}), as members' nodes will check.
 */
final class CertificateCheck implements DoctorCheck {
    static final String NAME = "certificate";
    private static final int TIMEOUT_MS = 5000;

    private final String endpoint;
    private final Path tlsCert;
    private final Path caFile;
    private final Clock clock;
    private final Duration warnBefore;

    CertificateCheck(String endpoint, Path tlsCert, Path caFile, Clock clock, Duration warnBefore) {
        this.endpoint = endpoint;
        this.tlsCert = tlsCert;
        this.caFile = caFile;
        this.clock = clock;
        this.warnBefore = warnBefore;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public CheckResult run() {
        URI uri = URI.create(endpoint);
        if (!"https".equals(uri.getScheme())) {
            return CheckResult.skip(NAME, "the endpoint is cleartext " + uri.getScheme() + "://, so it has no certificate"
                    + " (loopback tests only)");
        }
        String host = uri.getHost();
        int port = uri.getPort() < 0 ? 443 : uri.getPort();
        List<X509Certificate> chain;
        String source;
        try {
            chain = presented(host, port);
            source = "presented by " + host + ":" + port;
        } catch (IOException | GeneralSecurityException e) {
            if (tlsCert == null) {
                return CheckResult.warn(NAME, "cannot fetch the certificate from " + host + ":" + port + ": "
                        + e.getMessage(), "see the daemon and reachability checks; with TLS at a proxy, check the"
                        + " proxy (systemctl status caddy)", Map.of());
            }
            chain = List.copyOf(TrustStores.readCertificates(tlsCert));
            source = "in " + tlsCert + " (" + host + ":" + port + " did not answer: " + e.getMessage() + ")";
        }
        return judge(chain, host, source);
    }

    CheckResult judge(List<X509Certificate> chain, String host, String source) {
        if (chain.isEmpty()) {
            return CheckResult.fail(NAME, "no certificate " + source, "configure tls_cert and tls_key, or the proxy's"
                    + " certificate", Map.of());
        }
        X509Certificate leaf = chain.get(0);
        Instant now = clock.instant();
        Instant notAfter = leaf.getNotAfter().toInstant();
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("subject", leaf.getSubjectX500Principal().getName());
        details.put("names", OkHostnameVerifier.INSTANCE.allSubjectAltNames(leaf));
        details.put("not_after", notAfter.toString());
        details.put("source", source);
        String renew = "renew it: with bootstrap.sh's Caddy this is automatic (journalctl -u caddy says why it is"
                + " not); with tls_cert, replace the files and restart swarm serve";
        if (now.isAfter(notAfter) || now.isBefore(leaf.getNotBefore().toInstant())) {
            return CheckResult.fail(NAME, "the certificate " + source + " is not valid now (valid "
                    + leaf.getNotBefore().toInstant() + " to " + notAfter + ")", renew, details);
        }
        if (!OkHostnameVerifier.INSTANCE.verify(host, leaf)) {
            return CheckResult.fail(NAME, "the certificate " + source + " does not name " + host + " (it names "
                    + OkHostnameVerifier.INSTANCE.allSubjectAltNames(leaf) + ")", "get a certificate for " + host
                    + ", or set endpoint to a name the certificate has (swarm init --force keeps the key)", details);
        }
        try {
            TrustStores.trustManager(caFile).checkServerTrusted(chain.toArray(X509Certificate[]::new), "UNKNOWN");
        } catch (CertificateException | RuntimeException e) {
            return CheckResult.warn(NAME, "the certificate " + source + " does not chain to the system CAs or ca_file: "
                    + e.getMessage(), "members must list its CA in their ca_file; a public CA (Let's Encrypt) needs"
                    + " nothing", details);
        }
        Duration left = Duration.between(now, notAfter);
        if (left.compareTo(warnBefore) < 0) {
            return CheckResult.warn(NAME, "the certificate " + source + " expires in " + left.toDays() + " days ("
                    + notAfter + ")", renew, details);
        }
        return CheckResult.ok(NAME, "valid for " + host + " until " + notAfter + " (" + left.toDays() + " days), "
                + source, details);
    }

    private static List<X509Certificate> presented(String host, int port) throws IOException, GeneralSecurityException {
        X509Certificate[][] seen = new X509Certificate[1][];
        X509TrustManager capture = new X509TrustManager() {
            @Override
            public void checkClientTrusted(X509Certificate[] chain, String authType) {
                throw new UnsupportedOperationException();
            }

            @Override
            public void checkServerTrusted(X509Certificate[] chain, String authType) {
                seen[0] = chain.clone(); // read only: judged afterwards, never used to send anything
            }

            @Override
            public X509Certificate[] getAcceptedIssuers() {
                return new X509Certificate[0];
            }
        };
        SSLContext tls = SSLContext.getInstance("TLS");
        tls.init(null, new X509TrustManager[] {capture}, null);
        try (Socket plain = new Socket()) {
            plain.connect(new InetSocketAddress(host, port), TIMEOUT_MS);
            plain.setSoTimeout(TIMEOUT_MS);
            try (SSLSocket socket = (SSLSocket) tls.getSocketFactory().createSocket(plain, host, port, false)) {
                socket.startHandshake();
            }
        }
        if (seen[0] == null) {
            throw new IOException("no certificate in the handshake");
        }
        return Arrays.asList(seen[0]);
    }
}
