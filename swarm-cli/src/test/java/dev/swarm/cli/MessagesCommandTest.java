package dev.swarm.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.swarm.node.crypto.Ed25519;
import dev.swarm.node.protocol.Json;
import dev.swarm.node.state.InboxMessage;
import dev.swarm.node.state.Member;
import dev.swarm.node.state.Swarm;
import dev.swarm.node.support.DbDump;
import dev.swarm.node.support.RawClient;
import dev.swarm.node.support.TestNode;
import dev.swarm.node.support.WireMessages;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** {@code swarm messages} on a running node that bob has sent messages to over the wire. */
class MessagesCommandTest {
    private static final String BOB_ENDPOINT = "https://bob.example.com/swarm";

    @TempDir
    Path tmp;

    private TestNode alice;
    private RawClient client;
    private Swarm swarm;
    private byte[] bobSeed;
    private Cli cli;

    @BeforeEach
    void setUp() {
        alice = TestNode.start(tmp, "alice");
        client = new RawClient();
        swarm = alice.node().swarms().create("build-team", false);
        bobSeed = Ed25519.newSeed(new SecureRandom());
        String bobKey = Ed25519.encode(Ed25519.privateKey(bobSeed).generatePublicKey());
        alice.node().database().write(store -> {
            store.members().upsert(new Member(swarm.swarmId(), "bob", BOB_ENDPOINT, bobKey, List.of(),
                    "2026-01-01T00:00:00.000Z"));
            return null;
        });
        cli = Cli.env(alice.env());
    }

    @AfterEach
    void tearDown() {
        client.close();
        alice.close();
    }

    /** Bob sends alice a message over HTTPS; returns its id once alice has answered 200. */
    private String oneFromBob(String content) {
        ObjectNode envelope = WireMessages.signed(bobSeed, "bob", BOB_ENDPOINT, swarm.swarmId(), "alice", "message",
                content);
        RawClient.Answer answer = client.post(alice.endpoint() + "/message", WireMessages.bytes(envelope));
        assertThat(answer.status()).as(answer.body()).isEqualTo(200);
        return envelope.get("message_id").asText();
    }

    private List<String> fromBob(String... contents) {
        List<String> ids = new ArrayList<>();
        for (String content : contents) {
            ids.add(oneFromBob(content));
        }
        return ids;
    }

    private static List<String> field(JsonNode listing, String name) {
        return StreamSupport.stream(listing.path("messages").spliterator(), false)
                .map(m -> m.path(name).asText()).toList();
    }

    private List<String> statusOf(List<String> messageIds) {
        DbDump dump = alice.dump();
        return messageIds.stream().map(id -> dump.rows("inbox").stream().filter(r -> id.equals(r.get("message_id")))
                .findFirst().map(r -> (String) r.get("status")).orElse("absent")).toList();
    }

    @Test
    void messagesListsUnreadOldestFirstAndMarksThemRead() {
        List<String> ids = fromBob("first", "second", "third");

        JsonNode listing = cli.json("messages");

        assertThat(listing.path("count").asInt()).isEqualTo(3);
        assertThat(listing.path("swarm_id").asText()).isEqualTo(swarm.swarmId());
        assertThat(field(listing, "content")).containsExactly("first", "second", "third");
        assertThat(field(listing, "message_id")).containsExactlyElementsOf(ids);
        assertThat(listing.path("messages")).allSatisfy(m -> {
            assertThat(m.path("sender").path("agent_id").asText()).isEqualTo("bob");
            assertThat(m.path("swarm_id").asText()).isEqualTo(swarm.swarmId());
        });
        assertThat(statusOf(ids)).containsOnly("read");
        assertThat(cli.json("messages").path("count").asInt()).isZero();
    }

    @Test
    void humanOutputShowsSenderAndContent() {
        oneFromBob("the build is green");

        Cli.Result result = cli.ok("messages");

        assertThat(result.out()).contains("bob").contains("the build is green");
        assertThat(cli.ok("messages").out()).contains("No unread messages");
    }

    @Test
    void noMarkReadLeavesMessagesUnread() {
        List<String> ids = fromBob("one", "two");

        assertThat(field(cli.json("messages", "--no-mark-read"), "message_id")).containsExactlyElementsOf(ids);
        assertThat(statusOf(ids)).containsOnly("unread");
        assertThat(field(cli.json("messages"), "message_id")).containsExactlyElementsOf(ids);
        assertThat(statusOf(ids)).containsOnly("read");
    }

