package dev.swarm.node.messaging;

import dev.swarm.node.protocol.Envelope;
import dev.swarm.node.protocol.Identifiers;
import dev.swarm.node.protocol.MessageType;
import dev.swarm.node.state.MessageKey;
import java.util.Set;

/**
 * The sender's side of receipts: a {@code notification} naming one of our messages in
 * {@code receipt_for} is recorded, but only when it comes from an agent we actually sent that message
 * to in the swarm it came in (an outbox row says so); anything else is an ordinary notification. A
 * recorded receipt is marked
 * read at once: it is for {@code swarm sent}, not for the inbox.
 */
public final class ReceiptRules {
    private static final Set<String> KINDS = Set.of(Receipts.SURFACED, Receipts.READ);

    private ReceiptRules() {
    }

    public static StateChange change(Envelope envelope) {
        if (envelope.type() != MessageType.NOTIFICATION || envelope.metadata() == null) {
            return StateChange.NONE;
        }
        Object forMessage = envelope.metadata().get(Receipts.RECEIPT_FOR);
        Object kind = envelope.metadata().get(Receipts.KIND);
        if (!(forMessage instanceof String messageId) || !Identifiers.isUuid(messageId) || !KINDS.contains(kind)) {
            return StateChange.NONE;
        }
        String from = envelope.sender().agentId();
        return store -> {
            // our message ids are unique to this node, but the receipt must come from its swarm and its recipient
            boolean ours = store.outbox().byMessage(messageId).stream().anyMatch(row -> row.recipientId().equals(from)
                    && row.swarmId().equals(envelope.swarmId()));
            if (ours) {
                store.receipts().record(messageId, from, (String) kind, envelope.timestamp());
                store.inbox().markRead(new MessageKey(envelope.swarmId(), from, envelope.messageId()),
                        envelope.timestamp());
            }
        };
    }
}
