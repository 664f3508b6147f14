package dev.swarm.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import com.fasterxml.jackson.databind.JsonNode;
import dev.swarm.node.crypto.Ed25519;
import dev.swarm.node.identity.SwarmHome;
import dev.swarm.node.protocol.Json;
import dev.swarm.node.protocol.Timestamps;
import dev.swarm.node.support.DbDump;
import dev.swarm.node.support.Schemas;
import dev.swarm.node.support.ScriptedPeer;
import dev.swarm.node.support.ScriptedPeer.Answer;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code swarm outbox}, {@code swarm outbox retry|purge} and {@code swarm sent} with no daemon: alice
 * sends to members whose endpoints are {@link ScriptedPeer}s (plain HTTP on loopback, hence
 * {@code allow_insecure_loopback}), so each command delivers itself and every outcome is scripted.
 * Every {@code --json} document is checked against its schema in {@code schemas/cli/}.
 */
class OutboxCommandTest {
    @TempDir
    Path tmp;

    private final List<ScriptedPeer> peers = new ArrayList<>();
    private Path home;
    private Cli alice;
    private String swarmId;

    @BeforeEach
    void setUp() {
        home = tmp.resolve("alice");
        Cli plain = Cli.home(home);
        plain.ok("init", "--agent-id", "alice", "--endpoint", "https://127.0.0.1:9/swarm");
        swarmId = plain.json("create", "--name", "build-team").path("swarm_id").asText();
        alice = plain.with("SWARM_ALLOW_INSECURE_LOOPBACK", "true");
    }

    @AfterEach
    void tearDown() {
        peers.forEach(ScriptedPeer::close);
    }

    /** A member of alice's swarm whose endpoint answers as the test scripts it (200 until told otherwise). */
    private ScriptedPeer member(String agentId) {
        ScriptedPeer peer = new ScriptedPeer();
        peers.add(peer);
        String key = Ed25519.encode(Ed25519.privateKey(Ed25519.newSeed(new SecureRandom())).generatePublicKey());
        NodeState.write(home, store -> store.members().upsert(NodeState.member(swarmId, agentId, peer.endpoint(),
                key)));
        return peer;
    }

    /** Runs with {@code --json}, insists on exit 0 and on a document valid against {@code cli/<schema>.schema.json}. */
    private static JsonNode json(Cli cli, String schema, String... args) {
        Cli.Result result = cli.ok(withJson(args));
        Schemas.assertValid("cli/" + schema + ".schema.json", result.out());
        return result.json();
    }

    private JsonNode json(String schema, String... args) {
        return json(alice, schema, args);
    }

    /** Runs with {@code --json}, insists on {@code exit} and on a valid error document; returns {@code error}. */
    private JsonNode fails(int exit, String... args) {
        Cli.Result result = alice.run(withJson(args));
        assertThat(result.exit()).as("exit of swarm %s; stdout: %s; stderr: %s", result.args(), result.out(),
                result.err()).isEqualTo(exit);
        Schemas.assertValid("cli/error.schema.json", result.out());
        return result.json().path("error");
    }

    private static String[] withJson(String... args) {
        String[] withJson = Arrays.copyOf(args, args.length + 1);
        withJson[args.length] = "--json";
        return withJson;
    }

    private static List<JsonNode> rows(JsonNode listing) {
        return items(listing.path("rows"));
    }

    private static List<JsonNode> items(JsonNode array) {
        assertThat(array.isArray()).as("a JSON array: %s", array).isTrue();
        return StreamSupport.stream(array.spliterator(), false).toList();
    }

    private static List<String> messageIds(ScriptedPeer peer) {
        return peer.received().stream().map(r -> Json.readTree(r.body()).path("message_id").asText()).toList();
    }

    private String sendTo(String to, String text) {
        return json("send", "send", "--to", to, "--message", text).path("message_id").asText();
    }

    private JsonNode row(long id) {
        return rows(json("outbox", "outbox", "--limit", "1000")).stream().filter(r -> r.path("id").asLong() == id)
                .findFirst().orElseThrow(() -> new AssertionError("no outbox row " + id));
    }

    private long rowIdOf(String messageId) {
        return rows(json("outbox", "outbox", "--limit", "1000")).stream()
                .filter(r -> r.path("message_id").asText().equals(messageId)).findFirst()
                .orElseThrow(() -> new AssertionError("no outbox row for " + messageId)).path("id").asLong();
    }

