package dev.swarm.node.state;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Optional;

/**
 * The two statements of the receive path (the sender's current key, and the insert), prepared once
 * on the inbox writer's long-lived connection and reused for every message. Through Jdbi each call
 * parsed its named parameters, prepared the statement and built a binding anew: about as much CPU
 * as SQLite's own work for the insert. They run inside the session's current transaction. The insert
 * and its binding are also what {@link InboxRepository#insertIfAbsent} runs.
 */
public final class ReceiveStatements implements AutoCloseable {
    static final String INSERT_IF_ABSENT = """
            INSERT INTO inbox (swarm_id, message_id, sender_id, sender_endpoint, recipient, type, content,
                priority, sent_at, received_at, in_reply_to, thread_id, expires_at, references_json, envelope,
                status)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'unread')
            ON CONFLICT (swarm_id, sender_id, message_id) DO NOTHING""";

    private final PreparedStatement memberKey;
    private final PreparedStatement insert;

    ReceiveStatements(Connection connection) {
        try {
            this.memberKey = connection.prepareStatement("""
                    SELECT m.public_key FROM members m JOIN swarms s ON s.swarm_id = m.swarm_id
                    WHERE m.swarm_id = ? AND m.agent_id = ? AND s.state = 'active'""");
            this.insert = connection.prepareStatement(INSERT_IF_ABSENT);
        } catch (SQLException e) {
            throw new IllegalStateException("SQLite: " + e.getMessage(), e);
        }
    }

    /**
     * The key of a member of a swarm we are still active in: the one cheap lookup the receive path
     * makes inside its transaction, so a message verified against a cache that went stale (member
     * removed, key changed, swarm left or dissolved) is refused.
     */
    public Optional<String> activeMemberKey(String swarmId, String agentId) {
        try {
            memberKey.setString(1, swarmId);
            memberKey.setString(2, agentId);
            try (ResultSet rows = memberKey.executeQuery()) {
                return rows.next() ? Optional.ofNullable(rows.getString(1)) : Optional.empty();
            }
        } catch (SQLException e) {
            throw new IllegalStateException("SQLite: " + e.getMessage(), e);
        }
    }

    /** Stores the message unless its (swarm_id, sender_id, message_id) is already here; true when a row was added. */
    public boolean insertIfAbsent(InboxMessage m) {
        return insertIfAbsent(insert, m);
    }

    /** Binds {@code m} to a statement of {@link #INSERT_IF_ABSENT} and runs it. */
    static boolean insertIfAbsent(PreparedStatement insert, InboxMessage m) {
        try {
            insert.setString(1, m.swarmId());
            insert.setString(2, m.messageId());
            insert.setString(3, m.senderId());
            insert.setString(4, m.senderEndpoint());
            insert.setString(5, m.recipient());
            insert.setString(6, m.type());
            insert.setString(7, m.content());
            insert.setString(8, m.priority());
            insert.setString(9, m.sentAt());
            insert.setString(10, m.receivedAt());
            insert.setString(11, m.inReplyTo());
            insert.setString(12, m.threadId());
            insert.setString(13, m.expiresAt());
            insert.setString(14, m.referencesJson());
            insert.setString(15, m.envelope());
            return insert.executeUpdate() == 1;
        } catch (SQLException e) {
            throw new IllegalStateException("SQLite: " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        try {
            memberKey.close();
            insert.close();
        } catch (SQLException e) {
            // the connection is closing too
        }
    }
}