    @Test
    void statusSelectsReadArchivedDeletedOrAllButDeleted() {
        List<String> ids = fromBob("m1", "m2", "m3", "m4", "m5");
        cli.json("messages", "--limit", "2");
        cli.json("messages", "--archive", ids.get(2));
        cli.json("messages", "--delete", ids.get(3));

        assertThat(field(cli.json("messages", "--status", "read"), "content")).containsExactly("m1", "m2");
        assertThat(field(cli.json("messages", "--status", "archived"), "content")).containsExactly("m3");
        assertThat(field(cli.json("messages", "--status", "deleted"), "content")).containsExactly("m4");
        assertThat(field(cli.json("messages", "--status", "unread", "--no-mark-read"), "content"))
                .containsExactly("m5");
        JsonNode all = cli.json("messages", "--status", "all", "--no-mark-read");
        assertThat(field(all, "content")).containsExactly("m1", "m2", "m3", "m5");
        assertThat(field(all, "status")).containsExactly("read", "read", "archived", "unread");
        assertThat(statusOf(ids)).containsExactly("read", "read", "archived", "deleted", "unread");
    }

    @Test
    void unknownStatusWordExitsTwo() {
        fromBob("m1");

        Cli.Result result = cli.run("messages", "--status", "starred");

        assertThat(result.exit()).isEqualTo(2);
        assertThat(result.err()).contains("--status");
    }

    @Test
    void limitPagesThroughUnreadOldestFirst() {
        fromBob("m1", "m2", "m3", "m4", "m5");

        assertThat(field(cli.json("messages", "--limit", "2"), "content")).containsExactly("m1", "m2");
        assertThat(field(cli.json("messages", "-l", "2"), "content")).containsExactly("m3", "m4");
        assertThat(field(cli.json("messages", "--limit", "2"), "content")).containsExactly("m5");
        assertThat(field(cli.json("messages", "--status", "read", "--limit", "2"), "content"))
                .containsExactly("m4", "m5");
    }

    @Test
    void defaultLimitIsTen() {
        for (int i = 1; i <= 12; i++) {
            oneFromBob("m" + i);
        }

        assertThat(cli.json("messages").path("count").asInt()).isEqualTo(10);
        assertThat(field(cli.json("messages"), "content")).containsExactly("m11", "m12");
    }

    @ParameterizedTest
    @ValueSource(strings = {"0", "-1", "100001"})
    void limitOutsideOneToOneHundredThousandExitsTwo(String limit) {
        List<String> ids = fromBob("m1");

        Cli.Result result = cli.run("messages", "--limit", limit);

        assertThat(result.exit()).isEqualTo(2);
        assertThat(result.err()).contains("--limit");
        assertThat(statusOf(ids)).containsOnly("unread");
    }

    @Test
    void tenThousandMessagesAreListedInOneCall() {
        List<String> ids = insertUnread(10_000);

        JsonNode listing = cli.json("messages", "--limit", "10000");

        assertThat(listing.path("count").asInt()).isEqualTo(10_000);
        assertThat(field(listing, "message_id")).isEqualTo(ids);
        JsonNode counts = cli.json("messages", "--count");
        assertThat(counts.path("unread").asInt()).isZero();
        assertThat(counts.path("read").asInt()).isEqualTo(10_000);
    }

    @Test
    void theLargestAllowedLimitListsAndMarksEveryUnreadMessage() {
        List<String> ids = insertUnread(40_000);

        JsonNode listing = cli.json("messages", "--limit", "100000");

        assertThat(listing.path("count").asInt()).isEqualTo(40_000);
        assertThat(field(listing, "message_id")).isEqualTo(ids);
        assertThat(cli.json("messages", "--count").path("unread").asInt()).isZero();
    }

