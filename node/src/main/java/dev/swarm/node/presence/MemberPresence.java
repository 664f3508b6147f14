package dev.swarm.node.presence;

import java.util.List;

/**
 * One member as {@code swarm who} shows it. {@code state} is idle, working, away (announced so, or
 * nothing heard for twice the heartbeat and a minute) or unknown (it never announced presence: an
 * older node). {@code reachable} comes from the latest delivery to it (null: nothing was sent yet);
 * {@code last_seen} is the latest message of any kind from it; {@code last_active} the latest sign of
 * its agent at work (a hook signal its node announced, or a message it sent). {@code leases} lists the
 * paths it holds under active file leases, {@code owner/repo:glob}. A member holding claims or leases
 * and silent since {@code silent_since} for longer than {@code stuck_after} is {@code stuck}.
 */
public record MemberPresence(String agentId, boolean you, boolean master, String state, String stateSince,
                             String lastSeen, String lastActive, Boolean reachable, String lastDeliveryAt,
                             String deliveryErrorCode, String client, List<String> roles, List<String> claims,
                             List<String> leases, boolean stuck, String silentSince) {
    public MemberPresence {
        roles = List.copyOf(roles);
        claims = List.copyOf(claims);
        leases = List.copyOf(leases);
    }
}