    @Test
    void outboxShowsEachDeliveryWithItsAttemptsNextAttemptAndLastError() {
        ScriptedPeer flaky = member("flaky");
        flaky.answer(request -> flaky.received().size() == 1 ? Answer.error(503, "INTERNAL_ERROR")
                : Answer.error(400, "INVALID_FORMAT"));

        JsonNode first = json("send", "send", "--to", "flaky", "--message", "first");
        assertThat(first.path("status").asText()).isEqualTo("queued");
        String firstId = first.path("message_id").asText();

        JsonNode listing = json("outbox", "outbox");
        assertThat(listing.path("swarm_id").asText()).isEqualTo(swarmId);
        assertThat(listing.path("count").asInt()).isEqualTo(1);
        assertThat(listing.path("summary").path("pending").asInt()).isEqualTo(1);
        assertThat(listing.path("oldest_pending_seconds").isIntegralNumber()).as("%s", listing).isTrue();
        JsonNode pending = rows(listing).get(0);
        assertThat(pending.path("message_id").asText()).isEqualTo(firstId);
        assertThat(pending.path("recipient").asText()).isEqualTo("flaky");
        assertThat(pending.path("endpoint").asText()).isEqualTo(flaky.endpoint());
        assertThat(pending.path("status").asText()).isEqualTo("pending");
        assertThat(pending.path("attempts").asInt()).isEqualTo(1);
        assertThat(pending.path("last_error_code").asText()).isEqualTo("INTERNAL_ERROR");
        assertThat(pending.path("last_error").asText()).contains("scripted INTERNAL_ERROR");
        assertThat(pending.path("next_attempt_at").asText()).as("the retry is not before the attempt")
                .isGreaterThanOrEqualTo(pending.path("last_attempt_at").asText());
        assertThat(alice.ok("outbox").out()).contains("pending").contains("flaky").contains("attempts 1")
                .contains("scripted INTERNAL_ERROR").contains("(next " + pending.path("next_attempt_at").asText());

        // the next send to flaky takes its whole lane: the waiting row first, then the new one; both refused
        JsonNode refused = fails(2, "send", "--to", "flaky", "--message", "second");
        assertThat(refused.path("code").asText()).isEqualTo("INVALID_FORMAT");

        List<JsonNode> after = rows(json("outbox", "outbox"));
        assertThat(after).extracting(r -> r.path("message_id").asText(), r -> r.path("status").asText(),
                r -> r.path("attempts").asInt(), r -> r.path("last_error_code").asText())
                .containsExactly(tuple(firstId, "failed", 2, "INVALID_FORMAT"),
                        tuple(refused.path("details").path("message_id").asText(), "failed", 1, "INVALID_FORMAT"));
        assertThat(after).allSatisfy(r -> assertThat(r.has("next_attempt_at")).as("%s", r).isFalse());
        assertThat(messageIds(flaky)).hasSize(3).startsWith(firstId, firstId);
    }

    @Test
    void statusFilterAndLimitSelectRowsWhileTheSummaryCountsEveryRow() {
        member("ok");
        member("strict").answer(request -> Answer.error(400, "INVALID_FORMAT"));
        JsonNode broadcast = json("send", "send", "--message", "hello all");
        assertThat(broadcast.path("status").asText()).isEqualTo("partial");
        String again = sendTo("ok", "hello again");

        JsonNode failed = json("outbox", "outbox", "--status", "failed");
        assertThat(rows(failed)).extracting(r -> r.path("recipient").asText(), r -> r.path("status").asText())
                .containsExactly(tuple("strict", "failed"));
        assertThat(failed.path("count").asInt()).isEqualTo(1);
        assertThat(failed.path("summary")).isEqualTo(Json.readTree(
                "{\"pending\":0,\"delivered\":2,\"failed\":1,\"dead\":0}"));
        assertThat(failed.has("oldest_pending_seconds")).isFalse();

        assertThat(rows(json("outbox", "outbox", "--status", "delivered,failed"))).hasSize(3);
        assertThat(rows(json("outbox", "outbox", "--status", "pending,dead"))).isEmpty();
        assertThat(rows(json("outbox", "outbox", "--limit", "1"))).extracting(r -> r.path("message_id").asText())
                .as("the newest row").containsExactly(again);

        assertThat(fails(2, "outbox", "--status", "stuck").path("code").asText()).isEqualTo("INVALID_ARGUMENT");
        assertThat(fails(2, "outbox", "--limit", "0").path("code").asText()).isEqualTo("INVALID_ARGUMENT");
    }

