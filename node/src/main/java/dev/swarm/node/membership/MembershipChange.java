package dev.swarm.node.membership;

import dev.swarm.node.messaging.SendResult;
import java.util.List;

/**
 * What {@code swarm leave}, {@code kick} and {@code dissolve} did: the new state ({@code left},
 * {@code kicked}, {@code dissolved}), the swarm, the agent concerned (ourselves for leave and dissolve,
 * the kicked member for kick), the reason if one was given, and the delivery of the announcement to
 * each member. The local change is made whatever the deliveries' outcome; undelivered announcements
 * stay in the outbox and are retried.
 */
public record MembershipChange(String status, String swarmId, String agentId, String reason,
                               List<SendResult.Delivery> deliveries) {
}
