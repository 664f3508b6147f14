package dev.swarm.node.messaging;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.swarm.node.crypto.EnvelopeSignature;
import dev.swarm.node.crypto.LegacySignature;
import dev.swarm.node.identity.Identity;
import dev.swarm.node.protocol.Attachment;
import dev.swarm.node.protocol.Envelope;
import dev.swarm.node.protocol.Identifiers;
import dev.swarm.node.protocol.Json;
import dev.swarm.node.protocol.MessageType;
import dev.swarm.node.protocol.Priority;
import dev.swarm.node.protocol.ProtocolVersion;
import dev.swarm.node.protocol.Reference;
import dev.swarm.node.protocol.Sender;
import dev.swarm.node.protocol.Timestamps;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Builds and signs the envelopes this node sends. The message id and timestamp are fixed here, once.
 * Every envelope carries both signatures: the legacy one older peers check and the full-envelope one
 * ({@code envelope_signature}) that covers every field; older peers ignore the latter.
 */
public final class Envelopes {
    private final Identity identity;
    private final Clock clock;

    public Envelopes(Identity identity, Clock clock) {
        this.identity = identity;
        this.clock = clock;
    }

    /** What a caller wants to send; the builder adds id, time, sender and signature. */
    public record Draft(String swarmId, String recipient, MessageType type, String content, Priority priority,
                        String inReplyTo, String threadId, String expiresAt, List<Attachment> attachments,
                        List<Reference> references, Map<String, Object> metadata) {

        public static Draft message(String swarmId, String recipient, String content) {
            return new Draft(swarmId, recipient, MessageType.MESSAGE, content, null, null, null, null, null, null,
                    null);
        }

        public static Draft system(String swarmId, String recipient, String content) {
            return new Draft(swarmId, recipient, MessageType.SYSTEM, content, null, null, null, null, null, null,
                    null);
        }
    }

    public Envelope build(Draft draft) {
        Priority priority = draft.priority() == Priority.NORMAL ? null : draft.priority();
        Envelope unsigned = new Envelope(ProtocolVersion.CURRENT, Identifiers.newUuid(),
                Timestamps.format(clock.instant()), new Sender(identity.agentId(), identity.endpoint()),
                draft.recipient(), draft.swarmId(), draft.type(), draft.content(), null, draft.inReplyTo(),
                draft.threadId(), priority, draft.expiresAt(), emptyToNull(draft.attachments()),
                emptyToNull(draft.references()), draft.metadata() == null || draft.metadata().isEmpty() ? null
                        : draft.metadata(), null);
        return signed(unsigned);
    }

    /** The same message with a new timestamp and new signatures; the message id does not change. */
    public Envelope restamp(Envelope envelope) {
        Envelope fresh = new Envelope(envelope.protocolVersion(), envelope.messageId(),
                Timestamps.format(clock.instant()), envelope.sender(), envelope.recipient(), envelope.swarmId(),
                envelope.type(), envelope.content(), null, envelope.inReplyTo(), envelope.threadId(),
                envelope.priority(), envelope.expiresAt(), envelope.attachments(), envelope.references(),
                withSentAt(envelope), null);
        return signed(fresh);
    }

    /**
     * The time a message was written, kept in {@code metadata.sent_at} once a retry re-stamps it: every
     * copy of the message then agrees on it (the first keeps its original timestamp, later ones carry it
     * here). The issue board orders claims by the master's acknowledgement, and by this time (within its
     * own bounds, {@code IssueEvents.writtenAt}) only those not yet acknowledged.
     */
    public static final String SENT_AT = "sent_at";

    /**
     * How far before its timestamp a message may say it was first written, for showing it. Retries stop
     * after retry_max_age (72 h by default); a week leaves room for a sender that raised it.
     */
    static final Duration SENT_AT_WINDOW = Duration.ofDays(7);

    /**
     * When the message was first written: {@code metadata.sent_at} if a retry re-stamped it, else its
     * timestamp. A sent_at after the timestamp, or more than {@link #SENT_AT_WINDOW} before it, is
     * ignored.
     */
    public static String sentAt(Envelope envelope) {
        Object sentAt = envelope.metadata() == null ? null : envelope.metadata().get(SENT_AT);
        if (!(sentAt instanceof String text) || !Timestamps.isValid(text) || !Timestamps.isValid(envelope.timestamp())) {
            return envelope.timestamp();
        }
        Instant first = Timestamps.parse(text);
        Instant stamped = Timestamps.parse(envelope.timestamp());
        boolean plausible = !first.isAfter(stamped) && !first.isBefore(stamped.minus(SENT_AT_WINDOW));
        return plausible ? text : envelope.timestamp();
    }

    private static java.util.Map<String, Object> withSentAt(Envelope envelope) {
        java.util.Map<String, Object> metadata = new java.util.LinkedHashMap<>();
        if (envelope.metadata() != null) {
            metadata.putAll(envelope.metadata());
        }
        metadata.putIfAbsent(SENT_AT, envelope.timestamp());
        return java.util.Collections.unmodifiableMap(metadata);
    }

    /** Adds both signatures: the legacy one (PROTOCOL.md 3) and the full-envelope one (8.2). */
    private Envelope signed(Envelope unsigned) {
        Envelope legacy = unsigned.withSignature(LegacySignature.sign(identity.privateKey(), signedFields(unsigned)));
        ObjectNode tree = (ObjectNode) Json.toTree(legacy);
        return legacy.withEnvelopeSignature(EnvelopeSignature.sign(identity.privateKey(), tree));
    }

    /** The fields the compatible signature covers, taken from an envelope. */
    public static LegacySignature.Fields signedFields(Envelope e) {
        return new LegacySignature.Fields(e.messageId(), e.timestamp(), e.swarmId(), e.recipient(), e.type().wire(),
                e.content());
    }

    private static <T> List<T> emptyToNull(List<T> list) {
        return list == null || list.isEmpty() ? null : List.copyOf(list);
    }
}
