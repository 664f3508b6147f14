package dev.swarm.node.state;

import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Handle;

/**
 * The {@code removed_members} table: agents the master kicked from a swarm, kept out until the master
 * lets them back in ({@code swarm readmit}). Looked up by agent id and by key, so neither a new key
 * under the old id nor the old key under a new id gets back in.
 */
public final class RemovedMemberRepository {
    private final Handle handle;

    RemovedMemberRepository(Handle handle) {
        this.handle = handle;
    }

    /** A removed agent: its id, the key it had (null when unknown here), why, and when. */
    public record Removed(String swarmId, String agentId, String publicKey, String reason, String removedAt) {
    }

    public void record(Removed removed) {
        handle.createUpdate("""
                INSERT INTO removed_members (swarm_id, agent_id, public_key, reason, removed_at)
                VALUES (:swarmId, :agentId, :publicKey, :reason, :removedAt)
                ON CONFLICT (swarm_id, agent_id) DO UPDATE SET public_key = coalesce(excluded.public_key,
                    public_key), reason = excluded.reason, removed_at = excluded.removed_at""")
                .bindMethods(removed).execute();
    }

    /** The removal that keeps this agent id or this key out of the swarm, if any. */
    public Optional<Removed> find(String swarmId, String agentId, String publicKey) {
        return handle.createQuery("""
                SELECT * FROM removed_members WHERE swarm_id = :swarmId
                AND (agent_id = :agentId OR public_key = :publicKey) ORDER BY removed_at LIMIT 1""")
                .bind("swarmId", swarmId).bind("agentId", agentId).bind("publicKey", publicKey)
                .map((rs, ctx) -> new Removed(rs.getString("swarm_id"), rs.getString("agent_id"),
                        rs.getString("public_key"), rs.getString("reason"), rs.getString("removed_at")))
                .findOne();
    }

    public List<Removed> list(String swarmId) {
        return handle.createQuery("SELECT * FROM removed_members WHERE swarm_id = :swarmId ORDER BY removed_at")
                .bind("swarmId", swarmId)
                .map((rs, ctx) -> new Removed(rs.getString("swarm_id"), rs.getString("agent_id"),
                        rs.getString("public_key"), rs.getString("reason"), rs.getString("removed_at")))
                .list();
    }

    /** Lets the agent back in; true when it had been removed. */
    public boolean forget(String swarmId, String agentId) {
        return handle.createUpdate("DELETE FROM removed_members WHERE swarm_id = :swarmId AND agent_id = :agentId")
                .bind("swarmId", swarmId).bind("agentId", agentId).execute() > 0;
    }
}
