package dev.swarm.node.state;

import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Handle;

/**
 * Read-only views for the dashboard, the metrics and {@code swarm doctor}. Every query is bounded by
 * an index or the primary key (a newest-first scan with a limit, a range above a mark), so looking
 * costs the same however large the inbox and the outbox grow.
 */
public final class ObserveQueries {
    private final Handle handle;

    ObserveQueries(Handle handle) {
        this.handle = handle;
    }

    /** A received message as the dashboard lists it. */
    public record RecentMessage(long id, String swarmId, String messageId, String senderId, String type,
                                String content, String priority, String sentAt, String receivedAt, String status) {
    }

    /** The newest {@code limit} messages of a swarm that are not deleted, newest first. */
    public List<RecentMessage> recentMessages(String swarmId, int limit) {
        return handle.createQuery("""
                SELECT id, swarm_id, message_id, sender_id, type, content, priority, sent_at, received_at, status
                FROM inbox WHERE swarm_id = :swarmId AND status <> 'deleted' ORDER BY id DESC LIMIT :limit""")
                .bind("swarmId", swarmId).bind("limit", limit)
                .map((rs, ctx) -> new RecentMessage(rs.getLong("id"), rs.getString("swarm_id"),
                        rs.getString("message_id"), rs.getString("sender_id"), rs.getString("type"),
                        rs.getString("content"), rs.getString("priority"), rs.getString("sent_at"),
                        rs.getString("received_at"), rs.getString("status")))
                .list();
    }

    /** The newest message from one sender in one swarm: when it arrived, and the row id. */
    public record LastReceived(String swarmId, String senderId, String receivedAt, long topId) {
    }

    /**
     * For each sender, the newest message received after row {@code afterId}: one pass over the rows
     * added since, so a caller that keeps the marks reads each row once.
     */
    public List<LastReceived> lastReceivedAfter(long afterId) {
        return handle.createQuery("""
                SELECT swarm_id, sender_id, max(received_at) AS at, max(id) AS top FROM inbox
                WHERE id > :after GROUP BY swarm_id, sender_id""")
                .bind("after", afterId)
                .map((rs, ctx) -> new LastReceived(rs.getString("swarm_id"), rs.getString("sender_id"),
                        rs.getString("at"), rs.getLong("top")))
                .list();
    }

    /** When the newest delivered row to {@code endpoint} was delivered (through the outbox's peer index). */
    public Optional<String> lastDelivered(String endpoint) {
        return handle.createQuery("""
                SELECT delivered_at FROM outbox WHERE target_endpoint = :endpoint AND status = 'delivered'
                ORDER BY id DESC LIMIT 1""")
                .bind("endpoint", endpoint).mapTo(String.class).findOne();
    }

    /**
     * A peer with undelivered rows: how many are pending, and its lane's head (the oldest pending row,
     * which every attempt tries first): since when it waits, and its last failed attempt's time, code
     * and error (null when it was not tried yet).
     */
    public record Backlog(String endpoint, int pending, String oldestQueuedAt, String lastAttemptAt,
                          String nextAttemptAt, String lastErrorCode, String lastError) {
        public boolean failing() {
            return lastAttemptAt != null;
        }
    }

    public Optional<Backlog> backlog(String endpoint) {
        int pending = handle.createQuery("""
                SELECT count(*) FROM outbox WHERE target_endpoint = :endpoint AND status = 'pending'""")
                .bind("endpoint", endpoint).mapTo(Integer.class).one();
        if (pending == 0) {
            return Optional.empty();
        }
        return handle.createQuery("""
                SELECT coalesce(requeued_at, created_at) AS queued, last_attempt_at, next_attempt_at, last_error_code,
                    last_error
                FROM outbox WHERE target_endpoint = :endpoint AND status = 'pending' ORDER BY id LIMIT 1""")
                .bind("endpoint", endpoint)
                .map((rs, ctx) -> new Backlog(endpoint, pending, rs.getString("queued"), rs.getString("last_attempt_at"),
                        rs.getString("next_attempt_at"), rs.getString("last_error_code"), rs.getString("last_error")))
                .findOne();
    }

    /** Wake log rows after {@code afterId}, counted per outcome. */
    public record WakeTally(String outcome, long count, long topId) {
    }

    public List<WakeTally> wakesAfter(long afterId) {
        return handle.createQuery("""
                SELECT outcome, count(*) AS n, max(id) AS top FROM wake_log WHERE id > :after GROUP BY outcome""")
                .bind("after", afterId)
                .map((rs, ctx) -> new WakeTally(rs.getString("outcome"), rs.getLong("n"), rs.getLong("top")))
                .list();
    }

    /** The newest wake log row's id (0 when empty). */
    public long lastWakeId() {
        return handle.createQuery("SELECT coalesce(max(id), 0) FROM wake_log").mapTo(Long.class).one();
    }

    /** How many peers have a pending row that was tried and did not get through (backed off). */
    public int failingPeers() {
        return handle.createQuery("""
                SELECT count(DISTINCT target_endpoint) FROM outbox WHERE status = 'pending' AND last_attempt_at IS NOT NULL""")
                .mapTo(Integer.class).one();
    }

    /** The newest finished delivery to a peer: delivered, failed (refused) or dead, with its error. */
    public record Outcome(String status, String at, String errorCode, String error) {
    }

    public Optional<Outcome> lastOutcome(String endpoint) {
        return handle.createQuery("""
                SELECT status, coalesce(delivered_at, last_attempt_at) AS at, last_error_code, last_error FROM outbox
                WHERE target_endpoint = :endpoint AND status IN ('delivered', 'failed', 'dead') ORDER BY id DESC LIMIT 1""")
                .bind("endpoint", endpoint)
                .map((rs, ctx) -> new Outcome(rs.getString("status"), rs.getString("at"), rs.getString("last_error_code"),
                        rs.getString("last_error"))).findOne();
    }
}
