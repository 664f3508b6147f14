package dev.swarm.node.tls;

import dev.swarm.node.client.TrustStores;
import dev.swarm.node.error.ErrorCode;
import dev.swarm.node.error.SwarmException;
import dev.swarm.node.identity.SecureFiles;
import java.io.IOException;
import java.io.Reader;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.Collection;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;

/** Reads and writes PEM certificates and private keys (PKCS#8 when written, so openssl reads them too). */
public final class PemFiles {
    public static final char[] NO_PASSWORD = new char[0];

    private PemFiles() {
    }

    /** An in-memory key store holding the key and its certificate chain, under the alias {@code swarm}. */
    public static KeyStore keyStore(Path certificateFile, Path keyFile) {
        Collection<X509Certificate> chain = TrustStores.readCertificates(certificateFile);
        if (chain.isEmpty()) {
            throw new SwarmException(ErrorCode.CONFIG_INVALID, "tls_cert " + certificateFile
                    + " holds no PEM certificate");
        }
        PrivateKey key = readPrivateKey(keyFile);
        try {
            // In memory only, never written: JKS wraps the key cheaply, where PKCS12 would run PBKDF2 (10,000
            // rounds) to wrap it and again to unwrap it, about a tenth of the daemon's start.
            KeyStore store = KeyStore.getInstance("JKS");
            store.load(null, null);
            store.setKeyEntry("swarm", key, NO_PASSWORD, chain.toArray(X509Certificate[]::new));
            return store;
        } catch (GeneralSecurityException | IOException e) {
            throw new SwarmException(ErrorCode.CONFIG_INVALID, "tls_key " + keyFile + " does not fit tls_cert "
                    + certificateFile + ": " + e.getMessage(), null, e);
        }
    }

    public static PrivateKey readPrivateKey(Path keyFile) {
        try (Reader reader = Files.newBufferedReader(keyFile, StandardCharsets.US_ASCII);
             PEMParser parser = new PEMParser(reader)) {
            Object object = parser.readObject();
            JcaPEMKeyConverter converter = new JcaPEMKeyConverter();
            if (object instanceof PrivateKeyInfo info) {
                return converter.getPrivateKey(info);
            }
            if (object instanceof PEMKeyPair pair) {
                return converter.getKeyPair(pair).getPrivate();
            }
            throw new SwarmException(ErrorCode.CONFIG_INVALID, "tls_key " + keyFile
                    + " is not an unencrypted PEM private key");
        } catch (IOException e) {
            throw new SwarmException(ErrorCode.CONFIG_INVALID, "cannot read tls_key " + keyFile + ": "
                    + e.getMessage(), null, e);
        }
    }

    public static String toPem(Object object) {
        StringWriter text = new StringWriter();
        try (JcaPEMWriter writer = new JcaPEMWriter(text)) {
            if (object instanceof PrivateKey key) {
                writer.writeObject(new JcaPKCS8Generator(key, null));
            } else {
                writer.writeObject(object);
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot write PEM", e);
        }
        return text.toString();
    }

    public static void writeCertificate(Path file, X509Certificate... chain) throws IOException {
        StringBuilder pem = new StringBuilder();
        for (X509Certificate certificate : chain) {
            pem.append(toPem(certificate));
        }
        Files.writeString(file, pem.toString(), StandardCharsets.US_ASCII);
    }

    public static void writePrivateKey(Path file, PrivateKey key) throws IOException {
        SecureFiles.writePrivate(file, toPem(key).getBytes(StandardCharsets.US_ASCII));
    }
}
