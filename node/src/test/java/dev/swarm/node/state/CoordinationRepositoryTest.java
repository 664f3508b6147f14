package dev.swarm.node.state;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The coordination tables: numbers given once, the earliest acknowledgement kept, a position held by one event. */
class CoordinationRepositoryTest {
    private static final String SWARM = "660e8400-e29b-41d4-a716-446655440001";
    private static final String FIRST = "2026-02-01T08:00:00.000Z";
    private static final String LATER = "2026-02-03T08:00:00.000Z";
    private static final String AT = "2026-02-05T14:30:00.000Z";
    private static final String M1 = "550e8400-e29b-41d4-a716-446655440001";
    private static final String M2 = "550e8400-e29b-41d4-a716-446655440002";

    @TempDir
    Path dir;

    @Test
    void sequenceNumbersStartAtOneAndNeverRepeatAcrossTransactionsAndSwarms() {
        try (Database db = Database.open(dir.resolve("node.db"))) {
            assertThat(db.<Long>write(store -> store.coordination().nextSeq(SWARM))).isEqualTo(1L);
            assertThat(db.<List<Long>>write(store -> List.of(store.coordination().nextSeq(SWARM),
                    store.coordination().nextSeq(SWARM))))
                    .containsExactly(2L, 3L);
            assertThat(db.<Long>write(store -> store.coordination().nextSeq("other"))).isEqualTo(1L);
            try {
                db.write(store -> {
                    store.coordination().nextSeq(SWARM);
                    throw new IllegalStateException("the storing transaction fails");
                });
            } catch (IllegalStateException expected) {
                // rolled back with the message: the number is given to the next one
            }
            assertThat(db.<Long>write(store -> store.coordination().nextSeq(SWARM))).isEqualTo(4L);
        }
    }

    @Test
    void anEventKeepsItsEarliestAcknowledgementAndAPositionBelongsToTheFirstEventRecordedThere() {
        try (Database db = Database.open(dir.resolve("node.db"))) {
            CoordinationRepository.AckRow later = new CoordinationRepository.AckRow("bob", M1, LATER, 2, "carol");
            CoordinationRepository.AckRow earlier = new CoordinationRepository.AckRow("bob", M1, FIRST, 9, "alice");
            assertThat(record(db, later)).isTrue();
            assertThat(record(db, earlier)).isTrue();
            assertThat(record(db, later)).as("later again").isFalse();
            assertThat(ack(db, "bob", M1)).contains(earlier);

            CoordinationRepository.AckRow squatter = new CoordinationRepository.AckRow("mallory", M2, FIRST, 9,
                    "alice");
            assertThat(record(db, squatter)).isFalse();
            assertThat(ack(db, "mallory", M2)).isEmpty();
            assertThat(db.<Boolean>read(store -> store.coordination().acknowledgedBy(SWARM, "alice"))).isTrue();
            assertThat(db.<Boolean>read(store -> store.coordination().acknowledgedBy(SWARM, "carol"))).isFalse();
        }
    }

    @Test
    void theBacklogIsWhatHasNoAcknowledgementOldestFirst() {
        try (Database db = Database.open(dir.resolve("node.db"))) {
            db.write(store -> {
                store.coordination().recordEvent(SWARM, "carol", M2, LATER, AT);
                store.coordination().recordEvent(SWARM, "bob", M1, FIRST, AT);
                store.coordination().recordEvent(SWARM, "bob", M1, FIRST, AT);
                store.coordination().recordEvent(SWARM, "dave", "550e8400-e29b-41d4-a716-446655440003", FIRST, AT);
                store.coordination().recordAck(SWARM, new CoordinationRepository.AckRow("dave",
                        "550e8400-e29b-41d4-a716-446655440003", FIRST, 1, "alice"), AT);
                return null;
            });
            assertThat(backlog(db)).containsExactly(
                    new CoordinationRepository.EventRow("bob", M1, FIRST),
                    new CoordinationRepository.EventRow("carol", M2, LATER));
        }
    }

    @Test
    void claimsStoredBeforeTheMigrationJoinTheBacklogAndOtherMessagesDoNot() throws Exception {
        Path file = dir.resolve("node.db");
        try (Database db = Database.open(file)) {
            db.write(store -> {
                store.inbox().insertIfAbsent(row(M1, "{\"metadata\":{\"issue_event\":\"released\"}}",
                        "[{\"type\":\"github_issue\",\"repo\":\"o/r\",\"number\":1}]"));
                store.inbox().insertIfAbsent(row(M2, "{}",
                        "[{\"type\":\"github_pr\",\"repo\":\"o/r\",\"number\":2,\"action\":\"claimed\"}]"));
                store.inbox().insertIfAbsent(row("550e8400-e29b-41d4-a716-446655440003", "{}",
                        "[{\"type\":\"github_issue\",\"repo\":\"o/r\",\"number\":3,\"action\":\"mention\"}]"));
                store.sentMessages().record("550e8400-e29b-41d4-a716-446655440004", SWARM,
                        "{\"timestamp\":\"" + LATER + "\",\"sender\":{\"agent_id\":\"alice\"},\"references\":"
                                + "[{\"type\":\"github_issue\",\"repo\":\"o/r\",\"number\":4,"
                                + "\"action\":\"completed\"}]}",
                        AT, true);
                return null;
            });
        }
        // back to the schema before this migration (V8), keeping the messages: what V8 and every later
        // migration made is dropped, so they all run again
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file); Statement s = c.createStatement()) {
            for (String table : List.of("coordination_events", "coordination_acks", "coordination_sequence",
                    "presence", "own_presence", "local_roles", "presence_deliveries", "stuck_notices", "message_chains",
                    "guard_holds", "guard_notices", "guard_reports", "lease_events")) {
                s.execute("DROP TABLE " + table);
            }
            s.execute("DROP INDEX inbox_by_sender");
            s.execute("DROP INDEX outbox_by_recipient");
            s.execute("PRAGMA user_version = 7");
        }
        try (Database db = Database.open(file)) {
            assertThat(backlog(db))
                    .extracting(CoordinationRepository.EventRow::messageId)
                    .containsExactlyInAnyOrder(M1, M2, "550e8400-e29b-41d4-a716-446655440004");
            assertThat(backlog(db))
                    .filteredOn(e -> e.messageId().endsWith("4")).singleElement()
                    .satisfies(e -> assertThat(e.senderId()).isEqualTo("alice"));
        }
    }

    private static Optional<CoordinationRepository.AckRow> ack(Database db, String sender, String messageId) {
        return db.read(store -> store.coordination().ack(SWARM, sender, messageId));
    }

    private static boolean record(Database db, CoordinationRepository.AckRow ack) {
        return db.write(store -> store.coordination().recordAck(SWARM, ack, AT));
    }

    private static List<CoordinationRepository.EventRow> backlog(Database db) {
        return db.read(store -> store.coordination().unacknowledged(SWARM));
    }

    private static InboxMessage row(String messageId, String envelope, String references) {
        return new InboxMessage(0, SWARM, messageId, "bob", "https://bob.example.com/swarm", "broadcast", "message",
                "x", "normal", FIRST, AT, null, null, null, references, envelope, "unread");
    }
}
