package dev.swarm.node.state;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.mapper.RowMapper;

/** The {@code outbox} table: one row per message and recipient, with delivery attempts and outcome. */
public final class OutboxRepository {
    private static final RowMapper<OutboxRow> MAPPER = (rs, ctx) -> new OutboxRow(rs.getLong("id"),
            rs.getString("message_id"), rs.getString("swarm_id"), rs.getString("recipient_id"),
            rs.getString("target_endpoint"), rs.getString("envelope"), rs.getString("status"), rs.getInt("attempts"),
            rs.getString("created_at"), rs.getString("next_attempt_at"), rs.getString("last_attempt_at"),
            rs.getString("delivered_at"), rs.getString("last_error_code"), rs.getString("last_error"));

    private final Handle handle;

    OutboxRepository(Handle handle) {
        this.handle = handle;
    }

    /** A row to add: the message, the member it goes to, and the envelope exactly as it will be sent. */
    public record NewRow(String messageId, String swarmId, String recipientId, String targetEndpoint,
                         String envelope, String createdAt) {
    }

    /** Adds the rows and returns their ids, in order. */
    public List<Long> insert(List<NewRow> rows) {
        List<Long> ids = new ArrayList<>(rows.size());
        for (NewRow row : rows) {
            ids.add(handle.createQuery("""
                    INSERT INTO outbox (message_id, swarm_id, recipient_id, target_endpoint, envelope, status,
                        created_at, next_attempt_at)
                    VALUES (:messageId, :swarmId, :recipientId, :targetEndpoint, :envelope, 'pending', :createdAt,
                        :createdAt)
                    RETURNING id""")
                    .bind("messageId", row.messageId()).bind("swarmId", row.swarmId())
                    .bind("recipientId", row.recipientId()).bind("targetEndpoint", row.targetEndpoint())
                    .bind("envelope", row.envelope()).bind("createdAt", row.createdAt())
                    .mapTo(Long.class).one());
        }
        return ids;
    }

    /**
     * Claims the given pending rows for {@code owner} until {@code until}, unless another owner holds
     * an unexpired claim; returns the rows this owner now holds. Claiming is what keeps the CLI and a
     * daemon from delivering the same row twice.
     */
    public List<OutboxRow> claim(Collection<Long> ids, String owner, String now, String until) {
        if (ids.isEmpty()) {
            return List.of();
        }
        handle.createUpdate("""
                UPDATE outbox SET claimed_by = :owner, claimed_until = :until
                WHERE id IN (<ids>) AND status = 'pending'
                  AND (claimed_by IS NULL OR claimed_until < :now OR claimed_by = :owner)""")
                .bind("owner", owner).bind("until", until).bind("now", now).bindList("ids", List.copyOf(ids))
                .execute();
        return handle.createQuery("SELECT * FROM outbox WHERE id IN (<ids>) AND claimed_by = :owner ORDER BY id")
                .bindList("ids", List.copyOf(ids)).bind("owner", owner).map(MAPPER).list();
    }

    public void markDelivered(long id, String at) {
        handle.createUpdate("""
                UPDATE outbox SET status = 'delivered', attempts = attempts + 1, last_attempt_at = :at,
                    delivered_at = :at, last_error_code = NULL, last_error = NULL, claimed_by = NULL,
                    claimed_until = NULL
                WHERE id = :id""")
                .bind("at", at).bind("id", id).execute();
    }

    /** Records a failed attempt: {@code status} is pending (retry at {@code nextAttemptAt}), failed or dead. */
    public void markAttemptFailed(long id, String status, String at, String nextAttemptAt, String errorCode,
                                  String error) {
        handle.createUpdate("""
                UPDATE outbox SET status = :status, attempts = attempts + 1, last_attempt_at = :at,
                    next_attempt_at = :next, last_error_code = :code, last_error = :error, claimed_by = NULL,
                    claimed_until = NULL
                WHERE id = :id""")
                .bind("status", status).bind("at", at).bind("next", nextAttemptAt).bind("code", errorCode)
                .bind("error", error).bind("id", id).execute();
    }

    /** Rows per status: pending, delivered, failed and dead, zero where there are none. */
    public Map<String, Integer> counts() {
        Map<String, Integer> counts = new LinkedHashMap<>();
        for (String status : List.of(OutboxRow.PENDING, OutboxRow.DELIVERED, OutboxRow.FAILED, OutboxRow.DEAD)) {
            counts.put(status, 0);
        }
        handle.createQuery("SELECT status, count(*) AS n FROM outbox GROUP BY status")
                .map((rs, ctx) -> Map.entry(rs.getString("status"), rs.getInt("n")))
                .forEach(entry -> counts.put(entry.getKey(), entry.getValue()));
        return counts;
    }

    public Optional<OutboxRow> find(long id) {
        return handle.createQuery("SELECT * FROM outbox WHERE id = :id").bind("id", id).map(MAPPER).findOne();
    }

    public List<OutboxRow> byMessage(String messageId) {
        return handle.createQuery("SELECT * FROM outbox WHERE message_id = :messageId ORDER BY id")
                .bind("messageId", messageId).map(MAPPER).list();
    }

    /** The newest {@code limit} rows (of one swarm, or all when null), oldest first. */
    public List<OutboxRow> list(String swarmId, int limit) {
        var query = handle.createQuery("SELECT * FROM (SELECT * FROM outbox"
                + (swarmId == null ? "" : " WHERE swarm_id = :swarmId") + " ORDER BY id DESC LIMIT :limit) ORDER BY id")
                .bind("limit", limit);
        if (swarmId != null) {
            query.bind("swarmId", swarmId);
        }
        return query.map(MAPPER).list();
    }
}
