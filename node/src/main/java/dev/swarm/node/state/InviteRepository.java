package dev.swarm.node.state;

import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.mapper.RowMapper;

/** The {@code invites} table, kept by the master: limits, use counts and revocations. */
public final class InviteRepository {
    private static final RowMapper<Invite> MAPPER = (rs, ctx) -> new Invite(rs.getString("invite_id"),
            rs.getString("swarm_id"), rs.getString("token_sha256"), rs.getString("created_at"),
            rs.getString("expires_at"), (Integer) rs.getObject("max_uses"), rs.getInt("uses"),
            rs.getString("revoked_at"));

    private final Handle handle;

    InviteRepository(Handle handle) {
        this.handle = handle;
    }

    public void insert(Invite invite) {
        handle.createUpdate("""
                INSERT INTO invites (invite_id, swarm_id, token_sha256, created_at, expires_at, max_uses, uses)
                VALUES (:inviteId, :swarmId, :tokenSha256, :createdAt, :expiresAt, :maxUses, :uses)""")
                .bind("inviteId", invite.inviteId()).bind("swarmId", invite.swarmId())
                .bind("tokenSha256", invite.tokenSha256()).bind("createdAt", invite.createdAt())
                .bind("expiresAt", invite.expiresAt()).bind("maxUses", invite.maxUses()).bind("uses", invite.uses())
                .execute();
    }

    public Optional<Invite> find(String inviteId) {
        return handle.createQuery("SELECT * FROM invites WHERE invite_id = :id").bind("id", inviteId)
                .map(MAPPER).findOne();
    }

    /** The invites of one swarm, or of every swarm when {@code swarmId} is null, oldest first. */
    public List<Invite> list(String swarmId) {
        if (swarmId == null) {
            return handle.createQuery("SELECT * FROM invites ORDER BY created_at, invite_id").map(MAPPER).list();
        }
        return handle.createQuery("SELECT * FROM invites WHERE swarm_id = :swarmId ORDER BY created_at, invite_id")
                .bind("swarmId", swarmId).map(MAPPER).list();
    }

    /** Counts one use if the invite is neither revoked nor used up; false when it could not. */
    public boolean consumeUse(String inviteId) {
        return handle.createUpdate("""
                UPDATE invites SET uses = uses + 1
                WHERE invite_id = :id AND revoked_at IS NULL AND (max_uses IS NULL OR uses < max_uses)""")
                .bind("id", inviteId).execute() == 1;
    }

    public boolean revoke(String inviteId, String at) {
        return handle.createUpdate("UPDATE invites SET revoked_at = :at WHERE invite_id = :id AND revoked_at IS NULL")
                .bind("at", at).bind("id", inviteId).execute() == 1;
    }
}
