package dev.swarm.node.state;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.swarm.node.error.ErrorCode;
import dev.swarm.node.error.SwarmException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DatabaseTest {
    @TempDir
    Path dir;

    private static String pragma(Path file, String name) throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file);
             Statement s = c.createStatement(); ResultSet rs = s.executeQuery("PRAGMA " + name)) {
            rs.next();
            return rs.getString(1);
        }
    }

    @Test
    void aNewFileIsMigratedToTheLatestSchemaInWalModeAndPrivate() throws Exception {
        Path file = dir.resolve("node.db");
        Database.open(file).close();
        assertThat(pragma(file, "user_version")).isEqualTo(String.valueOf(Database.SCHEMA_VERSION));
        assertThat(pragma(file, "journal_mode")).isEqualTo("wal");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
    }

    @Test
    void theWarmUpTouchesNoFileAndAnOpenRacingItWorks() throws Exception {
        Path file = dir.resolve("node.db");
        Database.warmUp();
        try (Database database = Database.open(file)) {
            List<Swarm> swarms = database.read(store -> store.swarms().all());
            assertThat(swarms).isEmpty();
        }
        Thread second = Database.warmUp();
        second.join(TimeUnit.SECONDS.toMillis(30));
        assertThat(second.isAlive()).as("the warm-up has finished").isFalse();
        try (var files = Files.list(dir)) {
            List<String> names = files.map(path -> path.getFileName().toString()).toList();
            assertThat(names).isNotEmpty().allMatch(name -> name.startsWith("node.db"));
        }
    }

    @Test
    void openingAgainKeepsTheDataAndDoesNotMigrateTwice() {
        Path file = dir.resolve("node.db");
        try (Database first = Database.open(file)) {
            first.write(store -> {
                store.swarms().insert(new Swarm("660e8400-e29b-41d4-a716-446655440001", "team", "alice", "active",
                        false, "2026-01-01T00:00:00.000Z", "2026-01-01T00:00:00.000Z"));
                return null;
            });
        }
        List<Swarm> swarms;
        try (Database again = Database.open(file)) {
            swarms = again.read(store -> store.swarms().all());
        }
        assertThat(swarms).hasSize(1);
    }

    @Test
    void aSchemaNewerThanThisCodeIsRefusedAndLeftAlone() throws Exception {
        Path file = dir.resolve("node.db");
        Database.open(file).close();
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file); Statement s = c.createStatement()) {
            s.execute("PRAGMA user_version = " + (Database.SCHEMA_VERSION + 1));
        }
        assertThatThrownBy(() -> Database.open(file))
                .isInstanceOfSatisfying(SwarmException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.CONFIG_INVALID);
                    assertThat(e.getMessage()).contains("newer");
                });
        assertThat(pragma(file, "user_version")).isEqualTo(String.valueOf(Database.SCHEMA_VERSION + 1));
    }

    @Test
    void manyWritersOnSeparateConnectionsNeverSeeDatabaseIsLocked() throws Exception {
        Path file = dir.resolve("node.db");
        try (Database first = Database.open(file)) {
            first.write(store -> {
                store.swarms().insert(new Swarm("660e8400-e29b-41d4-a716-446655440001", "team", "alice", "active",
                        false, "2026-01-01T00:00:00.000Z", "2026-01-01T00:00:00.000Z"));
                return null;
            });
        }
        int writers = 8;
        int each = 50;
        ExecutorService pool = Executors.newFixedThreadPool(writers);
        List<Future<?>> done = new ArrayList<>();
        List<Database> writersDatabases = new ArrayList<>();
        for (int w = 0; w < writers; w++) {
            int writer = w;
            // a Database per writer: separate connections, as separate processes would have
            Database own = Database.open(file);
            writersDatabases.add(own);
            done.add(pool.submit(() -> {
                for (int i = 0; i < each; i++) {
                    int n = i;
                    own.write(store -> {
                        // read then write in one transaction: the pattern that deadlocks without BEGIN IMMEDIATE
                        int before = store.outbox().list(null, 1).size();
                        store.outbox().insert(List.of(new OutboxRepository.NewRow(
                                java.util.UUID.randomUUID().toString(), "660e8400-e29b-41d4-a716-446655440001",
                                "bob-" + writer, "https://bob.example/swarm", "{}", "2026-01-01T00:00:00.000Z")));
                        return before + n;
                    });
                }
                return null;
            }));
        }
        for (Future<?> future : done) {
            future.get();
        }
        pool.shutdown();
        writersDatabases.forEach(Database::close);
        int pending;
        try (Database after = Database.open(file)) {
            pending = after.read(store -> store.outbox().counts().get("pending"));
        }
        assertThat(pending).isEqualTo(writers * each);
    }

    @Test
    void commitsLetTheWalGrowPastSqlitesDefaultBeforeCheckpointing() throws Exception {
        Path file = dir.resolve("node.db");
        Path wal = Path.of(file + "-wal");
        long defaultCheckpointBytes = 1_000L * 4096;
        String padding = "x".repeat(2000);
        try (Database database = Database.open(file)) {
            database.write(store -> {
                store.swarms().insert(new Swarm("660e8400-e29b-41d4-a716-446655440001", "team", "alice", "active",
                        false, "2026-01-01T00:00:00.000Z", "2026-01-01T00:00:00.000Z"));
                return null;
            });
            // about 12 MiB of WAL in commits of ~64 rows: with SQLite's default the file would be
            // checkpointed and reused at about 4 MiB
            for (int commit = 0; commit < 90 && Files.size(wal) <= 2 * defaultCheckpointBytes; commit++) {
                database.write(store -> {
                    List<OutboxRepository.NewRow> rows = new ArrayList<>();
                    for (int i = 0; i < 64; i++) {
                        rows.add(new OutboxRepository.NewRow(java.util.UUID.randomUUID().toString(),
                                "660e8400-e29b-41d4-a716-446655440001", "bob", "https://bob.example/swarm",
                                "{\"p\":\"" + padding + "\"}", "2026-01-01T00:00:00.000Z"));
                    }
                    store.outbox().insert(rows);
                    return null;
                });
            }
            assertThat(Files.size(wal)).isGreaterThan(2 * defaultCheckpointBytes)
                    .isLessThan((Database.WAL_AUTOCHECKPOINT_PAGES + 1_000L) * 4096);
        }
    }
}
