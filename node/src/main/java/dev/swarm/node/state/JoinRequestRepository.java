package dev.swarm.node.state;

import dev.swarm.node.protocol.Json;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.mapper.RowMapper;

/** The {@code join_requests} table: joins waiting for the master's decision. */
public final class JoinRequestRepository {
    private static final RowMapper<JoinRequestRecord> MAPPER = (rs, ctx) -> new JoinRequestRecord(
            rs.getString("swarm_id"), rs.getString("agent_id"), rs.getString("endpoint"), rs.getString("public_key"),
            rs.getString("invite_id"), rs.getString("status"), rs.getString("requested_at"),
            rs.getString("decided_at"), MemberRepository.capabilities(rs.getString("capabilities")));

    private final Handle handle;

    JoinRequestRepository(Handle handle) {
        this.handle = handle;
    }

    /** Records a waiting request; an earlier decided one (an approved member who left since) is replaced. */
    public void insert(JoinRequestRecord request) {
        handle.createUpdate("""
                INSERT INTO join_requests (swarm_id, agent_id, endpoint, public_key, invite_id, status, requested_at,
                    capabilities)
                VALUES (:swarmId, :agentId, :endpoint, :publicKey, :inviteId, 'pending', :requestedAt, :capabilities)
                ON CONFLICT (swarm_id, agent_id) DO UPDATE SET endpoint = excluded.endpoint,
                    public_key = excluded.public_key, invite_id = excluded.invite_id, status = 'pending',
                    requested_at = excluded.requested_at, decided_at = NULL, capabilities = excluded.capabilities""")
                .bind("swarmId", request.swarmId()).bind("agentId", request.agentId())
                .bind("endpoint", request.endpoint()).bind("publicKey", request.publicKey())
                .bind("inviteId", request.inviteId()).bind("requestedAt", request.requestedAt())
                .bind("capabilities", Json.toText(request.capabilities()))
                .execute();
    }

    public Optional<JoinRequestRecord> find(String swarmId, String agentId) {
        return handle.createQuery("SELECT * FROM join_requests WHERE swarm_id = :swarmId AND agent_id = :agentId")
                .bind("swarmId", swarmId).bind("agentId", agentId).map(MAPPER).findOne();
    }

    /** Requests of one swarm, or of every swarm when {@code swarmId} is null, in {@code status}. */
    /** The agent whose request, still waiting for approval, joins with this public key, if any. */
    public Optional<String> waitingWithKey(String swarmId, String publicKey) {
        return handle.createQuery("SELECT agent_id FROM join_requests WHERE swarm_id = :swarmId"
                        + " AND public_key = :key AND status = 'pending' LIMIT 1")
                .bind("swarmId", swarmId).bind("key", publicKey).mapTo(String.class).findOne();
    }

    public List<JoinRequestRecord> list(String swarmId, String status) {
        var query = handle.createQuery("SELECT * FROM join_requests WHERE status = :status"
                + (swarmId == null ? "" : " AND swarm_id = :swarmId") + " ORDER BY requested_at")
                .bind("status", status);
        if (swarmId != null) {
            query.bind("swarmId", swarmId);
        }
        return query.map(MAPPER).list();
    }

    /** Decides a pending request; false when there was no pending request to decide. */
    public boolean decide(String swarmId, String agentId, String status, String at) {
        return handle.createUpdate("""
                UPDATE join_requests SET status = :status, decided_at = :at
                WHERE swarm_id = :swarmId AND agent_id = :agentId AND status = 'pending'""")
                .bind("status", status).bind("at", at).bind("swarmId", swarmId).bind("agentId", agentId)
                .execute() == 1;
    }
}
