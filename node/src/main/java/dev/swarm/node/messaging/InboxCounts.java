package dev.swarm.node.messaging;

import dev.swarm.node.state.InboxStatus;
import java.util.Map;

/** Messages per status ({@code swarm messages --count}, {@code GET /api/inbox/count}); the Python shape. */
public record InboxCounts(String swarmId, int unread, int read,
                          int archived, int deleted, int total) {

    public static InboxCounts of(String swarmId, Map<InboxStatus, Integer> counts) {
        int unread = counts.getOrDefault(InboxStatus.UNREAD, 0);
        int read = counts.getOrDefault(InboxStatus.READ, 0);
        int archived = counts.getOrDefault(InboxStatus.ARCHIVED, 0);
        int deleted = counts.getOrDefault(InboxStatus.DELETED, 0);
        return new InboxCounts(swarmId, unread, read, archived, deleted, unread + read + archived + deleted);
    }
}
