package dev.swarm.node.delivery;

/** What happened to one outbox row in one delivery round. */
public record DeliveryResult(long rowId, String recipientId, String status, String errorCode, String error) {
}
