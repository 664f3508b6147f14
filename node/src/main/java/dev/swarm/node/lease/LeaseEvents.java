package dev.swarm.node.lease;

import dev.swarm.node.error.ErrorCode;
import dev.swarm.node.error.SwarmException;
import dev.swarm.node.github.IssueEvents;
import dev.swarm.node.messaging.Bookkeeping;
import dev.swarm.node.messaging.Envelopes;
import dev.swarm.node.protocol.Envelope;
import dev.swarm.node.protocol.Identifiers;
import dev.swarm.node.protocol.MessageType;
import dev.swarm.node.protocol.Timestamps;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;

/**
 * A lease message as it travels: a signed {@code notification} to {@code broadcast} whose flat
 * metadata says what happened. Every value is a word, an id, a timestamp or a checked glob: there is
 * no free text. Keys:
 * <ul>
 *   <li>{@code lease_event}: taken, renewed or released (its presence marks a lease message);</li>
 *   <li>{@code lease_holder}: whose lease, which must be the sender;</li>
 *   <li>{@code lease_id}: on a renewal and a release, the lease: the id of the message that took it (a
 *   take needs none; if it has one, it must be its own message id);</li>
 *   <li>{@code lease_repo} (owner/repo), {@code lease_mode} (exclusive or shared) and
 *   {@code lease_paths} (globs, see {@link LeaseGlob}, one per line, at most {@value #MAX_GLOBS}): on a
 *   take;</li>
 *   <li>{@code lease_expires_at}: on a take and a renewal; after the time the message was first
 *   written and at most {@link #MAX_DURATION} after it.</li>
 * </ul>
 * A malformed one is refused whole ({@code INVALID_FORMAT} naming the key; {@code NOT_AUTHORIZED} for
 * a lease about another holder), so every node that accepts one reads it the same way.
 */
public final class LeaseEvents {
    public static final String EVENT = Bookkeeping.LEASE;
    public static final String HOLDER = "lease_holder";
    public static final String ID = "lease_id";
    public static final String REPO = "lease_repo";
    public static final String MODE = "lease_mode";
    public static final String PATHS = "lease_paths";
    public static final String EXPIRES_AT = "lease_expires_at";
    /** The longest a lease (or a renewal) may run: a protocol constant, so every node judges alike. */
    public static final Duration MAX_DURATION = Duration.ofHours(24);
    /** How long a lease runs when its taker names no time. */
    public static final Duration DEFAULT_DURATION = Duration.ofHours(1);
    public static final int MAX_GLOBS = 32;

    private LeaseEvents() {
    }

    /** True for a notification that says something about a lease (well formed or not): a coordination event. */
    public static boolean coordinates(Envelope envelope) {
        return Bookkeeping.isLease(envelope.type().wire(), envelope.metadata());
    }

    /** The metadata of a take. */
    public static Map<String, Object> taken(String holder, String repo, LeaseEvent.Mode mode, List<LeaseGlob> globs,
                                            String expiresAt) {
        Map<String, Object> metadata = common(LeaseEvent.Kind.TAKEN, holder, null);
        metadata.put(REPO, repo);
        metadata.put(MODE, mode.wire());
        metadata.put(PATHS, String.join("\n", globs.stream().map(LeaseGlob::toString).toList()));
        metadata.put(EXPIRES_AT, expiresAt);
        return metadata;
    }

    /** The metadata of a renewal. */
    public static Map<String, Object> renewed(String holder, String leaseId, String expiresAt) {
        Map<String, Object> metadata = common(LeaseEvent.Kind.RENEWED, holder, leaseId);
        metadata.put(EXPIRES_AT, expiresAt);
        return metadata;
    }

    /** The metadata of a release. */
    public static Map<String, Object> released(String holder, String leaseId) {
        return common(LeaseEvent.Kind.RELEASED, holder, leaseId);
    }

    private static Map<String, Object> common(LeaseEvent.Kind kind, String holder, String leaseId) {
        Map<String, Object> metadata = new LinkedHashMap<>();
        metadata.put(EVENT, kind.wire());
        metadata.put(HOLDER, holder);
        if (leaseId != null) {
            metadata.put(ID, leaseId);
        }
        return metadata;
    }

    /** The notification's text, for people whose node does not read leases (built from checked values only). */
    public static String content(LeaseEvent event) {
        return switch (event.kind()) {
            case TAKEN -> "lease: " + event.holder() + " takes " + String.join(" ", event.globs()) + " in "
                    + event.repo() + " (" + event.mode().wire() + ") until " + event.expiresAt();
            case RENEWED -> "lease: " + event.holder() + " renews lease " + event.leaseId() + " until "
                    + event.expiresAt();
            case RELEASED -> "lease: " + event.holder() + " releases lease " + event.leaseId();
        };
    }

