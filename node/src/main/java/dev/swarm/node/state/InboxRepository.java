package dev.swarm.node.state;

import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.Collection;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.mapper.RowMapper;
import org.jdbi.v3.core.statement.Query;

/** The {@code inbox} table: received messages, unique per (swarm_id, sender_id, message_id). */
public final class InboxRepository {
    private static final RowMapper<InboxMessage> MAPPER = (rs, ctx) -> new InboxMessage(rs.getLong("id"),
            rs.getString("swarm_id"), rs.getString("message_id"), rs.getString("sender_id"),
            rs.getString("sender_endpoint"), rs.getString("recipient"), rs.getString("type"),
            rs.getString("content"), rs.getString("priority"), rs.getString("sent_at"), rs.getString("received_at"),
            rs.getString("in_reply_to"), rs.getString("thread_id"), rs.getString("expires_at"),
            rs.getString("references_json"), rs.getString("envelope"), rs.getString("status"),
            rs.getString("surfaced_at"), rs.getString("wake_note"));

    private static final String BY_KEY = " WHERE swarm_id = :swarmId AND sender_id = :senderId"
            + " AND message_id = :messageId";

    private final Handle handle;

    InboxRepository(Handle handle) {
        this.handle = handle;
    }

    /**
     * Stores the message unless its (swarm_id, sender_id, message_id) is already here; true when a row was added.
     * The same statement as the inbox writer's ({@link ReceiveStatements}), prepared for this call.
     */
    public boolean insertIfAbsent(InboxMessage m) {
        try (PreparedStatement insert = handle.getConnection().prepareStatement(ReceiveStatements.INSERT_IF_ABSENT)) {
            return ReceiveStatements.insertIfAbsent(insert, m);
        } catch (SQLException e) {
            throw new IllegalStateException("SQLite: " + e.getMessage(), e);
        }
    }

    /** Envelopes of stored messages of a swarm that reference something (issues, pull requests...). */
    public List<String> envelopesWithReferences(String swarmId) {
        return handle.createQuery("""
                SELECT envelope FROM inbox WHERE swarm_id = :swarmId AND references_json IS NOT NULL ORDER BY id""")
                .bind("swarmId", swarmId).mapTo(String.class).list();
    }

    /**
     * The first stored message of {@code swarmId} that answers {@code inReplyTo}, from {@code senderId}
     * (from anyone when null): a reply counts only in the swarm of the question and from whom it asked.
     */
    public Optional<InboxMessage> findReply(String swarmId, String inReplyTo, String senderId) {
        return handle.createQuery("SELECT * FROM inbox WHERE swarm_id = :swarmId AND in_reply_to = :id"
                        + (senderId == null ? "" : " AND sender_id = :senderId") + " ORDER BY id LIMIT 1")
                .bind("swarmId", swarmId).bind("id", inReplyTo).bind("senderId", senderId).map(MAPPER).findOne();
    }

    /**
     * Every stored message with this id, narrowed to a swarm and a sender when given (null: any). An id
     * alone may name messages of several senders; the caller decides what an ambiguous id means.
     */
    public List<InboxMessage> findByMessageId(String messageId, String swarmId, String senderId) {
        return handle.createQuery("SELECT * FROM inbox WHERE message_id = :messageId"
                        + (swarmId == null ? "" : " AND swarm_id = :swarmId")
                        + (senderId == null ? "" : " AND sender_id = :senderId") + " ORDER BY id")
                .bind("messageId", messageId).bind("swarmId", swarmId).bind("senderId", senderId)
                .map(MAPPER).list();
    }

    /** The one message a key names, if it is stored. */
    public Optional<InboxMessage> find(MessageKey key) {
        return findByMessageId(key.messageId(), key.swarmId(), key.senderId()).stream().findFirst();
    }

    /**
     * Messages in {@code statuses} (of one swarm, or every swarm when {@code swarmId} is null). Unread
     * messages come oldest first, so reading them page by page never skips one; any other selection
     * gives the newest {@code limit}, oldest first.
     */
    public List<InboxMessage> list(String swarmId, Set<InboxStatus> statuses, int limit) {
        return list(swarmId, statuses, limit, null, null);
    }

    /** As {@link #list(String, Set, int)}, only messages with a reference to {@code repo#number} when given. */
    public List<InboxMessage> list(String swarmId, Set<InboxStatus> statuses, int limit, String repo, Long number) {
        boolean queue = statuses.equals(Set.of(InboxStatus.UNREAD));
        String where = "status IN (<statuses>)" + (swarmId == null ? "" : " AND swarm_id = :swarmId")
                + (repo == null ? "" : " AND references_json IS NOT NULL AND EXISTS (SELECT 1 FROM json_each(references_json)"
                        + " WHERE json_extract(value, '$.repo') = :repo AND json_extract(value, '$.number') = :number)");
        String sql = queue
                ? "SELECT * FROM inbox WHERE " + where + " ORDER BY id ASC LIMIT :limit"
                : "SELECT * FROM (SELECT * FROM inbox WHERE " + where + " ORDER BY id DESC LIMIT :limit) ORDER BY id";
        Query query = handle.createQuery(sql)
                .bindList("statuses", statuses.stream().map(InboxStatus::wire).collect(Collectors.toList()))
                .bind("limit", limit);
        if (swarmId != null) {
            query.bind("swarmId", swarmId);
        }
        if (repo != null) {
            query.bind("repo", repo).bind("number", number);
        }
        return query.map(MAPPER).list();
    }

