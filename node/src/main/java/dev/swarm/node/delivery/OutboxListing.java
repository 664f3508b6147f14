package dev.swarm.node.delivery;

import java.util.List;
import java.util.Map;

/** {@code swarm outbox --json} and {@code GET /api/outbox}: rows, counts per status, the oldest pending age. */
public record OutboxListing(String swarmId, int count, Map<String, Integer> summary, Long oldestPendingSeconds,
                            List<OutboxView> rows) {
}