    /**
     * Reads a lease message, refusing a malformed one. The time the message says it was first written
     * bounds the expiry ({@code metadata.sent_at} when a retry kept it and it is not after the
     * timestamp, else the timestamp: the same on every copy); the event's {@code at} is that time as
     * the issue board believes it ({@link IssueEvents#writtenAt}).
     */
    public static LeaseEvent parse(Envelope envelope) {
        Map<String, Object> metadata = envelope.metadata();
        if (envelope.type() != MessageType.NOTIFICATION) {
            throw invalid(EVENT, "on a notification only");
        }
        LeaseEvent.Kind kind = LeaseEvent.Kind.fromWire(metadata.get(EVENT))
                .orElseThrow(() -> invalid(EVENT, "taken, renewed or released"));
        Object holder = metadata.get(HOLDER);
        if (!(holder instanceof String about) || !Identifiers.isAgentId(about)) {
            throw invalid(HOLDER, "the agent id of the sender");
        }
        if (!about.equals(envelope.sender().agentId())) {
            throw new SwarmException(ErrorCode.NOT_AUTHORIZED, envelope.sender().agentId() + " sent a lease held by "
                    + about + "; an agent takes, renews and releases only its own leases",
                    Map.of("field", "metadata." + HOLDER));
        }
        Object leaseId = kind == LeaseEvent.Kind.TAKEN ? metadata.getOrDefault(ID, envelope.messageId())
                : metadata.get(ID);
        if (!(leaseId instanceof String id) || !Identifiers.isUuid(id)
                || kind == LeaseEvent.Kind.TAKEN && !id.equals(envelope.messageId())) {
            throw invalid(ID, kind == LeaseEvent.Kind.TAKEN ? "the message's own id on a take"
                    : "the id of the message that took the lease");
        }
        String at = IssueEvents.writtenAt(envelope);
        if (kind == LeaseEvent.Kind.RELEASED) {
            return new LeaseEvent(envelope.messageId(), about, at, kind, id, null, null, List.of(), null, null, at);
        }
        String expiresAt = expiry(metadata, start(envelope));
        if (kind == LeaseEvent.Kind.RENEWED) {
            return new LeaseEvent(envelope.messageId(), about, at, kind, id, null, null, List.of(), expiresAt, null,
                    at);
        }
        Object repo = metadata.get(REPO);
        if (!(repo instanceof String name) || !Identifiers.isRepo(name)) {
            throw invalid(REPO, "a repository as owner/repo");
        }
        LeaseEvent.Mode mode = LeaseEvent.Mode.fromWire(metadata.get(MODE))
                .orElseThrow(() -> invalid(MODE, "exclusive or shared"));
        return new LeaseEvent(envelope.messageId(), about, at, kind, id, name, mode, globs(metadata.get(PATHS)),
                expiresAt, null, at);
    }

    /** The globs of {@code lease_paths}: one per line, each checked, duplicates dropped. */
    static List<String> globs(Object value) {
        if (!(value instanceof String text) || text.isEmpty()) {
            throw invalid(PATHS, "paths or globs, one per line");
        }
        String[] lines = text.split("\n", -1);
        if (lines.length > MAX_GLOBS) {
            throw invalid(PATHS, "at most " + MAX_GLOBS + " paths or globs");
        }
        LinkedHashSet<String> globs = new LinkedHashSet<>();
        for (String line : lines) {
            if (LeaseGlob.check(line).isPresent()) {
                throw invalid(PATHS, "paths or globs relative to the repository's root, one per line, each at most "
                        + LeaseGlob.MAX_CHARS + " characters without control characters, '.' or '..' segments");
            }
            globs.add(LeaseGlob.parse(line).toString());
        }
        return new ArrayList<>(globs);
    }

    /** When a message was first written, as the same on every copy as the envelope allows. */
    static Instant start(Envelope envelope) {
        Object sentAt = envelope.metadata().get(Envelopes.SENT_AT);
        Instant stamped = Timestamps.parse(envelope.timestamp());
        if (sentAt instanceof String text && Timestamps.isValid(text) && !Timestamps.parse(text).isAfter(stamped)) {
            return Timestamps.parse(text);
        }
        return stamped;
    }

    private static String expiry(Map<String, Object> metadata, Instant start) {
        Object value = metadata.get(EXPIRES_AT);
        if (!(value instanceof String text) || !Timestamps.isValid(text)) {
            throw invalid(EXPIRES_AT, "a timestamp such as 2026-01-31T12:00:00.000Z");
        }
        Instant expires = Timestamps.parse(text);
        if (!expires.isAfter(start) || expires.isAfter(start.plus(MAX_DURATION))) {
            throw invalid(EXPIRES_AT, "after the time the message was written and at most "
                    + MAX_DURATION.toHours() + " h after it");
        }
        return text;
    }

    private static SwarmException invalid(String key, String what) {
        return SwarmException.invalidFormat("metadata." + key, "field 'metadata." + key + "' of a lease must be "
                + what);
    }
}
