package dev.swarm.node.coordination;

import dev.swarm.node.protocol.Envelope;
import dev.swarm.node.protocol.Identifiers;
import dev.swarm.node.protocol.MessageType;
import dev.swarm.node.protocol.Timestamps;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The wire form of the master's acknowledgement: an ordinary {@code notification} whose metadata
 * {@code coordination_ack} is {@code {"epoch": <timestamp>, "entries": [{"sender", "message_id",
 * "seq"}, ...]}}. Parsing is all or nothing: one malformed entry makes the whole notification an
 * ordinary one.
 */
public final class Acknowledgements {
    /** The metadata key that marks an acknowledgement. */
    public static final String KEY = "coordination_ack";
    /** At most this many entries in one acknowledgement; a backlog is sent in several. */
    public static final int MAX_ENTRIES = 256;
    private static final long MAX_SEQ = (1L << 53) - 1;

    private Acknowledgements() {
    }

    /** One acknowledged event and the number the master gave it. */
    public record Entry(String sender, String messageId, long seq) {
    }

    /** The entries of one acknowledgement, all of the master's epoch {@code epoch}. */
    public record Ack(String epoch, List<Entry> entries) {
        public Ack {
            entries = List.copyOf(entries);
        }
    }

    /** True when a message carries an acknowledgement, well formed or not (so it never wakes an agent). */
    public static boolean marked(Map<String, ?> metadata) {
        return metadata != null && metadata.containsKey(KEY);
    }

    /** The acknowledgement a notification carries, if it is one and well formed. */
    public static Optional<Ack> parse(Envelope envelope) {
        if (envelope.type() != MessageType.NOTIFICATION || !marked(envelope.metadata())
                || !(envelope.metadata().get(KEY) instanceof Map<?, ?> body)
                || !(body.get("epoch") instanceof String epoch) || !Timestamps.isValid(epoch)
                || !(body.get("entries") instanceof List<?> list) || list.isEmpty() || list.size() > MAX_ENTRIES) {
            return Optional.empty();
        }
        List<Entry> entries = new ArrayList<>(list.size());
        for (Object item : list) {
            Optional<Entry> entry = item instanceof Map<?, ?> fields ? entry(fields) : Optional.empty();
            if (entry.isEmpty()) {
                return Optional.empty();
            }
            entries.add(entry.get());
        }
        return Optional.of(new Ack(epoch, entries));
    }

    private static Optional<Entry> entry(Map<?, ?> fields) {
        if (fields.get("sender") instanceof String sender && Identifiers.isAgentId(sender)
                && !Identifiers.BROADCAST.equals(sender)
                && fields.get("message_id") instanceof String messageId && Identifiers.isUuid(messageId)
                && (fields.get("seq") instanceof Integer || fields.get("seq") instanceof Long)
                && ((Number) fields.get("seq")).longValue() > 0 && ((Number) fields.get("seq")).longValue() <= MAX_SEQ) {
            return Optional.of(new Entry(sender, messageId, ((Number) fields.get("seq")).longValue()));
        }
        return Optional.empty();
    }

    /** The metadata of a notification carrying {@code ack}. */
    public static Map<String, Object> metadata(Ack ack) {
        List<Map<String, Object>> entries = new ArrayList<>();
        for (Entry entry : ack.entries()) {
            Map<String, Object> fields = new LinkedHashMap<>();
            fields.put("sender", entry.sender());
            fields.put("message_id", entry.messageId());
            fields.put("seq", entry.seq());
            entries.add(fields);
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("epoch", ack.epoch());
        body.put("entries", entries);
        return Map.of(KEY, body);
    }

    /** The notification's text, for people whose node does not know acknowledgements. */
    public static String content(Ack ack) {
        return "acknowledged " + ack.entries().size() + (ack.entries().size() == 1 ? " coordination event"
                : " coordination events") + " (master's order)";
    }
}
