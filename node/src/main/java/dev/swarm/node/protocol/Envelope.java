package dev.swarm.node.protocol;

import java.util.List;
import java.util.Map;

/**
 * The message envelope of PROTOCOL.md section 2, plus our {@code envelope_signature} extension.
 * Unset optional fields are null and are left off the wire. {@code priority} null means normal.
 */
public record Envelope(
        String protocolVersion,
        String messageId,
        String timestamp,
        Sender sender,
        String recipient,
        String swarmId,
        MessageType type,
        String content,
        String signature,
        String inReplyTo,
        String threadId,
        Priority priority,
        String expiresAt,
        List<Attachment> attachments,
        List<Reference> references,
        Map<String, Object> metadata,
        String envelopeSignature) {

    public boolean isBroadcast() {
        return Identifiers.BROADCAST.equals(recipient);
    }

    public Priority effectivePriority() {
        return priority == null ? Priority.NORMAL : priority;
    }

    public Envelope withSignature(String newSignature) {
        return new Envelope(protocolVersion, messageId, timestamp, sender, recipient, swarmId, type, content,
                newSignature, inReplyTo, threadId, priority, expiresAt, attachments, references, metadata,
                envelopeSignature);
    }

    public Envelope withEnvelopeSignature(String newEnvelopeSignature) {
        return new Envelope(protocolVersion, messageId, timestamp, sender, recipient, swarmId, type, content,
                signature, inReplyTo, threadId, priority, expiresAt, attachments, references, metadata,
                newEnvelopeSignature);
    }
}
