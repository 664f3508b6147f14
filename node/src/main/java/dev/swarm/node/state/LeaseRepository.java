package dev.swarm.node.state;

import java.util.List;
import org.jdbi.v3.core.Handle;

/** The lease messages this node stored ({@code lease_events}), checked on arrival; see {@code lease.LeaseTable}. */
public final class LeaseRepository {
    private final Handle handle;

    LeaseRepository(Handle handle) {
        this.handle = handle;
    }

    /**
     * One stored lease message: {@code kind} taken, renewed or released; {@code paths} the globs one per
     * line (a take); {@code at} when it says it was written.
     */
    public record Row(String swarmId, String senderId, String messageId, String kind, String leaseId, String repo,
                      String mode, String paths, String expiresAt, String at) {
    }

    /** Records a lease message once (a redelivery changes nothing). */
    public void record(Row row, String storedAt) {
        handle.createUpdate("""
                INSERT INTO lease_events (swarm_id, sender_id, message_id, kind, lease_id, repo, mode, paths,
                    expires_at, at, stored_at)
                VALUES (:swarmId, :senderId, :messageId, :kind, :leaseId, :repo, :mode, :paths, :expiresAt, :at,
                    :storedAt)
                ON CONFLICT DO NOTHING""")
                .bind("swarmId", row.swarmId()).bind("senderId", row.senderId()).bind("messageId", row.messageId())
                .bind("kind", row.kind()).bind("leaseId", row.leaseId()).bind("repo", row.repo())
                .bind("mode", row.mode()).bind("paths", row.paths()).bind("expiresAt", row.expiresAt())
                .bind("at", row.at()).bind("storedAt", storedAt).execute();
    }

    /** Every lease message of a swarm. */
    public List<Row> list(String swarmId) {
        return handle.createQuery("""
                SELECT * FROM lease_events WHERE swarm_id = :swarmId ORDER BY at, sender_id, message_id""")
                .bind("swarmId", swarmId)
                .map((rs, ctx) -> new Row(rs.getString("swarm_id"), rs.getString("sender_id"),
                        rs.getString("message_id"), rs.getString("kind"), rs.getString("lease_id"),
                        rs.getString("repo"), rs.getString("mode"), rs.getString("paths"), rs.getString("expires_at"),
                        rs.getString("at")))
                .list();
    }

    /** Changes whenever a lease message is stored (the presence thread recomputes the agent's leases then). */
    public long count() {
        return handle.createQuery("SELECT count(*) FROM lease_events").mapTo(Long.class).one();
    }
}
