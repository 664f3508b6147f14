package dev.swarm.node.state;

import dev.swarm.node.protocol.Json;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.mapper.RowMapper;

/**
 * Presence and roles: the {@code presence} table (each other member's latest announcement),
 * {@code own_presence} (this node's, as its daemon last announced it), {@code local_roles} (the roles this node's agent holds), {@code presence_deliveries} (how this
 * node's presence posts went) and {@code stuck_notices}.
 */
public final class PresenceRepository {
    private static final RowMapper<PresenceRow> MAPPER = (rs, ctx) -> new PresenceRow(rs.getString("swarm_id"),
            rs.getString("agent_id"), rs.getString("state"), rs.getString("state_since"), rs.getString("active_at"),
            rs.getString("client"), MemberRepository.capabilities(rs.getString("roles")),
            MemberRepository.capabilities(rs.getString("claims")), rs.getString("message_id"),
            rs.getString("sent_at"), rs.getString("received_at"));

    private final Handle handle;

    PresenceRepository(Handle handle) {
        this.handle = handle;
    }

    public Optional<PresenceRow> find(String swarmId, String agentId) {
        return handle.createQuery("SELECT * FROM presence WHERE swarm_id = :swarmId AND agent_id = :agentId")
                .bind("swarmId", swarmId).bind("agentId", agentId).map(MAPPER).findOne();
    }

    public List<PresenceRow> list(String swarmId) {
        return handle.createQuery("SELECT * FROM presence WHERE swarm_id = :swarmId ORDER BY agent_id")
                .bind("swarmId", swarmId).map(MAPPER).list();
    }

    /**
     * Stores {@code row} unless the stored one was written later (by {@code sent_at}, then message id):
     * announcements may arrive out of order after an outage. True when it was stored.
     */
    public boolean upsertIfNewer(PresenceRow row) {
        return handle.createUpdate("""
                INSERT INTO presence (swarm_id, agent_id, state, state_since, active_at, client, roles, claims,
                    message_id, sent_at, received_at)
                VALUES (:swarmId, :agentId, :state, :stateSince, :activeAt, :client, :roles, :claims, :messageId,
                    :sentAt, :receivedAt)
                ON CONFLICT (swarm_id, agent_id) DO UPDATE SET state = excluded.state,
                    state_since = excluded.state_since, active_at = excluded.active_at, client = excluded.client,
                    roles = excluded.roles, claims = excluded.claims, message_id = excluded.message_id,
                    sent_at = excluded.sent_at, received_at = excluded.received_at
                WHERE excluded.sent_at > presence.sent_at
                   OR (excluded.sent_at = presence.sent_at AND excluded.message_id > presence.message_id)""")
                .bind("swarmId", row.swarmId()).bind("agentId", row.agentId()).bind("state", row.state())
                .bind("stateSince", row.stateSince()).bind("activeAt", row.activeAt()).bind("client", row.client())
                .bind("roles", Json.toText(row.roles())).bind("claims", Json.toText(row.claims()))
                .bind("messageId", row.messageId()).bind("sentAt", row.sentAt()).bind("receivedAt", row.receivedAt())
                .execute() == 1;
    }

    /** Stores this node's own presence in a swarm as its daemon just announced it. */
    public void saveOwn(PresenceRow row) {
        handle.createUpdate("""
                INSERT OR REPLACE INTO own_presence (swarm_id, agent_id, state, state_since, active_at, client, roles,
                    claims, message_id, sent_at, received_at)
                VALUES (:swarmId, :agentId, :state, :stateSince, :activeAt, :client, :roles, :claims, :messageId,
                    :sentAt, :receivedAt)""")
                .bind("swarmId", row.swarmId()).bind("agentId", row.agentId()).bind("state", row.state())
                .bind("stateSince", row.stateSince()).bind("activeAt", row.activeAt()).bind("client", row.client())
                .bind("roles", Json.toText(row.roles())).bind("claims", Json.toText(row.claims()))
                .bind("messageId", row.messageId()).bind("sentAt", row.sentAt()).bind("receivedAt", row.receivedAt())
                .execute();
    }

    /** This node's own presence in a swarm as its daemon last announced it. */
    public Optional<PresenceRow> own(String swarmId) {
        return handle.createQuery("SELECT * FROM own_presence WHERE swarm_id = :swarmId").bind("swarmId", swarmId)
                .map(MAPPER).findOne();
    }

    /**
     * How the latest call to a member went: whether its node answered, when, and the error code of a
     * refusal or failure ({@code null} when it took the message).
     */
    public record Delivery(boolean answered, String at, String errorCode) {
    }

