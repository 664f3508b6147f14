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
            rs.getString("delivered_at"), rs.getString("last_error_code"), rs.getString("last_error"),
            rs.getString("requeued_at"));

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

    /** Every pending row, oldest first. */
    public List<OutboxRow> pending() {
        return handle.createQuery("SELECT * FROM outbox WHERE status = 'pending' ORDER BY id")
                .map(MAPPER).list();
    }

    /**
     * Puts a pending row at the end of its lane with a new envelope (same message, recipient, attempts
     * and times): after a key rotation, rows re-signed with the new key must follow the announcement of
     * that key, which receivers need first. Returns the row's new id.
     */
    public long moveToEnd(OutboxRow row, String envelope) {
        handle.createUpdate("DELETE FROM outbox WHERE id = :id").bind("id", row.id()).execute();
        return handle.createQuery("""
                INSERT INTO outbox (message_id, swarm_id, recipient_id, target_endpoint, envelope, status, attempts,
                    created_at, next_attempt_at, last_attempt_at, last_error_code, last_error, requeued_at)
                VALUES (:messageId, :swarmId, :recipientId, :targetEndpoint, :newEnvelope, 'pending', :attempts,
                    :createdAt, :nextAttemptAt, :lastAttemptAt, :lastErrorCode, :lastError, :requeuedAt)
                RETURNING id""")
                .bindMethods(row).bind("newEnvelope", envelope).mapTo(Long.class).one();
    }

    /**
     * Claims every pending row to one peer, oldest first, for {@code owner} until {@code until}: all or
     * nothing, so rows to a peer are never sent out of order by two processes. Nothing is claimed when
     * another owner holds an unexpired claim on any pending row to that peer. With {@code onlyDue}, the
     * lane is taken only when its oldest row is due (the peer is not backed off).
     */
    public List<OutboxRow> claimLane(String peer, String owner, String now, String until, boolean onlyDue, int limit) {
        boolean heldElsewhere = handle.createQuery("""
                SELECT count(*) FROM outbox WHERE target_endpoint = :peer AND status = 'pending'
                  AND claimed_by IS NOT NULL AND claimed_by <> :owner AND claimed_until >= :now""")
                .bind("peer", peer).bind("owner", owner).bind("now", now).mapTo(Integer.class).one() > 0;
        if (heldElsewhere) {
            return List.of();
        }
        if (onlyDue) {
            Optional<String> head = handle.createQuery("""
                    SELECT next_attempt_at FROM outbox WHERE target_endpoint = :peer AND status = 'pending'
                    ORDER BY id LIMIT 1""").bind("peer", peer).mapTo(String.class).findOne();
            if (head.isEmpty() || head.get().compareTo(now) > 0) {
                return List.of();
            }
        }
        List<Long> ids = handle.createQuery("""
                SELECT id FROM outbox WHERE target_endpoint = :peer AND status = 'pending' ORDER BY id LIMIT :limit""")
                .bind("peer", peer).bind("limit", limit).mapTo(Long.class).list();
        if (ids.isEmpty()) {
            return List.of();
        }
        handle.createUpdate("UPDATE outbox SET claimed_by = :owner, claimed_until = :until WHERE id IN (<ids>)")
                .bind("owner", owner).bind("until", until).bindList("ids", ids).execute();
        return handle.createQuery("SELECT * FROM outbox WHERE id IN (<ids>) ORDER BY id")
                .bindList("ids", ids).map(MAPPER).list();
    }

    /** Peers with a pending row that is due and not held by an unexpired claim, oldest first. */
    public List<String> duePeers(String now, int limit) {
        return handle.createQuery("""
                SELECT target_endpoint FROM outbox
                WHERE status = 'pending' AND next_attempt_at <= :now AND (claimed_by IS NULL OR claimed_until < :now)
                GROUP BY target_endpoint ORDER BY min(id) LIMIT :limit""")
                .bind("now", now).bind("limit", limit).mapTo(String.class).list();
    }

    /** The earliest time a pending row becomes due, if there is one. */
    public Optional<String> nextDue() {
        return handle.createQuery("SELECT min(next_attempt_at) FROM outbox WHERE status = 'pending'")
                .mapTo(String.class).findOne();
    }

    /**
     * Backs a peer off as a whole: its pending rows held by {@code owner} (or by nobody) wait until
     * {@code nextAttempt} and are released.
     */
    public void deferPeer(String peer, String owner, String nextAttempt) {
        handle.createUpdate("""
                UPDATE outbox SET next_attempt_at = :next, claimed_by = NULL, claimed_until = NULL
                WHERE target_endpoint = :peer AND status = 'pending' AND (claimed_by IS NULL OR claimed_by = :owner)""")
                .bind("next", nextAttempt).bind("peer", peer).bind("owner", owner).execute();
    }

    /** Moves every pending row due after {@code latest} to {@code latest}; returns how many. */
    public int capNextAttempts(String latest) {
        return handle.createUpdate("UPDATE outbox SET next_attempt_at = :latest WHERE status = 'pending'"
                + " AND next_attempt_at > :latest").bind("latest", latest).execute();
    }

    /**
     * Makes every pending row to these peers due now (a person asked to retry one of them; a lane goes in
     * order, so the whole peer is due). Claims stay: a lane running now is sending them anyway.
     */
    public int makeDue(Collection<String> peers, String now) {
        if (peers.isEmpty()) {
            return 0;
        }
        return handle.createUpdate("""
                UPDATE outbox SET next_attempt_at = :now
                WHERE target_endpoint IN (<peers>) AND status = 'pending' AND next_attempt_at > :now""")
                .bindList("peers", List.copyOf(peers)).bind("now", now).execute();
    }

    /** Marks rows given up by hand: pending or failed ones become dead with {@code code} and {@code error}. */
    public int abandon(Collection<Long> ids, String at, String code, String error) {
        if (ids.isEmpty()) {
            return 0;
        }
        return handle.createUpdate("""
                UPDATE outbox SET status = 'dead', last_attempt_at = :at, last_error_code = :code, last_error = :error,
                    claimed_by = NULL, claimed_until = NULL
                WHERE id IN (<ids>) AND status IN ('pending', 'failed')""")
                .bindList("ids", List.copyOf(ids)).bind("at", at).bind("code", code).bind("error", error).execute();
    }

    /** Keeps {@code owner}'s claims on a peer's pending rows for a lane that is still going. */
    public void extendClaims(String peer, String owner, String until) {
        handle.createUpdate("""
                UPDATE outbox SET claimed_until = :until
                WHERE target_endpoint = :peer AND status = 'pending' AND claimed_by = :owner""")
                .bind("until", until).bind("peer", peer).bind("owner", owner).execute();
    }

    /** Gives back claims of {@code owner} on rows it did not get to. */
    public void release(Collection<Long> ids, String owner) {
        if (ids.isEmpty()) {
            return;
        }
        handle.createUpdate("""
                UPDATE outbox SET claimed_by = NULL, claimed_until = NULL
                WHERE id IN (<ids>) AND claimed_by = :owner""")
                .bindList("ids", List.copyOf(ids)).bind("owner", owner).execute();
    }

    /** Replaces a row's envelope (a retry re-stamped and re-signed it; the message id is unchanged). */
    public void replaceEnvelope(long id, String envelope) {
        handle.createUpdate("UPDATE outbox SET envelope = :envelope WHERE id = :id")
                .bind("envelope", envelope).bind("id", id).execute();
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
        return counts(null);
    }

    /** Rows of one swarm (all when null) per status. */
    public Map<String, Integer> counts(String swarmId) {
        Map<String, Integer> counts = new LinkedHashMap<>();
        for (String status : List.of(OutboxRow.PENDING, OutboxRow.DELIVERED, OutboxRow.FAILED, OutboxRow.DEAD)) {
            counts.put(status, 0);
        }
        var query = handle.createQuery("SELECT status, count(*) AS n FROM outbox"
                + (swarmId == null ? "" : " WHERE swarm_id = :swarmId") + " GROUP BY status");
        if (swarmId != null) {
            query.bind("swarmId", swarmId);
        }
        query.map((rs, ctx) -> Map.entry(rs.getString("status"), rs.getInt("n")))
                .forEach(entry -> counts.put(entry.getKey(), entry.getValue()));
        return counts;
    }

    /**
     * Puts failed or dead rows back in the queue, due now, with a fresh attempt count; their age is
     * counted from now. Returns how many rows were put back.
     */
    public int requeue(Collection<Long> ids, String now) {
        if (ids.isEmpty()) {
            return 0;
        }
        return handle.createUpdate("""
                UPDATE outbox SET status = 'pending', attempts = 0, next_attempt_at = :now, requeued_at = :now,
                    claimed_by = NULL, claimed_until = NULL
                WHERE id IN (<ids>) AND status IN ('failed', 'dead')""")
                .bindList("ids", List.copyOf(ids)).bind("now", now).execute();
    }

    public List<Long> idsWithStatus(String status) {
        return handle.createQuery("SELECT id FROM outbox WHERE status = :status ORDER BY id")
                .bind("status", status).mapTo(Long.class).list();
    }

    /** Deletes rows in {@code statuses} last touched before {@code before}; returns how many. */
    public int purge(Collection<String> statuses, String before) {
        return handle.createUpdate("""
                DELETE FROM outbox WHERE status IN (<statuses>)
                  AND coalesce(delivered_at, last_attempt_at, created_at) < :before""")
                .bindList("statuses", List.copyOf(statuses)).bind("before", before).execute();
    }

    /**
     * Of {@code peers}, those known to be failing: a pending row to them was already tried and did not
     * get through (so the peer is backed off). Commands do not wait for such a peer's answer.
     */
    public java.util.Set<String> failingPeers(Collection<String> peers) {
        if (peers.isEmpty()) {
            return java.util.Set.of();
        }
        return java.util.Set.copyOf(handle.createQuery("""
                SELECT DISTINCT target_endpoint FROM outbox
                WHERE status = 'pending' AND last_attempt_at IS NOT NULL AND target_endpoint IN (<peers>)""")
                .bindList("peers", List.copyOf(peers)).mapTo(String.class).list());
    }

    /** When the oldest pending row (of one swarm, or any when null) was queued, if one is pending. */
    public Optional<String> oldestPending(String swarmId) {
        var query = handle.createQuery("SELECT min(coalesce(requeued_at, created_at)) FROM outbox WHERE status = 'pending'"
                + (swarmId == null ? "" : " AND swarm_id = :swarmId"));
        if (swarmId != null) {
            query.bind("swarmId", swarmId);
        }
        return query.mapTo(String.class).findOne();
    }

    public Optional<OutboxRow> find(long id) {
        return handle.createQuery("SELECT * FROM outbox WHERE id = :id").bind("id", id).map(MAPPER).findOne();
    }

    /** Ids of the newest {@code limit} messages in the outbox (one swarm, or all when null), oldest first. */
    public List<String> recentMessageIds(String swarmId, int limit) {
        var query = handle.createQuery("SELECT message_id FROM (SELECT message_id, min(id) AS first FROM outbox"
                + (swarmId == null ? "" : " WHERE swarm_id = :swarmId")
                + " GROUP BY message_id ORDER BY first DESC LIMIT :limit) ORDER BY first").bind("limit", limit);
        if (swarmId != null) {
            query.bind("swarmId", swarmId);
        }
        return query.mapTo(String.class).list();
    }

    public List<OutboxRow> byMessage(String messageId) {
        return handle.createQuery("SELECT * FROM outbox WHERE message_id = :messageId ORDER BY id")
                .bind("messageId", messageId).map(MAPPER).list();
    }

    /** The newest {@code limit} rows of one swarm (or all when null) in {@code statuses} (all when empty), oldest first. */
    public List<OutboxRow> list(String swarmId, Collection<String> statuses, int limit) {
        String where = (swarmId == null ? "1 = 1" : "swarm_id = :swarmId")
                + (statuses.isEmpty() ? "" : " AND status IN (<statuses>)");
        var query = handle.createQuery("SELECT * FROM (SELECT * FROM outbox WHERE " + where
                + " ORDER BY id DESC LIMIT :limit) ORDER BY id").bind("limit", limit);
        if (swarmId != null) {
            query.bind("swarmId", swarmId);
        }
        if (!statuses.isEmpty()) {
            query.bindList("statuses", List.copyOf(statuses));
        }
        return query.map(MAPPER).list();
    }

    public List<OutboxRow> list(String swarmId, int limit) {
        return list(swarmId, List.of(), limit);
    }
}
