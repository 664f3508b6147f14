package dev.swarm.node.crypto;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.Base64;
import org.bouncycastle.crypto.params.Ed25519PrivateKeyParameters;
import org.bouncycastle.crypto.params.Ed25519PublicKeyParameters;
import org.erdtman.jcs.JsonCanonicalizer;

/**
 * Our signed statements (a joiner's proof of key possession, a master's transfer commit, a member's
 * key rotation): plain Ed25519 over the RFC 8785 (JCS) canonical JSON of a statement object. Every
 * statement names what it is in its {@code statement} field, so a signature made for one purpose can
 * never be presented as another; the signatures themselves are kept outside the signed object.
 */
public final class SignedStatement {
    /** The field every statement carries: its kind and version, e.g. {@code join-key-proof-v1}. */
    public static final String KIND = "statement";

    private SignedStatement() {
    }

    /** The signed bytes: the statement canonicalised per RFC 8785, in UTF-8. */
    public static byte[] canonicalBytes(ObjectNode statement) {
        if (!statement.path(KIND).isTextual()) {
            throw new IllegalArgumentException("a statement must name its kind in '" + KIND + "'");
        }
        try {
            return new JsonCanonicalizer(statement.toString()).getEncodedUTF8();
        } catch (IOException e) {
            throw new IllegalStateException("cannot canonicalise a statement", e);
        }
    }

    /** The base64 signature of the key over the statement. */
    public static String sign(Ed25519PrivateKeyParameters key, ObjectNode statement) {
        return Base64.getEncoder().encodeToString(Ed25519.sign(key, canonicalBytes(statement)));
    }

    /** True when {@code signatureBase64} is the key's signature over this statement. */
    public static boolean verify(Ed25519PublicKeyParameters key, ObjectNode statement, String signatureBase64) {
        if (signatureBase64 == null || !statement.path(KIND).isTextual()) {
            return false;
        }
        byte[] signature;
        try {
            signature = Base64.getDecoder().decode(signatureBase64);
        } catch (IllegalArgumentException e) {
            return false;
        }
        return signature.length == Ed25519.SIGNATURE_BYTES && Ed25519.verify(key, canonicalBytes(statement), signature);
    }

    /** As {@link #verify(Ed25519PublicKeyParameters, ObjectNode, String)} with a base64 public key. */
    public static boolean verify(String publicKeyBase64, ObjectNode statement, String signatureBase64) {
        return Ed25519.isPublicKey(publicKeyBase64)
                && verify(Ed25519.publicKey(publicKeyBase64), statement, signatureBase64);
    }
}
