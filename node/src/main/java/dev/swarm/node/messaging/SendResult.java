package dev.swarm.node.messaging;

import dev.swarm.node.delivery.DeliveryResult;
import java.util.List;

/**
 * The outcome of a send, in the Python implementation's shape ({@code status, message_id, swarm_id,
 * recipient}) plus each delivery, and the role a role-addressed message went to ({@code to_role}). {@code status}: {@code sent} (every recipient stored it),
 * {@code queued} (some will be retried) or {@code partial} (some refused it). When every recipient
 * refuses, the send fails with an exception instead (see MessageService).
 */
public record SendResult(String status, String messageId, String swarmId, String recipient,
                         List<Delivery> deliveries, String toRole) {

    /** The outcome of a message to an agent or to everyone (not to a role). */
    public SendResult(String status, String messageId, String swarmId, String recipient, List<Delivery> deliveries) {
        this(status, messageId, swarmId, recipient, deliveries, null);
    }

    /** One recipient's outcome. */
    public record Delivery(String agentId, String status, String errorCode, String error) {
        static Delivery of(DeliveryResult result) {
            return new Delivery(result.recipientId(), result.status(), result.errorCode(), result.error());
        }
    }
}
