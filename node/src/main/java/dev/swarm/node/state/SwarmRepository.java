package dev.swarm.node.state;

import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.mapper.RowMapper;

/** The {@code swarms} table. */
public final class SwarmRepository {
    private static final RowMapper<Swarm> MAPPER = (rs, ctx) -> new Swarm(rs.getString("swarm_id"),
            rs.getString("name"), rs.getString("master"), rs.getString("state"), rs.getInt("require_approval") == 1,
            rs.getString("created_at"), rs.getString("joined_at"));

    private final Handle handle;

    SwarmRepository(Handle handle) {
        this.handle = handle;
    }

    public void insert(Swarm swarm) {
        handle.createUpdate("""
                INSERT INTO swarms (swarm_id, name, master, state, require_approval, created_at, joined_at)
                VALUES (:swarmId, :name, :master, :state, :requireApproval, :createdAt, :joinedAt)""")
                .bind("swarmId", swarm.swarmId()).bind("name", swarm.name()).bind("master", swarm.master())
                .bind("state", swarm.state()).bind("requireApproval", swarm.requireApproval() ? 1 : 0)
                .bind("createdAt", swarm.createdAt()).bind("joinedAt", swarm.joinedAt())
                .execute();
    }

    /** Inserts the swarm or, if it is known already (a re-join), updates its name, master and state. */
    public void upsert(Swarm swarm) {
        handle.createUpdate("""
                INSERT INTO swarms (swarm_id, name, master, state, require_approval, created_at, joined_at)
                VALUES (:swarmId, :name, :master, :state, :requireApproval, :createdAt, :joinedAt)
                ON CONFLICT (swarm_id) DO UPDATE SET name = excluded.name, master = excluded.master,
                    state = excluded.state""")
                .bind("swarmId", swarm.swarmId()).bind("name", swarm.name()).bind("master", swarm.master())
                .bind("state", swarm.state()).bind("requireApproval", swarm.requireApproval() ? 1 : 0)
                .bind("createdAt", swarm.createdAt()).bind("joinedAt", swarm.joinedAt())
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

    public void setState(String swarmId, String state, String at) {
        handle.createUpdate("UPDATE swarms SET state = :state, state_changed_at = :at WHERE swarm_id = :swarmId")
                .bind("state", state).bind("at", at).bind("swarmId", swarmId).execute();
    }
}
