package dev.swarm.node.state;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.mapper.RowMapper;

/**
 * The loop guard's memory: the chain of each received reply ({@code message_chains}), the messages it
 * held ({@code guard_holds}), the senders told ({@code guard_notices}) and what peers reported holding
 * of ours ({@code guard_reports}).
 */
public final class LoopGuardRepository {
    private static final RowMapper<GuardHold> HOLD = (rs, ctx) -> new GuardHold(rs.getString("swarm_id"),
            rs.getString("message_id"), rs.getString("sender_id"), rs.getString("origin"), rs.getInt("hop"),
            rs.getString("reason"), rs.getString("detail"), rs.getString("held_at"));
    private static final RowMapper<GuardReport> REPORT = (rs, ctx) -> new GuardReport(rs.getString("swarm_id"),
            rs.getString("agent_id"), rs.getString("held_message_id"), rs.getString("reason"),
            (Integer) rs.getObject("hop"), (Integer) rs.getObject("max_hops"), rs.getString("reported_at"));

    private final Handle handle;

    LoopGuardRepository(Handle handle) {
        this.handle = handle;
    }

    /** A stored chain: how deep the message is and where its chain began. */
    public record ChainRow(String origin, int hop) {
    }

    public void recordChain(String swarmId, String messageId, String senderId, String origin, int hop, String at) {
        handle.createUpdate("""
                INSERT INTO message_chains (swarm_id, message_id, sender_id, origin, hop, received_at)
                VALUES (:swarmId, :messageId, :senderId, :origin, :hop, :at) ON CONFLICT DO NOTHING""")
                .bind("swarmId", swarmId).bind("messageId", messageId).bind("senderId", senderId)
                .bind("origin", origin).bind("hop", hop).bind("at", at).execute();
    }

    /** The chain recorded for a received message (by any sender: ids are meant to be unique). */
    public Optional<ChainRow> chainOf(String swarmId, String messageId) {
        return handle.createQuery("""
                SELECT origin, hop FROM message_chains WHERE swarm_id = :swarmId AND message_id = :messageId
                ORDER BY hop DESC LIMIT 1""")
                .bind("swarmId", swarmId).bind("messageId", messageId)
                .map((rs, ctx) -> new ChainRow(rs.getString("origin"), rs.getInt("hop"))).findOne();
    }

    /** The envelope of a message this node sent in the swarm, if it did. */
    public Optional<String> sentEnvelope(String swarmId, String messageId) {
        return handle.createQuery("SELECT envelope FROM sent_messages WHERE message_id = :id AND swarm_id = :swarmId")
                .bind("id", messageId).bind("swarmId", swarmId).mapTo(String.class).findOne();
    }

    /** Replies recorded in a thread (by origin) since {@code since}. */
    public int repliesInThread(String swarmId, String origin, String since) {
        return handle.createQuery("""
                SELECT count(*) FROM message_chains WHERE swarm_id = :swarmId AND origin = :origin
                  AND received_at >= :since""")
                .bind("swarmId", swarmId).bind("origin", origin).bind("since", since).mapTo(Integer.class).one();
    }

    /** Replies recorded from one sender since {@code since}. */
    public int repliesFrom(String swarmId, String senderId, String since) {
        return handle.createQuery("""
                SELECT count(*) FROM message_chains WHERE swarm_id = :swarmId AND sender_id = :senderId
                  AND received_at >= :since""")
                .bind("swarmId", swarmId).bind("senderId", senderId).bind("since", since).mapTo(Integer.class).one();
    }

    /**
     * Unread messages by the level they wake at: {@code urgent} (high priority), {@code normal},
     * {@code low} (low priority, and loop-guard notices, which are read only on request), by the
     * priority a wake acts on (coordination.Priorities: a message without a full-envelope signature
     * counts as normal). System messages and held messages are not counted.
     */
    public Map<String, Integer> waitingByLevel() {
        Map<String, Integer> levels = new LinkedHashMap<>();
        handle.createQuery("""
                SELECT CASE
                         WHEN i.type = 'notification'
                              AND json_extract(i.envelope, '$.metadata.loop_guard_held') IS NOT NULL THEN 'low'
                         WHEN json_type(i.envelope, '$.envelope_signature') IS NOT 'text' THEN 'normal'
                         WHEN i.priority = 'high' THEN 'urgent'
                         WHEN i.priority = 'low' THEN 'low'
                         ELSE 'normal' END AS level, count(*) AS n
                FROM inbox i
                WHERE i.status = 'unread' AND i.type <> 'system' AND NOT EXISTS (SELECT 1 FROM guard_holds g
                    WHERE g.swarm_id = i.swarm_id AND g.sender_id = i.sender_id AND g.message_id = i.message_id)
                GROUP BY level""")
                .map((rs, ctx) -> Map.entry(rs.getString("level"), rs.getInt("n")))
                .forEach(entry -> levels.put(entry.getKey(), entry.getValue()));
        return levels;
    }

