package dev.swarm.node.state;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * V11 copies the inbox into a table whose unique index leads with the message id: the rows, their ids
 * and their statuses survive, an id stays unique per swarm and sender, and the lookups by message id
 * still use an index.
 */
class InboxIndexesMigrationTest {
    private static final String SWARM = "660e8400-e29b-41d4-a716-446655440001";
    private static final String M1 = "550e8400-e29b-41d4-a716-446655440001";
    private static final String M2 = "550e8400-e29b-41d4-a716-446655440002";

    @TempDir
    Path dir;

    private static InboxMessage row(String messageId, String sender) {
        return new InboxMessage(0, SWARM, messageId, sender, "https://" + sender + ".example/swarm", "carol",
                "message", "hello from " + sender, "normal", "2026-01-01T00:00:00.000Z", "2026-01-01T00:00:01.000Z",
                null, null, null, null, "{}", "unread");
    }

    @Test
    void rowsOfTheOldSchemaKeepTheirIdsAndAMessageIdStaysUniquePerSwarmAndSender() throws Exception {
        Path file = dir.resolve("node.db");
        Jdbi.create("jdbc:sqlite:" + file).useHandle(h -> {
            for (int version = 1; version <= 10; version++) {
                String name = Migrations.script(version);
                h.createScript(Database.resource(name)).execute();
            }
            h.execute("PRAGMA user_version = 10");
            h.execute("INSERT INTO inbox (id, swarm_id, message_id, sender_id, sender_endpoint, recipient, type, content,"
                    + " sent_at, received_at, envelope, status) VALUES (7, ?, ?, 'alice', 'https://alice.example/swarm',"
                    + " 'carol', 'message', 'one', 't', 't', '{}', 'read')", SWARM, M1);
            h.execute("INSERT INTO inbox (id, swarm_id, message_id, sender_id, sender_endpoint, recipient, type, content,"
                    + " sent_at, received_at, envelope, status) VALUES (12, ?, ?, 'bob', 'https://bob.example/swarm',"
                    + " 'carol', 'message', 'two', 't', 't', '{}', 'unread')", SWARM, M1);
        });

        try (Database database = Database.open(file)) {
            List<InboxMessage> copies = database.read(store -> store.inbox().findByMessageId(M1, null, null));
            assertThat(copies).extracting(InboxMessage::id, InboxMessage::senderId, InboxMessage::status)
                    .containsExactlyInAnyOrder(org.assertj.core.groups.Tuple.tuple(7L, "alice", "read"),
                            org.assertj.core.groups.Tuple.tuple(12L, "bob", "unread"));
            // the same id from the same sender again: nothing added; a new id: stored after the old rows
            boolean again = database.write(store -> store.inbox().insertIfAbsent(row(M1, "alice")));
            boolean fresh = database.write(store -> store.inbox().insertIfAbsent(row(M2, "alice")));
            long total = database.read(store -> store.inbox().total());
            assertThat(again).isFalse();
            assertThat(fresh).isTrue();
            assertThat(total).isEqualTo(3);
            List<InboxMessage> stored = database.read(store -> store.inbox().findByMessageId(M2, null, null));
            assertThat(stored).singleElement().satisfies(m -> assertThat(m.id()).isGreaterThan(12));
        }
        assertThat(plan(file, "SELECT * FROM inbox WHERE message_id = 'x'"))
                .singleElement().asString().contains("USING INDEX sqlite_autoindex_inbox_1 (message_id=?)");
        assertThat(indexes(file)).doesNotContain("inbox_by_message")
                .contains("inbox_by_swarm_status", "inbox_by_sender", "inbox_by_reply", "inbox_with_references");
    }

    private static List<String> plan(Path file, String sql) throws Exception {
        List<String> steps = new ArrayList<>();
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file); Statement s = c.createStatement();
             ResultSet rows = s.executeQuery("EXPLAIN QUERY PLAN " + sql)) {
            while (rows.next()) {
                steps.add(rows.getString("detail"));
            }
        }
        return steps;
    }

    private static List<String> indexes(Path file) throws Exception {
        List<String> names = new ArrayList<>();
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file); Statement s = c.createStatement();
             ResultSet rows = s.executeQuery("SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'inbox'")) {
            while (rows.next()) {
                names.add(rows.getString(1));
            }
        }
        return names;
    }
}