    @Test
    void retryPutsAFailedRowBackAndDeliversItWhenNoDaemonRuns() {
        ScriptedPeer strict = member("strict");
        strict.answer(request -> Answer.error(400, "INVALID_FORMAT"));
        JsonNode refused = fails(2, "send", "--to", "strict", "--message", "try me");
        String messageId = refused.path("details").path("message_id").asText();
        long id = rowIdOf(messageId);
        assertThat(row(id).path("status").asText()).isEqualTo("failed");

        strict.answer(request -> Answer.queued());
        JsonNode retried = json("outbox-action", "outbox", "retry", Long.toString(id));

        assertThat(retried.path("status").asText()).isEqualTo("requeued");
        assertThat(retried.path("count").asInt()).isEqualTo(1);
        JsonNode delivered = row(id);
        assertThat(delivered.path("status").asText()).isEqualTo("delivered");
        assertThat(delivered.path("attempts").asInt()).as("counted afresh after the retry").isEqualTo(1);
        assertThat(delivered.has("last_error_code")).isFalse();
        assertThat(messageIds(strict)).containsExactly(messageId, messageId);

        // by message id: every failed row of that message
        strict.answer(request -> Answer.error(400, "INVALID_FORMAT"));
        String second = fails(2, "send", "--to", "strict", "--message", "and me").path("details").path("message_id")
                .asText();
        strict.answer(request -> Answer.queued());
        assertThat(json("outbox-action", "outbox", "retry", second).path("count").asInt()).isEqualTo(1);
        assertThat(row(rowIdOf(second)).path("status").asText()).isEqualTo("delivered");
        assertThat(messageIds(strict)).containsExactly(messageId, messageId, second, second);
    }

    @Test
    void retryOfADeliveredRowExitsTwoAndAnUnknownIdExitsFiveChangingNothing() {
        member("ok");
        String delivered = sendTo("ok", "all good");
        long id = rowIdOf(delivered);
        DbDump before = DbDump.of(new SwarmHome(home).database());

        JsonNode notRetryable = fails(2, "outbox", "retry", Long.toString(id));
        assertThat(notRetryable.path("code").asText()).isEqualTo("INVALID_ARGUMENT");
        assertThat(notRetryable.path("message").asText()).contains("delivered");
        assertThat(fails(2, "outbox", "retry", delivered).path("code").asText()).isEqualTo("INVALID_ARGUMENT");
        assertThat(fails(5, "outbox", "retry", "999").path("code").asText()).isEqualTo("NOT_FOUND");
        assertThat(fails(5, "outbox", "retry", UUID.randomUUID().toString()).path("code").asText())
                .isEqualTo("NOT_FOUND");
        assertThat(fails(2, "outbox", "retry").path("code").asText()).isEqualTo("INVALID_ARGUMENT");
        assertThat(fails(2, "outbox", "retry", Long.toString(id), "--all-dead").path("code").asText())
                .isEqualTo("INVALID_ARGUMENT");

        assertThat(DbDump.of(new SwarmHome(home).database())).isEqualTo(before);
    }

    @Test
    void retryOfARowNumberLargerThanAnyRowCanHaveExitsFiveLikeAnyUnknownId() {
        member("ok");
        sendTo("ok", "all good");

        JsonNode unknown = fails(5, "outbox", "retry", "99999999999999999999");

        assertThat(unknown.path("code").asText()).isEqualTo("NOT_FOUND");
    }

