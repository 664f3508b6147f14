package dev.swarm.node.state;

import java.util.List;

/** One wake attempt: when, how, for which messages, and how it ended (typed, deferred, suppressed, failed, skipped). */
public record WakeLogEntry(long id, String at, String method, String target, String level, String outcome,
                           String reason, List<String> messageIds, List<String> senders, String line) {
    public WakeLogEntry {
        messageIds = List.copyOf(messageIds);
        senders = List.copyOf(senders);
    }
}
