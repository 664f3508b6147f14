package dev.swarm.node.crypto;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import org.bouncycastle.crypto.params.Ed25519PrivateKeyParameters;
import org.bouncycastle.crypto.params.Ed25519PublicKeyParameters;

/**
 * The compatible message signature of PROTOCOL.md section 3, reproduced by {@code vectors.json}:
 * Ed25519 over SHA-256 of the UTF-8 concatenation, with no separator, of message_id, timestamp,
 * swarm_id, recipient, type and content exactly as they appear on the wire.
 */
public final class LegacySignature {
    private LegacySignature() {
    }

    /** The six signed fields, in signing order. */
    public record Fields(String messageId, String timestamp, String swarmId, String recipient, String type,
                         String content) {
    }

    /** The 32 bytes that are signed: SHA-256 of the concatenated fields. */
    public static byte[] signedDigest(Fields f) {
        StringBuilder text = new StringBuilder(f.messageId().length() + f.timestamp().length() + f.swarmId().length()
                + f.recipient().length() + f.type().length() + f.content().length());
        text.append(f.messageId()).append(f.timestamp()).append(f.swarmId()).append(f.recipient()).append(f.type())
                .append(f.content());
        return sha256(text.toString().getBytes(StandardCharsets.UTF_8));
    }

    public static String sign(Ed25519PrivateKeyParameters key, Fields fields) {
        return Base64.getEncoder().encodeToString(Ed25519.sign(key, signedDigest(fields)));
    }

    /** True when {@code signatureBase64} is the sender's signature over these fields. */
    public static boolean verify(Ed25519PublicKeyParameters key, Fields fields, String signatureBase64) {
        byte[] signature;
        try {
            signature = Base64.getDecoder().decode(signatureBase64);
        } catch (IllegalArgumentException e) {
            return false;
        }
        return Ed25519.verify(key, signedDigest(fields), signature);
    }

    static byte[] sha256(byte[] input) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(input);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK has no SHA-256", e);
        }
    }
}