    // ---- holds

    public void hold(GuardHold hold) {
        handle.createUpdate("""
                INSERT INTO guard_holds (swarm_id, message_id, sender_id, origin, hop, reason, detail, held_at)
                VALUES (:swarmId, :messageId, :senderId, :origin, :hop, :reason, :detail, :heldAt)
                ON CONFLICT DO NOTHING""")
                .bind("swarmId", hold.swarmId()).bind("messageId", hold.messageId()).bind("senderId", hold.senderId())
                .bind("origin", hold.origin()).bind("hop", hold.hop()).bind("reason", hold.reason())
                .bind("detail", hold.detail()).bind("heldAt", hold.heldAt()).execute();
    }

    public Optional<GuardHold> held(String swarmId, String senderId, String messageId) {
        return handle.createQuery("""
                SELECT * FROM guard_holds WHERE swarm_id = :swarmId AND sender_id = :senderId
                  AND message_id = :messageId""")
                .bind("swarmId", swarmId).bind("senderId", senderId).bind("messageId", messageId).map(HOLD).findOne();
    }

    /** Inbox row ids of unread messages the guard holds. */
    public Set<Long> heldUnreadRows() {
        return Set.copyOf(handle.createQuery("""
                SELECT i.id FROM inbox i JOIN guard_holds g ON g.swarm_id = i.swarm_id AND g.sender_id = i.sender_id
                  AND g.message_id = i.message_id WHERE i.status = 'unread'""").mapTo(Long.class).list());
    }

    /** Holds since {@code since}, newest first, at most {@code limit}. */
    public List<GuardHold> holdsSince(String since, int limit) {
        return handle.createQuery("SELECT * FROM guard_holds WHERE held_at >= :since ORDER BY held_at DESC LIMIT :limit")
                .bind("since", since).bind("limit", limit).map(HOLD).list();
    }

    public int countHoldsSince(String since) {
        return handle.createQuery("SELECT count(*) FROM guard_holds WHERE held_at >= :since").bind("since", since)
                .mapTo(Integer.class).one();
    }

    // ---- notices to senders

    /** Records that {@code senderId} was told its chain {@code origin} is held; false when told already. */
    public boolean markNoticed(String swarmId, String senderId, String origin, String noticeId, String at) {
        return handle.createUpdate("""
                INSERT INTO guard_notices (swarm_id, sender_id, origin, notice_id, noticed_at)
                VALUES (:swarmId, :senderId, :origin, :noticeId, :at) ON CONFLICT DO NOTHING""")
                .bind("swarmId", swarmId).bind("senderId", senderId).bind("origin", origin)
                .bind("noticeId", noticeId).bind("at", at).execute() == 1;
    }

    public int noticesTo(String swarmId, String senderId, String since) {
        return handle.createQuery("""
                SELECT count(*) FROM guard_notices WHERE swarm_id = :swarmId AND sender_id = :senderId
                  AND noticed_at >= :since""")
                .bind("swarmId", swarmId).bind("senderId", senderId).bind("since", since).mapTo(Integer.class).one();
    }

    // ---- peers' reports

    public void report(GuardReport report) {
        handle.createUpdate("""
                INSERT INTO guard_reports (swarm_id, agent_id, held_message_id, reason, hop, max_hops, reported_at)
                VALUES (:swarmId, :agentId, :held, :reason, :hop, :maxHops, :at) ON CONFLICT DO NOTHING""")
                .bind("swarmId", report.swarmId()).bind("agentId", report.agentId()).bind("held", report.heldMessageId())
                .bind("reason", report.reason()).bind("hop", report.hop()).bind("maxHops", report.maxHops())
                .bind("at", report.reportedAt()).execute();
    }

    /** Reports since {@code since}, newest first, at most {@code limit}. */
    public List<GuardReport> reportsSince(String since, int limit) {
        return handle.createQuery("""
                SELECT * FROM guard_reports WHERE reported_at >= :since ORDER BY reported_at DESC LIMIT :limit""")
                .bind("since", since).bind("limit", limit).map(REPORT).list();
    }

    public int countReportsSince(String since) {
        return handle.createQuery("SELECT count(*) FROM guard_reports WHERE reported_at >= :since")
                .bind("since", since).mapTo(Integer.class).one();
    }
}
