package dev.swarm.node.state;

import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.mapper.RowMapper;

/** The {@code pending_joins} table, on the joiner's side. */
public final class PendingJoinRepository {
    private static final RowMapper<PendingJoin> MAPPER = (rs, ctx) -> new PendingJoin(rs.getString("swarm_id"),
            rs.getString("master"), rs.getString("master_endpoint"), rs.getString("invite_token"),
            rs.getString("requested_at"));

    private final Handle handle;

    PendingJoinRepository(Handle handle) {
        this.handle = handle;
    }

    public void upsert(PendingJoin join) {
        handle.createUpdate("""
                INSERT INTO pending_joins (swarm_id, master, master_endpoint, invite_token, requested_at)
                VALUES (:swarmId, :master, :masterEndpoint, :inviteToken, :requestedAt)
                ON CONFLICT (swarm_id) DO UPDATE SET invite_token = excluded.invite_token""")
                .bind("swarmId", join.swarmId()).bind("master", join.master())
                .bind("masterEndpoint", join.masterEndpoint()).bind("inviteToken", join.inviteToken())
                .bind("requestedAt", join.requestedAt())
                .execute();
    }

    public Optional<PendingJoin> find(String swarmId) {
        return handle.createQuery("SELECT * FROM pending_joins WHERE swarm_id = :swarmId").bind("swarmId", swarmId)
                .map(MAPPER).findOne();
    }

    public List<PendingJoin> all() {
        return handle.createQuery("SELECT * FROM pending_joins ORDER BY requested_at").map(MAPPER).list();
    }

    public void delete(String swarmId) {
        handle.createUpdate("DELETE FROM pending_joins WHERE swarm_id = :swarmId").bind("swarmId", swarmId).execute();
    }
}
