package dev.swarm.node.state;

import dev.swarm.node.error.ErrorCode;
import dev.swarm.node.error.SwarmException;
import java.util.List;
import org.jdbi.v3.core.Handle;

/**
 * Numbered schema migrations, tracked in {@code PRAGMA user_version}. Migration N lives in
 * {@code /db/migration/VN__*.sql}; each runs in one transaction together with the version bump, so a
 * crash leaves the file at the old or the new version, never between. Never edit a released
 * migration: add the next one.
 */
final class Migrations {
    private static final List<String> SCRIPTS = List.of("/db/migration/V1__core.sql",
            "/db/migration/V2__delivery.sql", "/db/migration/V3__lifecycle.sql", "/db/migration/V4__wake.sql",
            "/db/migration/V5__issues.sql", "/db/migration/V6__wake_outcomes.sql",
            "/db/migration/V7__integrity.sql", "/db/migration/V8__coordination_order.sql",
            "/db/migration/V9__coordination.sql", "/db/migration/V10__leases.sql",
            "/db/migration/V11__inbox_indexes.sql");
    static final int LATEST = SCRIPTS.size();

    private Migrations() {
    }

    /** The resource of migration {@code version} (1 is the first). */
    static String script(int version) {
        return SCRIPTS.get(version - 1);
    }

    static void apply(Handle handle) {
        handle.useTransaction(h -> {
            int current = h.createQuery("PRAGMA user_version").mapTo(Integer.class).one();
            if (current > LATEST) {
                throw new SwarmException(ErrorCode.CONFIG_INVALID, "the database schema is version " + current
                        + ", newer than this swarm knows (" + LATEST + "); upgrade swarm to use this database");
            }
            for (int version = current + 1; version <= LATEST; version++) {
                h.createScript(Database.resource(script(version))).execute();
                h.execute("PRAGMA user_version = " + version);
            }
        });
    }
}