    /**
     * The latest call to {@code recipientId} in the swarm: its latest tried outbox row (delivered, or
     * refused: both answered; pending after an attempt, or dead: no answer) or its latest presence post,
     * whichever is newer.
     */
    public Optional<Delivery> lastDelivery(String swarmId, String recipientId) {
        Optional<Delivery> queued = handle.createQuery("""
                SELECT status, coalesce(delivered_at, last_attempt_at) AS at, last_error_code FROM outbox
                WHERE swarm_id = :swarmId AND recipient_id = :recipientId AND (attempts > 0 OR status = 'delivered')
                ORDER BY id DESC LIMIT 1""")
                .bind("swarmId", swarmId).bind("recipientId", recipientId)
                .map((rs, ctx) -> new Delivery(OutboxRow.DELIVERED.equals(rs.getString("status"))
                        || OutboxRow.FAILED.equals(rs.getString("status")), rs.getString("at"),
                        OutboxRow.DELIVERED.equals(rs.getString("status")) ? null : rs.getString("last_error_code")))
                .findOne();
        Optional<Delivery> posted = handle.createQuery("""
                SELECT at, answered, error_code FROM presence_deliveries
                WHERE swarm_id = :swarmId AND agent_id = :agentId""")
                .bind("swarmId", swarmId).bind("agentId", recipientId)
                .map((rs, ctx) -> new Delivery(rs.getInt("answered") == 1, rs.getString("at"), rs.getString("error_code")))
                .findOne();
        if (queued.isEmpty() || posted.isEmpty()) {
            return queued.isPresent() ? queued : posted;
        }
        return queued.get().at().compareTo(posted.get().at()) >= 0 ? queued : posted;
    }

    /**
     * Something that changes whenever a message naming an issue is stored or sent, so the claims this
     * node's agent holds need computing again only then.
     */
    public String claimsFingerprint() {
        return handle.createQuery(CLAIMS_FINGERPRINT).mapTo(String.class).one();
    }

    /** Asked every second: each part reads a partial index of the rows naming issues (V11), not the inbox. */
    static final String CLAIMS_FINGERPRINT = """
            SELECT (SELECT coalesce(max(id), 0) FROM inbox WHERE references_json IS NOT NULL) || ':'
                || (SELECT count(*) FROM sent_messages WHERE has_references = 1) || ':'
                || (SELECT count(*) FROM members)""";

    // ---- roles of this node's agent

    public List<String> localRoles(String swarmId) {
        return handle.createQuery("SELECT role FROM local_roles WHERE swarm_id = :swarmId ORDER BY role")
                .bind("swarmId", swarmId).mapTo(String.class).list();
    }

    /** True when the role was added (false: already held). */
    public boolean addLocalRole(String swarmId, String role, String at) {
        return handle.createUpdate("""
                INSERT INTO local_roles (swarm_id, role, added_at) VALUES (:swarmId, :role, :at)
                ON CONFLICT (swarm_id, role) DO NOTHING""")
                .bind("swarmId", swarmId).bind("role", role).bind("at", at).execute() == 1;
    }

    /** True when the role was held and is removed. */
    public boolean removeLocalRole(String swarmId, String role) {
        return handle.createUpdate("DELETE FROM local_roles WHERE swarm_id = :swarmId AND role = :role")
                .bind("swarmId", swarmId).bind("role", role).execute() == 1;
    }

    // ---- how this node's presence posts went

    /** Records how the latest presence post to a member went. */
    public void recordPost(String swarmId, String agentId, String at, boolean answered, String errorCode) {
        handle.createUpdate("""
                INSERT INTO presence_deliveries (swarm_id, agent_id, at, answered, error_code)
                VALUES (:swarmId, :agentId, :at, :answered, :code)
                ON CONFLICT (swarm_id, agent_id) DO UPDATE SET at = excluded.at, answered = excluded.answered,
                    error_code = excluded.error_code
                WHERE excluded.at >= presence_deliveries.at""")
                .bind("swarmId", swarmId).bind("agentId", agentId).bind("at", at).bind("answered", answered ? 1 : 0)
                .bind("code", errorCode).execute();
    }

    // ---- stuck holders told to the master's agent

    /** Records that the agent was told {@code agentId} is stuck since {@code silentSince}; false if told already. */
    public boolean markStuckNoticed(String swarmId, String agentId, String silentSince, String at) {
        return handle.createUpdate("""
                INSERT INTO stuck_notices (swarm_id, agent_id, silent_since, noticed_at)
                VALUES (:swarmId, :agentId, :since, :at) ON CONFLICT DO NOTHING""")
                .bind("swarmId", swarmId).bind("agentId", agentId).bind("since", silentSince).bind("at", at)
                .execute() == 1;
    }
}
