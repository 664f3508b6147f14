package dev.swarm.node.delivery;

import dev.swarm.node.state.OutboxRow;
import dev.swarm.node.state.ReceiptRepository;
import java.util.Optional;

/**
 * One delivery as commands and the local API show it, with the recipient's receipts when the
 * message asked for them ({@code surfaced_at}: a wake showed it to the agent; {@code read_at}).
 */
public record OutboxView(long id, String messageId, String swarmId, String recipient, String endpoint, String status,
                         int attempts, String createdAt, String nextAttemptAt, String lastAttemptAt,
                         String deliveredAt, String lastErrorCode, String lastError, String surfacedAt,
                         String readAt) {

    public static OutboxView of(OutboxRow r, Optional<ReceiptRepository.Receipt> receipt) {
        return new OutboxView(r.id(), r.messageId(), r.swarmId(), r.recipientId(), r.targetEndpoint(), r.status(),
                r.attempts(), r.createdAt(), OutboxRow.PENDING.equals(r.status()) ? r.nextAttemptAt() : null,
                r.lastAttemptAt(), r.deliveredAt(), r.lastErrorCode(), r.lastError(),
                receipt.map(ReceiptRepository.Receipt::surfacedAt).orElse(null),
                receipt.map(ReceiptRepository.Receipt::readAt).orElse(null));
    }
}
