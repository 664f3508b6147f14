package dev.swarm.node.wake;

import dev.swarm.node.coordination.Acknowledgements;
import dev.swarm.node.messaging.Addressing;
import dev.swarm.node.messaging.MessageView;
import dev.swarm.node.messaging.Receipts;
import java.util.List;

/**
 * A stored message as the wake logic sees it: who, where, what kind, and whether the sender or swarm
 * is muted. {@code isReceipt} marks bookkeeping that never wakes anyone: a delivery receipt, or the
 * master's ordering acknowledgement. The content is here for keyword and mention rules; it reaches
 * the wake line only when {@code wake_include_content} is on. The priority is the sender's only when
 * its signature covers it (the full-envelope signature); from a sender that signs only with the legacy
 * recipe, which leaves priority out, anyone relaying the message could have raised it, so it counts as
 * normal.
 */
public record WakeCandidate(String messageId, String swarmId, String swarmName, String senderId, boolean direct,
                            String type, String priority, String content, List<String> issues,
                            boolean senderMuted, boolean swarmMuted, boolean isReceipt, boolean receiptRequested) {
    public WakeCandidate {
        issues = List.copyOf(issues);
    }

    /** A stored message as the inbox shows it, for judging it again later (the hooks do). */
    public static WakeCandidate of(MessageView m, String swarmName) {
        boolean receipt = m.metadata() != null && (m.metadata().hasNonNull(Receipts.RECEIPT_FOR)
                || m.metadata().has(Acknowledgements.KEY));
        boolean requested = m.metadata() != null && m.metadata().path(Receipts.REQUESTED).asBoolean(false);
        boolean toRole = m.metadata() != null && m.metadata().hasNonNull(Addressing.TO_ROLE);
        return new WakeCandidate(m.messageId(), m.swarmId(), swarmName, m.sender().agentId(),
                !"broadcast".equals(m.recipient()) || toRole, m.type(),
                m.priority() == null || !m.prioritySigned() ? "normal" : m.priority(),
                m.content(), List.of(), m.muted(), false, receipt, requested);
    }
}
