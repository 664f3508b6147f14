package dev.swarm.node.crypto;

import java.security.KeyFactory;
import java.security.NoSuchAlgorithmException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.spec.InvalidKeySpecException;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;
import java.util.HexFormat;
import org.bouncycastle.crypto.params.Ed25519PrivateKeyParameters;
import org.bouncycastle.crypto.params.Ed25519PublicKeyParameters;

/**
 * Plain Ed25519 (RFC 8032, no context, not prehashed) with BouncyCastle's lightweight API, which is
 * about twenty times faster than the JDK provider. Key parameter objects are immutable and safe to
 * share between threads; the public one caches its decoded point, so keep it per member.
 */
public final class Ed25519 {
    public static final int SEED_BYTES = 32;
    public static final int PUBLIC_KEY_BYTES = 32;
    public static final int SIGNATURE_BYTES = 64;

    private static final int ALGORITHM_ED25519 = 0; // org.bouncycastle.math.ec.rfc8032.Ed25519.Algorithm.Ed25519
    private static final byte[] PKCS8_PREFIX = HexFormat.of().parseHex("302e020100300506032b657004220420");
    private static final byte[] X509_PREFIX = HexFormat.of().parseHex("302a300506032b6570032100");

    private Ed25519() {
    }

    public static byte[] newSeed(SecureRandom random) {
        byte[] seed = new byte[SEED_BYTES];
        random.nextBytes(seed);
        return seed;
    }

    public static Ed25519PrivateKeyParameters privateKey(byte[] seed) {
        if (seed.length != SEED_BYTES) {
            throw new IllegalArgumentException("an Ed25519 seed is 32 bytes, got " + seed.length);
        }
        return new Ed25519PrivateKeyParameters(seed, 0);
    }

    /** Decodes a raw 32-byte public key; rejects keys that are not points on the curve. */
    public static Ed25519PublicKeyParameters publicKey(byte[] raw) {
        if (raw.length != PUBLIC_KEY_BYTES) {
            throw new IllegalArgumentException("an Ed25519 public key is 32 bytes, got " + raw.length);
        }
        return new Ed25519PublicKeyParameters(raw, 0);
    }

    /** Decodes the wire form (standard base64 with padding, 44 characters). */
    public static Ed25519PublicKeyParameters publicKey(String base64) {
        if (base64 == null || base64.length() != 44) {
            throw new IllegalArgumentException("an Ed25519 public key is 44 characters of base64");
        }
        return publicKey(Base64.getDecoder().decode(base64));
    }

    public static boolean isPublicKey(String base64) {
        try {
            publicKey(base64);
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    public static String encode(Ed25519PublicKeyParameters key) {
        return Base64.getEncoder().encodeToString(key.getEncoded());
    }

    public static byte[] sign(Ed25519PrivateKeyParameters key, byte[] message) {
        byte[] signature = new byte[SIGNATURE_BYTES];
        key.sign(ALGORITHM_ED25519, null, message, 0, message.length, signature, 0);
        return signature;
    }

    public static boolean verify(Ed25519PublicKeyParameters key, byte[] message, byte[] signature) {
        if (signature.length != SIGNATURE_BYTES) {
            return false;
        }
        return key.verify(ALGORITHM_ED25519, null, message, 0, message.length, signature, 0);
    }

    /** The same private key as a JDK key, for libraries that take one (jjwt). */
    public static PrivateKey toJdkPrivateKey(byte[] seed) {
        byte[] encoded = concat(PKCS8_PREFIX, seed);
        try {
            return KeyFactory.getInstance("Ed25519").generatePrivate(new PKCS8EncodedKeySpec(encoded));
        } catch (NoSuchAlgorithmException | InvalidKeySpecException e) {
            throw new IllegalStateException("the JDK has no Ed25519 support", e);
        }
    }

    /** The same public key as a JDK key, for libraries that take one (jjwt). */
    public static PublicKey toJdkPublicKey(byte[] raw) {
        byte[] encoded = concat(X509_PREFIX, raw);
        try {
            return KeyFactory.getInstance("Ed25519").generatePublic(new X509EncodedKeySpec(encoded));
        } catch (NoSuchAlgorithmException | InvalidKeySpecException e) {
            throw new IllegalStateException("the JDK has no Ed25519 support", e);
        }
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = new byte[a.length + b.length];
        System.arraycopy(a, 0, out, 0, a.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
