package dev.swarm.node.state;

import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.mapper.RowMapper;

/** The {@code mutes} table. */
public final class MuteRepository {
    private static final RowMapper<Mute> MAPPER = (rs, ctx) -> new Mute(rs.getString("kind"), rs.getString("target"),
            rs.getString("reason"), rs.getString("created_at"));

    private final Handle handle;

    MuteRepository(Handle handle) {
        this.handle = handle;
    }

    public List<Mute> all() {
        return handle.createQuery("SELECT * FROM mutes ORDER BY kind, target").map(MAPPER).list();
    }

    /** Mutes the agent or swarm; muting it again keeps the first time and takes the new reason if one is given. */
    public void add(Mute mute) {
        handle.createUpdate("""
                INSERT INTO mutes (kind, target, reason, created_at) VALUES (:kind, :target, :reason, :createdAt)
                ON CONFLICT (kind, target) DO UPDATE SET reason = coalesce(excluded.reason, reason)""")
                .bind("kind", mute.kind()).bind("target", mute.target()).bind("reason", mute.reason())
                .bind("createdAt", mute.createdAt())
                .execute();
    }

    public Optional<Mute> find(String kind, String target) {
        return handle.createQuery("SELECT * FROM mutes WHERE kind = :kind AND target = :target")
                .bind("kind", kind).bind("target", target).map(MAPPER).findOne();
    }

    /** Unmutes; false when it was not muted. */
    public boolean remove(String kind, String target) {
        return handle.createUpdate("DELETE FROM mutes WHERE kind = :kind AND target = :target")
                .bind("kind", kind).bind("target", target).execute() > 0;
    }

    public boolean isMuted(String kind, String target) {
        return handle.createQuery("SELECT count(*) FROM mutes WHERE kind = :kind AND target = :target")
                .bind("kind", kind).bind("target", target).mapTo(Integer.class).one() > 0;
    }
}
