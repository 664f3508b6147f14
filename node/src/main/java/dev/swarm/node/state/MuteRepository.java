package dev.swarm.node.state;

import java.util.List;
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

    public boolean isMuted(String kind, String target) {
        return handle.createQuery("SELECT count(*) FROM mutes WHERE kind = :kind AND target = :target")
                .bind("kind", kind).bind("target", target).mapTo(Integer.class).one() > 0;
    }
}
