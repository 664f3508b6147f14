package dev.swarm.node.messaging;

import java.util.List;

/** A page of the inbox ({@code swarm messages --json}, {@code GET /api/inbox}). */
public record InboxListing(String swarmId, int count, List<MessageView> messages) {
    public static InboxListing of(String swarmId, List<MessageView> messages) {
        return new InboxListing(swarmId, messages.size(), List.copyOf(messages));
    }
}
