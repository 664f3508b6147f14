package dev.swarm.node.support;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Every row of every table of a node's database, read over a separate plain JDBC connection. Two
 * dumps are equal when nothing was stored, changed or removed in between. Left out: what the daemon
 * writes on its own schedule whatever arrives (its own presence, the wake log).
 */
public record DbDump(Map<String, List<Map<String, Object>>> tables) {
    private static final List<String> TABLES = List.of("swarms", "members", "inbox", "outbox", "mutes", "invites",
            "join_requests", "pending_joins", "removed_members", "presence", "local_roles", "presence_deliveries",
            "message_chains", "guard_holds", "guard_notices", "guard_reports", "stuck_notices", "lease_events",
            "coordination_events", "coordination_acks");

    public static DbDump of(Path databaseFile) {
        Map<String, List<Map<String, Object>>> tables = new LinkedHashMap<>();
        try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + databaseFile);
             Statement statement = connection.createStatement()) {
            for (String table : TABLES) {
                List<Map<String, Object>> rows = new ArrayList<>();
                try (ResultSet rs = statement.executeQuery("SELECT * FROM " + table + " ORDER BY rowid")) {
                    ResultSetMetaData meta = rs.getMetaData();
                    while (rs.next()) {
                        Map<String, Object> row = new LinkedHashMap<>();
                        for (int i = 1; i <= meta.getColumnCount(); i++) {
                            row.put(meta.getColumnName(i), rs.getObject(i));
                        }
                        rows.add(row);
                    }
                }
                tables.put(table, rows);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read " + databaseFile, e);
        }
        return new DbDump(tables);
    }

    public List<Map<String, Object>> rows(String table) {
        return tables.get(table);
    }

    public int count(String table) {
        return tables.get(table).size();
    }

    /** The same dump without these tables (ones that change on their own schedule, such as presence). */
    public DbDump without(String... names) {
        Map<String, List<Map<String, Object>>> kept = new LinkedHashMap<>(tables);
        for (String name : names) {
            kept.remove(name);
        }
        return new DbDump(kept);
    }
}
