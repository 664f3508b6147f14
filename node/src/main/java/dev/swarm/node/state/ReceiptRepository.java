package dev.swarm.node.state;

import java.util.Optional;
import org.jdbi.v3.core.Handle;

/** The {@code receipts} table, on the sender's side: when each recipient's agent saw and read a message. */
public final class ReceiptRepository {
    private final Handle handle;

    ReceiptRepository(Handle handle) {
        this.handle = handle;
    }

    /** A recipient's receipts for one message. */
    public record Receipt(String messageId, String recipientId, String surfacedAt, String readAt) {
    }

    /** Records that the recipient's agent was shown (surfaced) or read the message; the first time counts. */
    public void record(String messageId, String recipientId, String kind, String at) {
        String column = "read".equals(kind) ? "read_at" : "surfaced_at";
        handle.createUpdate("INSERT INTO receipts (message_id, recipient_id, " + column + ") VALUES (:m, :r, :at)"
                        + " ON CONFLICT (message_id, recipient_id) DO UPDATE SET " + column + " = coalesce("
                        + column + ", excluded." + column + ")")
                .bind("m", messageId).bind("r", recipientId).bind("at", at).execute();
    }

    public Optional<Receipt> find(String messageId, String recipientId) {
        return handle.createQuery("SELECT * FROM receipts WHERE message_id = :m AND recipient_id = :r")
                .bind("m", messageId).bind("r", recipientId)
                .map((rs, ctx) -> new Receipt(rs.getString("message_id"), rs.getString("recipient_id"),
                        rs.getString("surfaced_at"), rs.getString("read_at")))
                .findOne();
    }
}
