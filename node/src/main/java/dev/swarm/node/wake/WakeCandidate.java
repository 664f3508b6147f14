package dev.swarm.node.wake;

import java.util.List;

/**
 * A stored message as the wake logic sees it: who, where, what kind, and whether the sender or swarm
 * is muted. The content is here for keyword and mention rules; it reaches the wake line only when
 * {@code wake_include_content} is on.
 */
public record WakeCandidate(String messageId, String swarmId, String swarmName, String senderId, boolean direct,
                            String type, String priority, String content, List<String> issues,
                            boolean senderMuted, boolean swarmMuted, boolean isReceipt, boolean receiptRequested) {
    public WakeCandidate {
        issues = List.copyOf(issues);
    }
}
