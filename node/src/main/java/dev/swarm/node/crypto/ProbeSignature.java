package dev.swarm.node.crypto;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.Base64;
import org.bouncycastle.crypto.params.Ed25519PrivateKeyParameters;
import org.bouncycastle.crypto.params.Ed25519PublicKeyParameters;
import org.erdtman.jcs.JsonCanonicalizer;

/**
 * The signature of a reachability probe request (docs/protocol.md, "Reachability probe"): Ed25519
 * over the RFC 8785 canonical JSON of the request object without {@code signature}, the recipe of the
 * full-envelope signature applied to another record. Computed from the object as received.
 */
public final class ProbeSignature {
    public static final String FIELD = "signature";

    private ProbeSignature() {
    }

    public static byte[] canonicalBytes(ObjectNode request) {
        ObjectNode copy = request.deepCopy();
        copy.remove(FIELD);
        try {
            return new JsonCanonicalizer(copy.toString()).getEncodedUTF8();
        } catch (IOException e) {
            throw new IllegalStateException("cannot canonicalise a probe request", e);
        }
    }

    public static String sign(Ed25519PrivateKeyParameters key, ObjectNode request) {
        return Base64.getEncoder().encodeToString(Ed25519.sign(key, canonicalBytes(request)));
    }

    public static boolean verify(Ed25519PublicKeyParameters key, ObjectNode request, String signatureBase64) {
        byte[] signature;
        try {
            signature = Base64.getDecoder().decode(signatureBase64);
        } catch (IllegalArgumentException e) {
            return false;
        }
        return Ed25519.verify(key, canonicalBytes(request), signature);
    }
}