    @Test
    void retryAllDeadPutsBackEveryDeadRowAndNoFailedOne() {
        ScriptedPeer flaky = member("flaky");
        flaky.answer(request -> Answer.error(503, "INTERNAL_ERROR"));
        ScriptedPeer strict = member("strict");
        strict.answer(request -> Answer.error(400, "INVALID_FORMAT"));
        Cli oneAttempt = alice.with("SWARM_RETRY_MAX_ATTEMPTS", "1");
        for (String text : List.of("one", "two")) {
            assertThat(oneAttempt.run("send", "--to", "flaky", "--message", text, "--json").exit())
                    .as("a send whose only delivery died fails").isNotZero();
        }
        fails(2, "send", "--to", "strict", "--message", "three");
        JsonNode dead = json("outbox", "outbox", "--status", "dead");
        assertThat(rows(dead)).hasSize(2).allSatisfy(r -> {
            assertThat(r.path("recipient").asText()).isEqualTo("flaky");
            assertThat(r.path("last_error_code").asText()).isEqualTo("INTERNAL_ERROR");
            assertThat(r.path("last_error").asText()).contains("gave up after 1 attempts");
        });

        flaky.answer(request -> Answer.queued());
        JsonNode retried = json("outbox-action", "outbox", "retry", "--all-dead");

        assertThat(retried.path("status").asText()).isEqualTo("requeued");
        assertThat(retried.path("count").asInt()).isEqualTo(2);
        assertThat(json("outbox", "outbox").path("summary")).isEqualTo(Json.readTree(
                "{\"pending\":0,\"delivered\":2,\"failed\":1,\"dead\":0}"));
        assertThat(strict.received()).as("a failed row is not dead; --all-dead leaves it").hasSize(1);
        assertThat(json("outbox-action", "outbox", "retry", "--all-dead").path("count").asInt()).isZero();
    }

    @Test
    void purgeNeverDeletesPendingRowsAndOnlyDeletesRowsOlderThanTheLimit() {
        member("ok");
        member("strict").answer(request -> Answer.error(400, "INVALID_FORMAT"));
        member("flaky").answer(request -> Answer.error(503, "INTERNAL_ERROR"));
        long oldDelivered = rowIdOf(sendTo("ok", "old news"));
        long freshDelivered = rowIdOf(sendTo("ok", "fresh news"));
        long oldFailed = rowIdOf(fails(2, "send", "--to", "strict", "--message", "refused")
                .path("details").path("message_id").asText());
        long oldPending = rowIdOf(sendTo("flaky", "still trying"));
        backdate(List.of(oldDelivered, oldFailed, oldPending), Duration.ofHours(48));

        JsonNode refused = fails(2, "outbox", "purge", "--status", "pending", "--older-than", "0");
        assertThat(refused.path("code").asText()).isEqualTo("INVALID_ARGUMENT");
        assertThat(fails(2, "outbox", "purge", "--older-than", "-1").path("code").asText())
                .isEqualTo("INVALID_ARGUMENT");
        assertThat(ids()).containsExactly(oldDelivered, freshDelivered, oldFailed, oldPending);

        JsonNode byDefault = json("outbox-action", "outbox", "purge");
        assertThat(byDefault.path("status").asText()).isEqualTo("purged");
        assertThat(byDefault.path("count").asInt()).as("delivered rows older than 24 hours").isEqualTo(1);
        assertThat(ids()).containsExactly(freshDelivered, oldFailed, oldPending);

        assertThat(json("outbox-action", "outbox", "purge", "--status", "failed,dead", "--older-than", "72")
                .path("count").asInt()).as("nothing is that old").isZero();
        assertThat(json("outbox-action", "outbox", "purge", "--status", "failed,dead", "--older-than", "24")
                .path("count").asInt()).isEqualTo(1);
        assertThat(ids()).containsExactly(freshDelivered, oldPending);

        assertThat(json("outbox-action", "outbox", "purge", "--status", "delivered,failed,dead", "--older-than", "0")
                .path("count").asInt()).isEqualTo(1);
        assertThat(ids()).as("the pending row stays, however old").containsExactly(oldPending);
    }

