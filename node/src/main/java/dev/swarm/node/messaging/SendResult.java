package dev.swarm.node.messaging;

import dev.swarm.node.delivery.DeliveryResult;
import java.util.List;

/**
 * The outcome of a send, in the Python implementation's shape ({@code status, message_id, swarm_id,
 * recipient}) plus each delivery. {@code status}: {@code sent} (every recipient stored it),
 * {@code queued} (some will be retried) or {@code partial} (some refused it). When every recipient
 * refuses, the send fails with an exception instead (see MessageService).
 */
public record SendResult(String status, String messageId, String swarmId, String recipient,
                         List<Delivery> deliveries) {

    /** One recipient's outcome. */
    public record Delivery(String agentId, String status, String errorCode, String error) {
        static Delivery of(DeliveryResult result) {
            return new Delivery(result.recipientId(), result.status(), result.errorCode(), result.error());
        }
    }
}
