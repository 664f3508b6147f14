package dev.swarm.node.jmh;

import dev.swarm.node.crypto.Ed25519;
import dev.swarm.node.crypto.EnvelopeSignature;
import dev.swarm.node.crypto.LegacySignature;
import dev.swarm.node.messaging.Envelopes;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.util.concurrent.TimeUnit;
import org.bouncycastle.crypto.params.Ed25519PrivateKeyParameters;
import org.bouncycastle.crypto.params.Ed25519PublicKeyParameters;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Signature checks of the receive path, one thread (so the scores are per core), and the anchor:
 * a bare Ed25519 verification of 32 bytes with BouncyCastle (what the node uses) and with the JDK's
 * provider.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class VerifyBenchmark {
    private SignedMessage message;
    private Ed25519PublicKeyParameters bcPublic;
    private byte[] digest;
    private byte[] bcSignature;
    private KeyPair jdkKeys;
    private byte[] jdkSignature;
    private LegacySignature.Fields fields;

    @Setup
    public void setUp() throws GeneralSecurityException {
        message = SignedMessage.create();
        bcPublic = message.sender.publicKey();
        fields = Envelopes.signedFields(message.envelope);
        digest = LegacySignature.signedDigest(fields);
        Ed25519PrivateKeyParameters bcPrivate = message.sender.privateKey();
        bcSignature = Ed25519.sign(bcPrivate, digest);
        jdkKeys = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        Signature signer = Signature.getInstance("Ed25519");
        signer.initSign(jdkKeys.getPrivate());
        signer.update(digest);
        jdkSignature = signer.sign();
    }

    /** The legacy recipe: SHA-256 of six fields, then Ed25519 over the digest. */
    @Benchmark
    public boolean legacySignatureVerify() {
        return LegacySignature.verify(bcPublic, fields, message.envelope.signature());
    }

    /** The full-envelope signature: copy the tree, drop both signatures, RFC 8785 canonical bytes, Ed25519. */
    @Benchmark
    public boolean envelopeSignatureVerify() {
        return EnvelopeSignature.verify(bcPublic, message.tree, message.envelope.envelopeSignature());
    }

    /** Anchor: one bare Ed25519 verification with BouncyCastle's lightweight API. */
    @Benchmark
    public boolean ed25519VerifyBouncyCastle() {
        return Ed25519.verify(bcPublic, digest, bcSignature);
    }

    /** Anchor: one bare Ed25519 verification with the JDK's SunEC provider. */
    @Benchmark
    public boolean ed25519VerifyJdk() throws GeneralSecurityException {
        Signature verifier = Signature.getInstance("Ed25519");
        verifier.initVerify(jdkKeys.getPublic());
        verifier.update(digest);
        return verifier.verify(jdkSignature);
    }
}