    @Test
    void sentListsEachMessageOnceWithEveryRecipientsStatusAndCountCountsThem() {
        member("ok");
        member("strict").answer(request -> Answer.error(400, "INVALID_FORMAT"));
        member("flaky").answer(request -> Answer.error(503, "INTERNAL_ERROR"));
        String broadcast = json("send", "send", "--message", "status report").path("message_id").asText();
        String direct = sendTo("ok", "ping");

        JsonNode sent = json("sent", "sent");

        assertThat(sent.path("swarm_id").asText()).isEqualTo(swarmId);
        assertThat(sent.path("count").asInt()).isEqualTo(2);
        List<JsonNode> messages = items(sent.path("messages"));
        assertThat(messages).extracting(m -> m.path("message_id").asText(), m -> m.path("recipient").asText(),
                m -> m.path("type").asText(), m -> m.path("content").asText())
                .containsExactly(tuple(broadcast, "broadcast", "message", "status report"),
                        tuple(direct, "ok", "message", "ping"));
        assertThat(items(messages.get(0).path("deliveries"))).extracting(d -> d.path("recipient").asText(),
                d -> d.path("status").asText(), d -> d.path("last_error_code").asText(null))
                .containsExactlyInAnyOrder(tuple("ok", "delivered", null), tuple("strict", "failed", "INVALID_FORMAT"),
                        tuple("flaky", "pending", "INTERNAL_ERROR"));
        assertThat(items(messages.get(1).path("deliveries"))).extracting(d -> d.path("recipient").asText(),
                d -> d.path("status").asText()).containsExactly(tuple("ok", "delivered"));
        assertThat(items(json("sent", "sent", "--limit", "1").path("messages")))
                .extracting(m -> m.path("message_id").asText()).as("the newest").containsExactly(direct);

        JsonNode count = json("sent", "sent", "--count");
        assertThat(count.path("count").asInt()).isEqualTo(2);
        assertThat(count.has("messages")).isFalse();

        String human = alice.ok("sent").out();
        assertThat(human).contains(broadcast).contains("status report").contains("strict: failed")
                .contains("flaky: pending").contains("ok: delivered");
        assertThat(alice.ok("sent", "--count").out()).contains("2 sent messages");
    }

    private List<Long> ids() {
        return rows(json("outbox", "outbox", "--limit", "1000")).stream().map(r -> r.path("id").asLong()).toList();
    }

    /** Moves every timestamp of these rows {@code age} into the past, as if they were that old. */
    private void backdate(List<Long> ids, Duration age) {
        String then = Timestamps.format(Instant.now().minus(age));
        try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + new SwarmHome(home).database());
             PreparedStatement update = connection.prepareStatement("""
                     UPDATE outbox SET created_at = ?, next_attempt_at = ?, last_attempt_at = ?,
                         delivered_at = CASE WHEN delivered_at IS NULL THEN NULL ELSE ? END
                     WHERE id = ?""")) {
            for (long id : ids) {
                update.setString(1, then);
                update.setString(2, then);
                update.setString(3, then);
                update.setString(4, then);
                update.setLong(5, id);
                assertThat(update.executeUpdate()).isEqualTo(1);
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void aReferencePeersUnixTimeRetryAfterParksNothingPastTheCapAndRetryAndAbandonMoveAPendingRow() {
        ScriptedPeer limited = member("limited");
        limited.answer(request -> new Answer(429, "{\"error\":{\"code\":\"RATE_LIMITED\",\"message\":\"Rate limit"
                + " exceeded\",\"details\":{\"retry_after\":1796149453}}}", "1796149453"));
        Instant before = Instant.now();
        String first = sendTo("limited", "first");

        JsonNode pending = row(rowIdOf(first));
        assertThat(pending.path("status").asText()).isEqualTo("pending");
        assertThat(Timestamps.parse(pending.path("next_attempt_at").asText()))
                .as("at most the retry cap (300 s) away, not in 2083").isBefore(before.plusSeconds(301));

        limited.answer(request -> Answer.queued());
        JsonNode retried = json("outbox-action", "outbox", "retry", first);
        assertThat(retried.path("status").asText()).isEqualTo("requeued");
        assertThat(retried.path("count").asInt()).isEqualTo(1);
        assertThat(row(rowIdOf(first)).path("status").asText()).isEqualTo("delivered");

        limited.answer(request -> Answer.error(503, "INTERNAL_ERROR"));
        String second = sendTo("limited", "second");
        JsonNode abandoned = json("outbox-action", "outbox", "abandon", Long.toString(rowIdOf(second)));
        assertThat(abandoned.path("status").asText()).isEqualTo("abandoned");
        assertThat(abandoned.path("count").asInt()).isEqualTo(1);
        JsonNode dead = row(rowIdOf(second));
        assertThat(dead.path("status").asText()).isEqualTo("dead");
        assertThat(dead.path("last_error_code").asText()).isEqualTo("ABANDONED");
        assertThat(fails(2, "outbox", "abandon", first).path("message").asText()).contains("delivered");
        assertThat(fails(5, "outbox", "abandon", "999").path("code").asText()).isEqualTo("NOT_FOUND");
        assertThat(fails(2, "outbox", "abandon", second).path("message").asText()).as("already given up")
                .contains("is dead");
    }
}
