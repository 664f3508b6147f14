package dev.swarm.node.crypto;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.Base64;
import org.bouncycastle.crypto.params.Ed25519PrivateKeyParameters;
import org.bouncycastle.crypto.params.Ed25519PublicKeyParameters;
import org.erdtman.jcs.JsonCanonicalizer;

/**
 * The full-envelope signature of PROTOCOL.md 8.2 ({@code envelope_signature}): plain Ed25519 over the
 * RFC 8785 (JCS) canonical JSON of the whole envelope with {@code signature} and
 * {@code envelope_signature} removed. Unlike the legacy signature it covers every field, so a change
 * to {@code priority}, {@code sender.endpoint} or {@code metadata} in transit is detected.
 *
 * <p>The bytes are computed from the JSON object as it is (for a receiver: as it arrived, unknown
 * fields and nulls included), never from our own re-serialisation of a record. Canonicalisation is
 * the maintained {@code java-json-canonicalization} library, not hand-written code.
 */
public final class EnvelopeSignature {
    /** The fields the signature does not cover: the two signatures themselves. */
    public static final String LEGACY_FIELD = "signature";
    public static final String FIELD = "envelope_signature";

    private EnvelopeSignature() {
    }

    /** The signed bytes: the envelope without both signatures, canonicalised per RFC 8785, in UTF-8. */
    public static byte[] canonicalBytes(ObjectNode envelope) {
        ObjectNode copy = envelope.deepCopy();
        copy.remove(LEGACY_FIELD);
        copy.remove(FIELD);
        try {
            return new JsonCanonicalizer(copy.toString()).getEncodedUTF8();
        } catch (IOException e) {
            // the text came from Jackson, so it is JSON; a failure here is a bug, not bad input
            throw new IllegalStateException("cannot canonicalise an envelope", e);
        }
    }

    /** The base64 signature to put in {@code envelope_signature}. */
    public static String sign(Ed25519PrivateKeyParameters key, ObjectNode envelope) {
        return Base64.getEncoder().encodeToString(Ed25519.sign(key, canonicalBytes(envelope)));
    }

    /** True when {@code signatureBase64} is the key's signature over this envelope's canonical bytes. */
    public static boolean verify(Ed25519PublicKeyParameters key, ObjectNode envelope, String signatureBase64) {
        byte[] signature;
        try {
            signature = Base64.getDecoder().decode(signatureBase64);
        } catch (IllegalArgumentException e) {
            return false;
        }
        return Ed25519.verify(key, canonicalBytes(envelope), signature);
    }
}
