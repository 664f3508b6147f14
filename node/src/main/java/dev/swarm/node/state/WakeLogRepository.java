package dev.swarm.node.state;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import dev.swarm.node.protocol.Json;
import java.util.List;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.mapper.RowMapper;

/** The {@code wake_log} table. */
public final class WakeLogRepository {
    private static final TypeReference<List<String>> STRINGS = new TypeReference<>() { };
    private static final RowMapper<WakeLogEntry> MAPPER = (rs, ctx) -> new WakeLogEntry(rs.getLong("id"),
            rs.getString("at"), rs.getString("method"), rs.getString("target"), rs.getString("level"),
            rs.getString("outcome"), rs.getString("reason"), strings(rs.getString("message_ids")),
            strings(rs.getString("senders")), rs.getString("line"));

    private final Handle handle;

    WakeLogRepository(Handle handle) {
        this.handle = handle;
    }

    public void insert(WakeLogEntry entry) {
        handle.createUpdate("""
                INSERT INTO wake_log (at, method, target, level, outcome, reason, message_ids, senders, line)
                VALUES (:at, :method, :target, :level, :outcome, :reason, :messageIds, :senders, :line)""")
                .bind("at", entry.at()).bind("method", entry.method()).bind("target", entry.target())
                .bind("level", entry.level()).bind("outcome", entry.outcome()).bind("reason", entry.reason())
                .bind("messageIds", Json.toText(entry.messageIds())).bind("senders", Json.toText(entry.senders()))
                .bind("line", entry.line())
                .execute();
    }

    /** The newest {@code limit} entries, oldest first. */
    public List<WakeLogEntry> recent(int limit) {
        return handle.createQuery("SELECT * FROM (SELECT * FROM wake_log ORDER BY id DESC LIMIT :limit) ORDER BY id")
                .bind("limit", limit).map(MAPPER).list();
    }

    /** Entries since {@code at} with one of the outcomes, oldest first. */
    public List<WakeLogEntry> since(String at, String outcome) {
        return handle.createQuery("SELECT * FROM wake_log WHERE at >= :at AND outcome = :outcome ORDER BY id")
                .bind("at", at).bind("outcome", outcome).map(MAPPER).list();
    }

    /** Forgets entries older than {@code before}; returns how many. */
    public int prune(String before) {
        return handle.createUpdate("DELETE FROM wake_log WHERE at < :before").bind("before", before).execute();
    }

    private static List<String> strings(String json) {
        try {
            return json == null ? List.of() : Json.mapper().readValue(json, STRINGS);
        } catch (JsonProcessingException e) {
            return List.of();
        }
    }
}
