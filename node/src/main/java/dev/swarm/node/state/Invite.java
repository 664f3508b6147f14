package dev.swarm.node.state;

/** An invite token this node issued as master: its limits and how often it was used. */
public record Invite(String inviteId, String swarmId, String tokenSha256, String createdAt, String expiresAt,
                     Integer maxUses, int uses, String revokedAt) {
    public boolean isExhausted() {
        return maxUses != null && uses >= maxUses;
    }
}
