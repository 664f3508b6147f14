package dev.swarm.node.github;

import dev.swarm.node.messaging.Envelopes;
import dev.swarm.node.protocol.EndpointPolicy;
import dev.swarm.node.protocol.Envelope;
import dev.swarm.node.protocol.EnvelopeCodec;
import dev.swarm.node.protocol.Reference;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads what messages say about issues. A reference of type {@code github_issue} or {@code github_pr}
 * names the issue; what happened comes from {@code metadata.issue_event} (our claim commands set it,
 * and it is the only way to say "released", which the protocol's actions lack) or else the
 * reference's {@code action}. The time is when the message was first written.
 */
public final class IssueEvents {
    /** Metadata keys of claim messages. */
    public static final String EVENT = "issue_event";
    public static final String NOTE = "issue_note";
    static final Set<String> KINDS = Set.of("claimed", "completed", "blocked", "unblocked", "released");
    private static final EndpointPolicy STORED = new EndpointPolicy(true);

    private IssueEvents() {
    }

    public static List<IssueBoard.Event> from(String envelopeJson) {
        Envelope envelope = EnvelopeCodec.parse(envelopeJson.getBytes(StandardCharsets.UTF_8), STORED).envelope();
        return from(envelope);
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
            boolean issueLike = "github_issue".equals(reference.type()) || "github_pr".equals(reference.type());
            if (!issueLike || reference.repo() == null || reference.number() == null) {
                continue;
            }
            String kind = declared instanceof String text && KINDS.contains(text) ? text
                    : reference.action() != null && KINDS.contains(reference.action()) ? reference.action() : "other";
            events.add(new IssueBoard.Event(envelope.messageId(), envelope.sender().agentId(), Envelopes.sentAt(envelope),
                    new IssueKey(reference.repo(), reference.number()), kind, note instanceof String text ? text : null));
        }
        return events;
    }
}
