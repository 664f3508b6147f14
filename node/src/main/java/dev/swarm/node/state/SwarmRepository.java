package dev.swarm.node.state;

import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.mapper.RowMapper;

/** The {@code swarms} table. */
public final class SwarmRepository {
    private static final RowMapper<Swarm> MAPPER = (rs, ctx) -> new Swarm(rs.getString("swarm_id"),
            rs.getString("name"), rs.getString("master"), rs.getString("state"), rs.getInt("require_approval") == 1,
            rs.getString("created_at"), rs.getString("joined_at"), rs.getString("master_since"));

    private final Handle handle;

    SwarmRepository(Handle handle) {
        this.handle = handle;
    }

    public void insert(Swarm swarm) {
        handle.createUpdate("""
                INSERT INTO swarms (swarm_id, name, master, state, require_approval, created_at, joined_at,
                    master_since)
                VALUES (:swarmId, :name, :master, :state, :requireApproval, :createdAt, :joinedAt, :masterSince)""")
                .bind("swarmId", swarm.swarmId()).bind("name", swarm.name()).bind("master", swarm.master())
                .bind("state", swarm.state()).bind("requireApproval", swarm.requireApproval() ? 1 : 0)
                .bind("createdAt", swarm.createdAt()).bind("joinedAt", swarm.joinedAt())
                .bind("masterSince", swarm.masterSince())
                .execute();
    }

    /**
     * Inserts the swarm or, if it is known already (a re-join), updates its name, master and state; the
     * master is then known since this join.
     */
    public void upsert(Swarm swarm) {
        handle.createUpdate("""
                INSERT INTO swarms (swarm_id, name, master, state, require_approval, created_at, joined_at,
                    master_since)
                VALUES (:swarmId, :name, :master, :state, :requireApproval, :createdAt, :joinedAt, :masterSince)
                ON CONFLICT (swarm_id) DO UPDATE SET name = excluded.name, master = excluded.master,
                    state = excluded.state, master_since = excluded.master_since""")
                .bind("swarmId", swarm.swarmId()).bind("name", swarm.name()).bind("master", swarm.master())
                .bind("state", swarm.state()).bind("requireApproval", swarm.requireApproval() ? 1 : 0)
                .bind("createdAt", swarm.createdAt()).bind("joinedAt", swarm.joinedAt())
                .bind("masterSince", swarm.masterSince())
                .execute();
    }

    public Optional<Swarm> find(String swarmId) {
        return handle.createQuery("SELECT * FROM swarms WHERE swarm_id = :swarmId")
                .bind("swarmId", swarmId).map(MAPPER).findOne();
    }

    public List<Swarm> all() {
        return handle.createQuery("SELECT * FROM swarms ORDER BY joined_at, swarm_id").map(MAPPER).list();
    }

    public List<Swarm> active() {
        return handle.createQuery("SELECT * FROM swarms WHERE state = 'active' ORDER BY joined_at, swarm_id")
                .map(MAPPER).list();
    }

    /** Records a new master, known since {@code since} (the transfer proof's timestamp). */
    public void setMaster(String swarmId, String master, String since) {
        handle.createUpdate("UPDATE swarms SET master = :master, master_since = :since WHERE swarm_id = :swarmId")
                .bind("master", master).bind("since", since).bind("swarmId", swarmId).execute();
    }

    public void setRequireApproval(String swarmId, boolean requireApproval) {
        handle.createUpdate("UPDATE swarms SET require_approval = :value WHERE swarm_id = :swarmId")
                .bind("value", requireApproval ? 1 : 0).bind("swarmId", swarmId).execute();
    }

    public void setState(String swarmId, String state, String at) {
        handle.createUpdate("UPDATE swarms SET state = :state, state_changed_at = :at WHERE swarm_id = :swarmId")
                .bind("state", state).bind("at", at).bind("swarmId", swarmId).execute();
    }

    /** Keeps the invite this node joined the swarm with (a re-join with it refreshes the member list). */
    public void setInviteToken(String swarmId, String token) {
        handle.createUpdate("UPDATE swarms SET invite_token = :token WHERE swarm_id = :swarmId")
                .bind("token", token).bind("swarmId", swarmId).execute();
    }

    /** The invite this node joined the swarm with, if it joined (not created) it. */
    public Optional<String> inviteToken(String swarmId) {
        return handle.createQuery("SELECT invite_token FROM swarms WHERE swarm_id = :swarmId")
                .bind("swarmId", swarmId).mapTo(String.class).findOne();
    }
}