    /**
     * Unread messages oldest first, for the agent's hooks: without system messages unless asked, since
     * those rarely concern the agent and would otherwise fill every page.
     */
    public List<InboxMessage> unread(boolean withSystem, int limit) {
        return handle.createQuery("SELECT * FROM inbox WHERE status = 'unread'"
                        + (withSystem ? "" : " AND type <> 'system'") + " ORDER BY id ASC LIMIT :limit")
                .bind("limit", limit).map(MAPPER).list();
    }

    /** Rows by their ids (not message ids: those are only unique within a swarm and a sender). */
    public List<InboxMessage> byIds(Collection<Long> ids) {
        if (ids.isEmpty()) {
            return List.of();
        }
        return handle.createQuery("SELECT * FROM inbox WHERE id IN (<ids>) ORDER BY id")
                .bindList("ids", List.copyOf(ids)).map(MAPPER).list();
    }

    /** True when the agent has seen this message: it is no longer unread, or a wake or hook surfaced it. */
    public boolean seenByAgent(String swarmId, String senderId, String messageId) {
        return handle.createQuery("SELECT count(*) FROM inbox WHERE swarm_id = :swarmId AND sender_id = :senderId"
                        + " AND message_id = :messageId AND (status <> 'unread' OR surfaced_at IS NOT NULL)")
                .bind("swarmId", swarmId).bind("senderId", senderId).bind("messageId", messageId)
                .mapTo(Integer.class).one() > 0;
    }

    /** Records that these rows (by id) were put in front of the agent, keeping the first time. */
    public void markSurfacedRows(Collection<Long> ids, String at) {
        if (ids.isEmpty()) {
            return;
        }
        handle.createUpdate("UPDATE inbox SET surfaced_at = coalesce(surfaced_at, :at) WHERE id IN (<ids>)")
                .bind("at", at).bindList("ids", List.copyOf(ids)).execute();
    }

    public Map<InboxStatus, Integer> counts(String swarmId) {
        Map<InboxStatus, Integer> counts = new EnumMap<>(InboxStatus.class);
        for (InboxStatus status : InboxStatus.values()) {
            counts.put(status, 0);
        }
        Query query = handle.createQuery("SELECT status, count(*) AS n FROM inbox"
                + (swarmId == null ? "" : " WHERE swarm_id = :swarmId") + " GROUP BY status");
        if (swarmId != null) {
            query.bind("swarmId", swarmId);
        }
        query.map((rs, ctx) -> Map.entry(rs.getString("status"), rs.getInt("n"))).forEach(entry ->
                InboxStatus.fromWire(entry.getKey()).ifPresent(status -> counts.put(status, entry.getValue())));
        return counts;
    }

    /** Moves rows by id to {@code to}, only from the statuses that transition allows; returns rows changed. */
    public int transition(Collection<Long> ids, InboxStatus to, String at) {
        if (ids.isEmpty()) {
            return 0;
        }
        return handle.createUpdate("""
                UPDATE inbox SET status = :to, status_changed_at = :at
                WHERE id IN (<ids>) AND status IN (<from>)""")
                .bind("to", to.wire()).bind("at", at).bindList("ids", List.copyOf(ids))
                .bindList("from", to.allowedFrom().stream().map(InboxStatus::wire).collect(Collectors.toList()))
                .execute();
    }

    /** Records that a wake put these messages in front of the agent. */
    public void markSurfaced(Collection<MessageKey> keys, String at) {
        for (MessageKey key : keys) {
            handle.createUpdate("UPDATE inbox SET surfaced_at = coalesce(surfaced_at, :at)" + BY_KEY)
                    .bind("at", at).bindMethods(key).execute();
        }
    }

    /** Notes why no wake covered these messages (a budget, say). */
    public void noteWake(Collection<MessageKey> keys, String note) {
        for (MessageKey key : keys) {
            handle.createUpdate("UPDATE inbox SET wake_note = :note" + BY_KEY).bind("note", note).bindMethods(key)
                    .execute();
        }
    }

    /** Marks one stored message read (a delivery receipt, which nobody needs to read). */
    public void markRead(MessageKey key, String at) {
        handle.createUpdate("UPDATE inbox SET status = 'read', status_changed_at = :at" + BY_KEY
                        + " AND status = 'unread'")
                .bind("at", at).bindMethods(key).execute();
    }

    /**
     * Removes one stored message for good (a presence announcement, which only updates the presence
     * table and is never shown); a redelivery of it is then stored and applied again, which changes
     * nothing since an older announcement never replaces a newer one.
     */
    public void forget(String swarmId, String senderId, String messageId) {
        handle.createUpdate("DELETE FROM inbox WHERE swarm_id = :swarmId AND sender_id = :senderId"
                        + " AND message_id = :messageId")
                .bind("swarmId", swarmId).bind("senderId", senderId).bind("messageId", messageId).execute();
    }

    /** When the latest message from {@code senderId} in the swarm arrived, of {@code type} when given. */
    public Optional<String> lastReceivedFrom(String swarmId, String senderId, String type) {
        Query query = handle.createQuery("SELECT received_at FROM inbox WHERE swarm_id = :swarmId"
                        + " AND sender_id = :senderId" + (type == null ? "" : " AND type = :type") + " ORDER BY id DESC LIMIT 1")
                .bind("swarmId", swarmId).bind("senderId", senderId);
        if (type != null) {
            query.bind("type", type);
        }
        return query.mapTo(String.class).findOne();
    }

    public long total() {
        return handle.createQuery("SELECT count(*) FROM inbox").mapTo(Long.class).one();
    }
}
