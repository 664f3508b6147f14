package dev.swarm.node.state;

import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Handle;

/**
 * The order of coordination events: the events this node stored ({@code coordination_events}), the
 * master's acknowledgements that order them ({@code coordination_acks}, one per event, the earliest),
 * and on the master the last sequence number given per swarm ({@code coordination_sequence}).
 */
public final class CoordinationRepository {
    private final Handle handle;

    CoordinationRepository(Handle handle) {
        this.handle = handle;
    }

    /** One event's acknowledgement: the master's epoch and the number it gave, and who gave it. */
    public record AckRow(String senderId, String messageId, String epoch, long seq, String master) {
    }

    /** An event with no acknowledgement yet, as stored. */
    public record EventRow(String senderId, String messageId, String sentAt) {
    }

    /** Remembers a stored event (once). */
    public void recordEvent(String swarmId, String senderId, String messageId, String sentAt, String at) {
        handle.createUpdate("""
                INSERT INTO coordination_events (swarm_id, sender_id, message_id, sent_at, stored_at)
                VALUES (:swarmId, :senderId, :messageId, :sentAt, :at) ON CONFLICT DO NOTHING""")
                .bind("swarmId", swarmId).bind("senderId", senderId).bind("messageId", messageId)
                .bind("sentAt", sentAt).bind("at", at).execute();
    }

    /** Events of a swarm without an acknowledgement, oldest first by what they say of their time. */
    public List<EventRow> unacknowledged(String swarmId) {
        return handle.createQuery("""
                SELECT e.sender_id, e.message_id, e.sent_at FROM coordination_events e
                WHERE e.swarm_id = :swarmId AND NOT EXISTS (SELECT 1 FROM coordination_acks a
                    WHERE a.swarm_id = e.swarm_id AND a.sender_id = e.sender_id AND a.message_id = e.message_id)
                ORDER BY e.sent_at, e.sender_id, e.message_id""")
                .bind("swarmId", swarmId)
                .map((rs, ctx) -> new EventRow(rs.getString("sender_id"), rs.getString("message_id"),
                        rs.getString("sent_at"))).list();
    }

    /** The next sequence number of a swarm (1 first); call inside the transaction that records its use. */
    public long nextSeq(String swarmId) {
        handle.createUpdate("""
                INSERT INTO coordination_sequence (swarm_id, last_seq) VALUES (:swarmId, 1)
                ON CONFLICT (swarm_id) DO UPDATE SET last_seq = last_seq + 1""")
                .bind("swarmId", swarmId).execute();
        return handle.createQuery("SELECT last_seq FROM coordination_sequence WHERE swarm_id = :swarmId")
                .bind("swarmId", swarmId).mapTo(Long.class).one();
    }

    public Optional<AckRow> ack(String swarmId, String senderId, String messageId) {
        return handle.createQuery("""
                SELECT * FROM coordination_acks WHERE swarm_id = :swarmId AND sender_id = :senderId
                AND message_id = :messageId""")
                .bind("swarmId", swarmId).bind("senderId", senderId).bind("messageId", messageId)
                .map((rs, ctx) -> row(rs)).findOne();
    }

    /** Every acknowledgement recorded in a swarm. */
    public List<AckRow> acks(String swarmId) {
        return handle.createQuery("SELECT * FROM coordination_acks WHERE swarm_id = :swarmId ORDER BY epoch, seq")
                .bind("swarmId", swarmId).map((rs, ctx) -> row(rs)).list();
    }

    /** True when {@code master} acknowledged anything in this swarm. */
    public boolean acknowledgedBy(String swarmId, String master) {
        return handle.createQuery("""
                SELECT 1 FROM coordination_acks WHERE swarm_id = :swarmId AND master = :master LIMIT 1""")
                .bind("swarmId", swarmId).bind("master", master).mapTo(Integer.class).findOne().isPresent();
    }

    /**
     * Records an acknowledgement unless the event already has an earlier one or its position is taken by
     * another event (the first one recorded keeps it); true when recorded.
     */
    public boolean recordAck(String swarmId, AckRow ack, String at) {
        boolean taken = handle.createQuery("""
                SELECT 1 FROM coordination_acks WHERE swarm_id = :swarmId AND epoch = :epoch AND seq = :seq""")
                .bind("swarmId", swarmId).bind("epoch", ack.epoch()).bind("seq", ack.seq())
                .mapTo(Integer.class).findOne().isPresent();
        if (taken) {
            return false;
        }
        Optional<AckRow> known = ack(swarmId, ack.senderId(), ack.messageId());
        if (known.isPresent()) {
            int byEpoch = known.get().epoch().compareTo(ack.epoch());
            if (byEpoch < 0 || byEpoch == 0 && known.get().seq() <= ack.seq()) {
                return false;
            }
            handle.createUpdate("""
                    UPDATE coordination_acks SET epoch = :epoch, seq = :seq, master = :master, recorded_at = :at
                    WHERE swarm_id = :swarmId AND sender_id = :senderId AND message_id = :messageId""")
                    .bind("epoch", ack.epoch()).bind("seq", ack.seq()).bind("master", ack.master()).bind("at", at)
                    .bind("swarmId", swarmId).bind("senderId", ack.senderId()).bind("messageId", ack.messageId())
                    .execute();
            return true;
        }
        handle.createUpdate("""
                INSERT INTO coordination_acks (swarm_id, sender_id, message_id, epoch, seq, master, recorded_at)
                VALUES (:swarmId, :senderId, :messageId, :epoch, :seq, :master, :at)""")
                .bind("swarmId", swarmId).bind("senderId", ack.senderId()).bind("messageId", ack.messageId())
                .bind("epoch", ack.epoch()).bind("seq", ack.seq()).bind("master", ack.master()).bind("at", at)
                .execute();
        return true;
    }

    private static AckRow row(java.sql.ResultSet rs) throws java.sql.SQLException {
        return new AckRow(rs.getString("sender_id"), rs.getString("message_id"), rs.getString("epoch"),
                rs.getLong("seq"), rs.getString("master"));
    }
}
