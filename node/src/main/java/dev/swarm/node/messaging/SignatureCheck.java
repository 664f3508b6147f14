package dev.swarm.node.messaging;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.swarm.node.crypto.EnvelopeSignature;
import dev.swarm.node.crypto.LegacySignature;
import dev.swarm.node.protocol.Envelope;
import dev.swarm.node.protocol.ProtocolVersion;
import java.util.Collection;
import java.util.Optional;
import org.bouncycastle.crypto.params.Ed25519PublicKeyParameters;

/**
 * Which signature an envelope from a member must carry, and whether it verifies (PROTOCOL.md 3 and
 * 8.2). Exactly one Ed25519 verification per envelope, of the strongest signature the sender owes:
 * the full-envelope signature when it is present (it covers every field the legacy recipe covers,
 * and the rest, so the legacy signature adds nothing and is not verified as well); otherwise the
 * legacy signature, except from a member whose recorded capabilities include
 * {@code envelope-signature-v1}, which must send the full-envelope one, so stripping it cannot
 * downgrade such a member to the weaker recipe. Used for messages as they arrive and for the
 * transfer proof carried inside {@code master_changed}.
 */
public final class SignatureCheck {
    private SignatureCheck() {
    }

    /**
     * Why the envelope's signature is not acceptable from the holder of {@code key}, or empty when
     * it is. {@code tree} is the envelope as received; the full-envelope signature is checked over it.
     */
    public static Optional<String> problem(Ed25519PublicKeyParameters key, Collection<String> capabilities,
                                           Envelope envelope, ObjectNode tree) {
        if (envelope.envelopeSignature() != null) {
            return EnvelopeSignature.verify(key, tree, envelope.envelopeSignature()) ? Optional.empty()
                    : Optional.of("envelope_signature does not verify (a field was changed after signing)");
        }
        if (capabilities.contains(ProtocolVersion.ENVELOPE_SIGNATURE_V1)) {
            return Optional.of("envelope_signature is missing, and this sender's node signs every envelope ("
                    + ProtocolVersion.ENVELOPE_SIGNATURE_V1 + ")");
        }
        return LegacySignature.verify(key, Envelopes.signedFields(envelope), envelope.signature()) ? Optional.empty()
                : Optional.of("signature does not verify");
    }
}
