package dev.swarm.node.state;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteDataSource;

/**
 * A look at the database file from outside the node's pools: SQLite's integrity check on a read-only
 * connection of its own (so a file that the node cannot open, or that another process holds, is still
 * examined), the schema version, and the write-ahead log's size.
 */
public final class DatabaseHealth {
    /** What was found: SQLite's complaints (none when healthy), {@code PRAGMA user_version}, WAL bytes. */
    public record Report(List<String> problems, int schemaVersion, long walBytes) {
    }

    private DatabaseHealth() {
    }

    public static Report check(Path file) {
        long wal = walBytes(file);
        SqliteNative.prepare();
        SQLiteConfig config = new SQLiteConfig();
        config.setReadOnly(true);
        config.setBusyTimeout(10_000);
        SQLiteDataSource source = new SQLiteDataSource(config);
        source.setUrl("jdbc:sqlite:" + file.toAbsolutePath());
        List<String> problems = new ArrayList<>();
        int version = -1;
        try (Connection connection = source.getConnection(); Statement statement = connection.createStatement()) {
            try (ResultSet rows = statement.executeQuery("PRAGMA user_version")) {
                version = rows.next() ? rows.getInt(1) : -1;
            }
            try (ResultSet rows = statement.executeQuery("PRAGMA integrity_check(20)")) {
                while (rows.next()) {
                    String line = rows.getString(1);
                    if (!"ok".equals(line)) {
                        problems.add(line);
                    }
                }
            }
        } catch (SQLException e) {
            problems.add(e.getMessage());
        }
        if (version > Migrations.LATEST) {
            problems.add("schema version " + version + " is newer than this swarm knows (" + Migrations.LATEST + ")");
        }
        return new Report(List.copyOf(problems), version, wal);
    }

    private static long walBytes(Path file) {
        try {
            Path wal = Path.of(file + "-wal");
            return Files.exists(wal) ? Files.size(wal) : 0;
        } catch (IOException e) {
            return 0;
        }
    }
}
