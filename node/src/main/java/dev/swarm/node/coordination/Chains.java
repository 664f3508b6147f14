package dev.swarm.node.coordination;

import com.fasterxml.jackson.databind.JsonNode;
import dev.swarm.node.protocol.Json;
import dev.swarm.node.state.Store;
import java.util.Optional;

/**
 * Works out chains from what this node knows: the chain of a message it received (recorded when it
 * was stored) or sent (in its stored envelope), or the start of a chain for a message that began one.
 */
final class Chains {
    private Chains() {
    }

    /**
     * The chain of a message of this swarm, as far as this node knows it: recorded for a reply it
     * received; hop 0 for a message it received that answered nothing; what its own envelope says for
     * a message it sent. Empty for a message it never saw.
     */
    static Optional<Chain> known(Store store, String swarmId, String messageId) {
        Optional<Chain> recorded = store.loopGuard().chainOf(swarmId, messageId)
                .map(row -> new Chain(row.origin(), row.hop()));
        if (recorded.isPresent()) {
            return recorded;
        }
        if (!store.inbox().findByMessageId(messageId, swarmId, null).isEmpty()) {
            return Optional.of(Chain.startingAt(messageId));
        }
        return store.loopGuard().sentEnvelope(swarmId, messageId).map(envelope -> {
            JsonNode metadata = Json.readTree(envelope).get("metadata");
            return Chain.stored(metadata).orElse(Chain.startingAt(messageId));
        });
    }

    /** The chain of a reply this node sends to {@code inReplyTo}: one deeper than what it answers. */
    static Chain forReply(Store store, String swarmId, String inReplyTo) {
        return known(store, swarmId, inReplyTo).map(Chain::next).orElse(new Chain(inReplyTo, 1));
    }

    /**
     * The chain of a received message: the deeper of what the sender claims and what this node knows
     * (one deeper than the message it answers, when this node has that message), so a sender that
     * resets its count cannot make a chain that passed through this node look shallow. The origin this
     * node knows wins over a claimed one.
     */
    static Chain effective(Store store, String swarmId, String inReplyTo, Optional<Chain> claimed) {
        Optional<Chain> parent = inReplyTo == null ? Optional.empty() : known(store, swarmId, inReplyTo);
        if (inReplyTo == null) {
            return claimed.orElseThrow();
        }
        Chain derived = parent.map(Chain::next).orElse(new Chain(inReplyTo, 1));
        if (claimed.isEmpty()) {
            return derived;
        }
        String origin = parent.isPresent() ? derived.origin() : claimed.get().origin();
        return new Chain(origin, Math.max(derived.hop(), claimed.get().hop()));
    }
}
