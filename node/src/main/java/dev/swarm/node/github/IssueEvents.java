package dev.swarm.node.github;

import dev.swarm.node.messaging.Envelopes;
import dev.swarm.node.protocol.EndpointPolicy;
import dev.swarm.node.protocol.Envelope;
import dev.swarm.node.protocol.EnvelopeCodec;
import dev.swarm.node.protocol.Reference;
import dev.swarm.node.protocol.Timestamps;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads what messages say about issues. A reference of type {@code github_issue} or {@code github_pr}
 * names the issue; what happened comes from {@code metadata.issue_event} (our claim commands set it,
 * and it is the only way to say "released", which the protocol's actions lack) or else the
 * reference's {@code action}. The time is when the message says it was first written, believed
 * within {@link #BELIEVED} before its timestamp (see {@link #writtenAt}); it orders only what the
 * master has not acknowledged.
 */
public final class IssueEvents {
    /** Metadata keys of claim messages. */
    public static final String EVENT = "issue_event";
    public static final String NOTE = "issue_note";
    static final Set<String> KINDS = Set.of("claimed", "completed", "blocked", "unblocked", "released");
    private static final EndpointPolicy STORED = new EndpointPolicy(true);
    /**
     * How far before its timestamp a message's {@code metadata.sent_at} is believed: the default retry
     * horizon ({@code retry_max_age}, 72 h), after which an honest sender has given up the message. An
     * earlier sent_at is moved up to this bound, never ignored, so copies stamped moments apart agree.
     */
    static final Duration BELIEVED = Duration.ofHours(72);

    private IssueEvents() {
    }

    public static List<IssueBoard.Event> from(String envelopeJson) {
        Envelope envelope = EnvelopeCodec.parse(envelopeJson.getBytes(StandardCharsets.UTF_8), STORED).envelope();
        return from(envelope);
    }

    /**
     * True when a message changes an issue's state (claimed, completed, blocked, unblocked, released):
     * a coordination event, ordered by the master's acknowledgement. Cheap for other messages.
     */
    public static boolean coordinates(Envelope envelope) {
        if (envelope.references() == null) {
            return false;
        }
        Object declared = envelope.metadata() == null ? null : envelope.metadata().get(EVENT);
        boolean declaredKind = declared instanceof String text && KINDS.contains(text);
        for (Reference reference : envelope.references()) {
            if (issueLike(reference) && (declaredKind || reference.action() != null
                    && KINDS.contains(reference.action()))) {
                return true;
            }
        }
        return false;
    }

    /**
     * When a message says it was first written: {@code metadata.sent_at} when a retry re-stamped it,
     * kept between {@link #BELIEVED} before the timestamp and the timestamp, else the timestamp.
     */
    public static String writtenAt(Envelope envelope) {
        String stamped = envelope.timestamp();
        Object sentAt = envelope.metadata() == null ? null : envelope.metadata().get(Envelopes.SENT_AT);
        if (!(sentAt instanceof String text) || !Timestamps.isValid(text) || !Timestamps.isValid(stamped)) {
            return stamped;
        }
        Instant stamp = Timestamps.parse(stamped);
        Instant first = Timestamps.parse(text);
        if (first.isAfter(stamp)) {
            return stamped;
        }
        Instant earliest = stamp.minus(BELIEVED);
        return first.isBefore(earliest) ? Timestamps.format(earliest) : text;
    }

    private static boolean issueLike(Reference reference) {
        return ("github_issue".equals(reference.type()) || "github_pr".equals(reference.type()))
                && reference.repo() != null && reference.number() != null;
    }

    public static List<IssueBoard.Event> from(Envelope envelope) {
        if (envelope.references() == null) {
            return List.of();
        }
        Map<String, Object> metadata = envelope.metadata() == null ? Map.of() : envelope.metadata();
        Object declared = metadata.get(EVENT);
        Object note = metadata.get(NOTE);
        List<IssueBoard.Event> events = new ArrayList<>();
        for (Reference reference : envelope.references()) {
            if (!issueLike(reference)) {
                continue;
            }
            String kind = declared instanceof String text && KINDS.contains(text) ? text
                    : reference.action() != null && KINDS.contains(reference.action()) ? reference.action() : "other";
            events.add(new IssueBoard.Event(envelope.messageId(), envelope.sender().agentId(), writtenAt(envelope),
                    new IssueKey(reference.repo(), reference.number()), kind, note instanceof String text ? text : null));
        }
        return events;
    }
}
