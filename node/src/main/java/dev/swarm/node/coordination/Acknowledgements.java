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
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The wire form of the master's acknowledgement: an ordinary {@code notification} whose metadata
 * (flat, as the envelope requires) carries {@code coordination_epoch}, the master's epoch (a protocol
 * timestamp), and {@code coordination_ack}, the acknowledged events as {@code seq:sender:message_id}
 * separated by single spaces (an agent id holds neither). Parsing is all or nothing: one malformed
 * entry makes the whole notification an ordinary one.
 */
public final class Acknowledgements {
    /** The metadata key that marks an acknowledgement: its entries. */
    public static final String KEY = "coordination_ack";
    /** The metadata key of the master's epoch. */
    public static final String EPOCH = "coordination_epoch";
    /** At most this many entries in one acknowledgement; a backlog is sent in several. */
    public static final int MAX_ENTRIES = 256;
    /** One entry: a sequence number of 1 to 15 digits (below 2^53, exact in every JSON reader), sender, message id. */
    private static final Pattern ENTRY = Pattern.compile("([1-9][0-9]{0,14}):([^: ]+):([^: ]+)");

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
        Map<String, Object> metadata = envelope.metadata();
        if (envelope.type() != MessageType.NOTIFICATION || !marked(metadata)
                || !(metadata.get(EPOCH) instanceof String epoch) || !Timestamps.isValid(epoch)
                || !(metadata.get(KEY) instanceof String list) || list.isEmpty()) {
            return Optional.empty();
        }
        String[] items = list.split(" ", -1);
        if (items.length > MAX_ENTRIES) {
            return Optional.empty();
        }
        List<Entry> entries = new ArrayList<>(items.length);
        for (String item : items) {
            Optional<Entry> entry = entry(item);
            if (entry.isEmpty()) {
                return Optional.empty();
            }
            entries.add(entry.get());
        }
        return Optional.of(new Ack(epoch, entries));
    }

    private static Optional<Entry> entry(String item) {
        Matcher matcher = ENTRY.matcher(item);
        if (!matcher.matches()) {
            return Optional.empty();
        }
        long seq = Long.parseLong(matcher.group(1));
        String sender = matcher.group(2);
        String messageId = matcher.group(3);
        if (!Identifiers.isAgentId(sender) || Identifiers.BROADCAST.equals(sender)
                || !Identifiers.isUuid(messageId)) {
            return Optional.empty();
        }
        return Optional.of(new Entry(sender, messageId, seq));
    }

    /** The metadata of a notification carrying {@code ack}. */
    public static Map<String, Object> metadata(Ack ack) {
        Map<String, Object> metadata = new LinkedHashMap<>();
        metadata.put(EPOCH, ack.epoch());
        metadata.put(KEY, ack.entries().stream().map(e -> e.seq() + ":" + e.sender() + ":" + e.messageId())
                .collect(Collectors.joining(" ")));
        return metadata;
    }

    /** The notification's text, for people whose node does not read acknowledgements. */
    public static String content(Ack ack) {
        return "acknowledged " + ack.entries().size() + (ack.entries().size() == 1 ? " coordination event"
                : " coordination events") + " (the master's order)";
    }
}
