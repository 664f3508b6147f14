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
 * Which signatures an envelope from a member must carry, and whether they verify (PROTOCOL.md 3 and
 * 8.2): the legacy signature always; the full-envelope signature whenever it is present, and always
 * from a member whose recorded capabilities include {@code envelope-signature-v1}, so stripping it
 * cannot downgrade such a member to the weaker legacy recipe. Used for messages as they arrive and
 * for the transfer proof carried inside {@code master_changed}.
 */
public final class SignatureCheck {
    private SignatureCheck() {
    }

    /**
     * Why the envelope's signatures are not acceptable from the holder of {@code key}, or empty when
     * they are. {@code tree} is the envelope as received; the full-envelope signature is checked over it.
     */
    public static Optional<String> problem(Ed25519PublicKeyParameters key, Collection<String> capabilities,
                                           Envelope envelope, ObjectNode tree) {
        if (!LegacySignature.verify(key, Envelopes.signedFields(envelope), envelope.signature())) {
            return Optional.of("signature does not verify");
        }
        if (envelope.envelopeSignature() != null) {
            return EnvelopeSignature.verify(key, tree, envelope.envelopeSignature()) ? Optional.empty()
                    : Optional.of("envelope_signature does not verify (a field was changed after signing)");
        }
        if (capabilities.contains(ProtocolVersion.ENVELOPE_SIGNATURE_V1)) {
            return Optional.of("envelope_signature is missing, and this sender's node signs every envelope ("
                    + ProtocolVersion.ENVELOPE_SIGNATURE_V1 + ")");
        }
        return Optional.empty();
    }
}
