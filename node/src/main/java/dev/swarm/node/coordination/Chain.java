package dev.swarm.node.coordination;

import com.fasterxml.jackson.databind.JsonNode;
import dev.swarm.node.error.SwarmException;
import dev.swarm.node.protocol.Identifiers;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The causal chain a message carries in its metadata: {@code chain_origin}, the id of the message
 * that began the exchange, and {@code chain_hop}, how many replies lie between that message (hop 0)
 * and this one. Our nodes set both on every reply; the full-envelope signature covers them, so a
 * relay cannot change them, but the sender itself can claim anything, which is why the guard also
 * counts what it knows itself (see {@link LoopGuard}).
 */
public record Chain(String origin, int hop) {
    public static final String ORIGIN = "chain_origin";
    public static final String HOP = "chain_hop";
    /** Hop counts are capped here (a larger claim is read as this deep), so adding one never overflows. */
    public static final int MAX_HOP = 1_000_000;

    public Chain {
        if (!Identifiers.isUuid(origin) || hop < 0 || hop > MAX_HOP) {
            throw new IllegalArgumentException("not a chain: " + origin + " " + hop);
        }
    }

    /** The chain of a message that begins one. */
    public static Chain startingAt(String messageId) {
        return new Chain(messageId, 0);
    }

    /** The chain of a reply to a message of this chain. */
    public Chain next() {
        return new Chain(origin, Math.min(MAX_HOP, hop + 1));
    }

    /** The two metadata keys. */
    public Map<String, Object> metadata() {
        Map<String, Object> metadata = new LinkedHashMap<>();
        metadata.put(ORIGIN, origin);
        metadata.put(HOP, hop);
        return metadata;
    }

    /**
     * The chain a received message claims: empty when it names none (both keys absent or null).
     * Refused with {@code INVALID_FORMAT}, naming the field: one key without the other, an origin that
     * is not a message id, a hop count that is not a whole number or is negative. A hop count beyond
     * {@link #MAX_HOP} is read as {@link #MAX_HOP}: deep, so held, but not an error.
     */
    public static Optional<Chain> claimed(Map<String, Object> metadata) {
        Object origin = metadata == null ? null : metadata.get(ORIGIN);
        Object hop = metadata == null ? null : metadata.get(HOP);
        if (origin == null && hop == null) {
            return Optional.empty();
        }
        if (!(origin instanceof String text) || !Identifiers.isUuid(text)) {
            throw SwarmException.invalidFormat("metadata." + ORIGIN, "field 'metadata." + ORIGIN
                    + "' must be the message id (a lowercase UUID) that began the chain, given with metadata." + HOP);
        }
        if (!(hop instanceof Long || hop instanceof Integer) || ((Number) hop).longValue() < 0) {
            throw SwarmException.invalidFormat("metadata." + HOP, "field 'metadata." + HOP
                    + "' must be a whole number of replies, 0 or more, given with metadata." + ORIGIN);
        }
        return Optional.of(new Chain(text, (int) Math.min(MAX_HOP, ((Number) hop).longValue())));
    }

    /** The chain in one of our own stored envelopes' metadata, if it has a well-formed one. */
    static Optional<Chain> stored(JsonNode metadata) {
        if (metadata == null || !metadata.path(ORIGIN).isTextual() || !metadata.path(HOP).canConvertToLong()
                || !metadata.path(HOP).isIntegralNumber()) {
            return Optional.empty();
        }
        String origin = metadata.path(ORIGIN).textValue();
        long hop = metadata.path(HOP).longValue();
        return Identifiers.isUuid(origin) && hop >= 0 ? Optional.of(new Chain(origin, (int) Math.min(MAX_HOP, hop)))
                : Optional.empty();
    }
}