    /**
     * Stores {@code n} messages from bob straight into alice's inbox in one transaction, oldest first.
     * The rows bypass the receive path, so only the first envelope is signed; listing never re-verifies.
     */
    private List<String> insertUnread(int n) {
        ObjectNode template = WireMessages.signed(bobSeed, "bob", BOB_ENDPOINT, swarm.swarmId(), "broadcast",
                "message", "bulk");
        String at = template.get("timestamp").asText();
        List<InboxMessage> rows = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            ObjectNode envelope = template.deepCopy();
            envelope.put("message_id", UUID.randomUUID().toString());
            envelope.put("content", "bulk " + i);
            rows.add(new InboxMessage(0, swarm.swarmId(), envelope.get("message_id").asText(), "bob", BOB_ENDPOINT,
                    "broadcast", "message", "bulk " + i, "normal", at, at, null, null, null, null,
                    Json.toText(envelope), "unread"));
        }
        alice.node().database().write(store -> {
            rows.forEach(row -> assertThat(store.inbox().insertIfAbsent(row)).isTrue());
            return null;
        });
        return rows.stream().map(InboxMessage::messageId).toList();
    }

    @Test
    void countReportsEveryStatusWithoutMarkingAnything() {
        List<String> ids = fromBob("m1", "m2", "m3", "m4");
        cli.json("messages", "--limit", "1");
        cli.json("messages", "--archive", ids.get(1));
        cli.json("messages", "--delete", ids.get(2));

        JsonNode counts = cli.json("messages", "--count");

        assertThat(counts.path("swarm_id").asText()).isEqualTo(swarm.swarmId());
        assertThat(counts.path("unread").asInt()).isEqualTo(1);
        assertThat(counts.path("read").asInt()).isEqualTo(1);
        assertThat(counts.path("archived").asInt()).isEqualTo(1);
        assertThat(counts.path("deleted").asInt()).isEqualTo(1);
        assertThat(counts.path("total").asInt()).isEqualTo(4);
        assertThat(statusOf(ids)).containsExactly("read", "archived", "deleted", "unread");
    }

    @Test
    void archiveThenDeleteMovesOnlyThatMessage() {
        List<String> ids = fromBob("keep", "file away");

        JsonNode archived = cli.json("messages", "--archive", ids.get(1));
        assertThat(archived.path("status").asText()).isEqualTo("archived");
        assertThat(archived.path("message_id").asText()).isEqualTo(ids.get(1));
        assertThat(statusOf(ids)).containsExactly("unread", "archived");
        assertThat(field(cli.json("messages", "--status", "archived"), "message_id")).containsExactly(ids.get(1));

        JsonNode deleted = cli.json("messages", "--delete", ids.get(1));
        assertThat(deleted.path("status").asText()).isEqualTo("deleted");
        assertThat(statusOf(ids)).containsExactly("unread", "deleted");
        assertThat(field(cli.json("messages", "--status", "deleted"), "message_id")).containsExactly(ids.get(1));
        assertThat(field(cli.json("messages", "--status", "all", "--no-mark-read"), "message_id"))
                .containsExactly(ids.get(0));
    }

    @Test
    void deletingAnUnknownMessageExitsFiveAndChangesNothing() {
        fromBob("m1");
        DbDump before = alice.dump();
        String unknown = UUID.randomUUID().toString();

        Cli.Result result = cli.run("messages", "--delete", unknown);
        Cli.Result json = cli.run("messages", "--delete", unknown, "--json");

        assertThat(result.exit()).isEqualTo(5);
        assertThat(result.errLines()).singleElement().asString().startsWith("error: ").contains(unknown);
        assertThat(json.exit()).isEqualTo(5);
        assertThat(json.json().path("error").path("code").asText()).isEqualTo("NOT_FOUND");
        assertThat(alice.dump()).isEqualTo(before);
    }

    @Test
    void archivingADeletedMessageIsRefusedAndLeavesItDeleted() {
        List<String> ids = fromBob("m1");
        cli.json("messages", "--delete", ids.get(0));
        DbDump before = alice.dump();

        Cli.Result result = cli.run("messages", "--archive", ids.get(0));
        Cli.Result json = cli.run("messages", "--archive", ids.get(0), "--json");

        assertThat(result.exit()).isEqualTo(2);
        assertThat(result.errLines()).singleElement().asString().startsWith("error: ").contains("deleted");
        assertThat(json.exit()).isEqualTo(2);
        assertThat(json.json().path("error").path("code").asText()).isEqualTo("INVALID_ARGUMENT");
        assertThat(alice.dump()).isEqualTo(before);
        assertThat(statusOf(ids)).containsExactly("deleted");
    }
}
