package dev.swarm.tests;

import static dev.swarm.tests.Cli.items;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.swarm.node.NodeOptions;
import dev.swarm.node.config.Setting;
import dev.swarm.node.delivery.RetryPolicy;
import dev.swarm.node.error.ErrorCode.ExitCodes;
import dev.swarm.node.github.IssueKey;
import dev.swarm.node.github.IssueService;
import dev.swarm.node.messaging.Envelopes;
import dev.swarm.node.messaging.SendRequest;
import dev.swarm.node.protocol.Envelope;
import dev.swarm.node.protocol.EnvelopeCodec;
import dev.swarm.node.protocol.Json;
import dev.swarm.node.protocol.MessageType;
import dev.swarm.node.protocol.Reference;
import dev.swarm.node.protocol.Timestamps;
import dev.swarm.node.support.RawClient;
import dev.swarm.node.support.TestNode;
import dev.swarm.node.support.WireMessages;
import dev.swarm.node.wake.WakeConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CyclicBarrier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Agents split work along GitHub issues, and every node computes the same board from the same
 * messages: five real nodes on loopback (alice made the swarm; bob and carol claim; dave and erin
 * watch), driven through the {@code swarm} command line, with claims also delivered by hand in
 * different orders. The agents of bob and carol are woken by a command that writes each wake line
 * to a file, so the test sees what a losing agent is told.
 */
class IssueBoardIT {
    private static final Duration SETTLE = Duration.ofSeconds(30);
    private static final String ISSUE = "octo/widgets#12";
    private static final RetryPolicy QUICK_RETRY = new RetryPolicy(Duration.ofMillis(200), Duration.ofSeconds(2), 1000,
            Duration.ofHours(72));

    @TempDir
    Path root;

    @Test
    void nodesThatReceiveTheSameClaimsInDifferentOrdersPrintTheBoardOfTheMastersOrder() {
        try (Cluster cluster = Cluster.start(root)) {
            Scene scene = scene(cluster);
            Instant base = Instant.now().minusSeconds(60).truncatedTo(ChronoUnit.SECONDS);
            TestNode bob = cluster.node("bob");
            TestNode carol = cluster.node("carol");
            // in the order alice, the master, receives them
            List<Envelope> claims = List.of(
                    // #12: carol's claim says it was written five seconds before bob's, but bob's reached the
                    // master first: bob wins
                    claim(bob, base.plusSeconds(10), scene.swarmId, "octo/widgets", 12, "claimed", "on it"),
                    claim(carol, base.plusSeconds(5), scene.swarmId, "octo/widgets", 12, "claimed", null),
                    // #13: the same millisecond; bob's first at the master; then bob is blocked
                    claim(bob, base.plusSeconds(1), scene.swarmId, "octo/widgets", 13, "claimed", null),
                    claim(carol, base.plusSeconds(1), scene.swarmId, "octo/widgets", 13, "claimed", null),
                    claim(bob, base.plusSeconds(20), scene.swarmId, "octo/widgets", 13, "blocked", "needs a schema"),
                    // #14: carol claims, then completes it
                    claim(carol, base.plusSeconds(2), scene.swarmId, "octo/widgets", 14, "claimed", null),
                    claim(carol, base.plusSeconds(30), scene.swarmId, "octo/widgets", 14, "completed", "merged"),
                    // #15: bob releases what he claimed: open again
                    claim(bob, base.plusSeconds(3), scene.swarmId, "octo/widgets", 15, "claimed", null),
                    claim(bob, base.plusSeconds(4), scene.swarmId, "octo/widgets", 15, "released", "not today"));
            List<Envelope> reversed = new ArrayList<>(claims);
            Collections.reverse(reversed);
            List<Envelope> shuffled = new ArrayList<>(claims);
            Collections.shuffle(shuffled, new Random(7));
            Map<String, List<Envelope>> orders = new LinkedHashMap<>();
            orders.put("dave", reversed);
            orders.put("alice", claims);
            orders.put("erin", shuffled);

            try (RawClient http = new RawClient()) {
                orders.forEach((who, order) -> {
                    for (Envelope envelope : order) {
                        RawClient.Answer answer = http.post(cluster.node(who).endpoint() + "/message",
                                EnvelopeCodec.toBytes(envelope));
                        assertThat(answer.status()).as("%s stores %s: %s", who, envelope.content(), answer.body())
                                .isEqualTo(200);
                    }
                });
            }

            JsonNode board = cluster.cli("alice").json("issue", "board");
            assertThat(board.get("ordered_by").asText()).isEqualTo("master_acknowledgement");
            assertThat(items(board.get("issues"))).allSatisfy(entry -> assertThat(entry.get("acknowledged")
                    .asBoolean()).as("the master acknowledges as it stores").isTrue());
            for (String who : List.of("dave", "erin")) {
                await(who + "'s board, once alice's acknowledgements arrive").atMost(SETTLE).untilAsserted(() ->
                        assertThat(cluster.cli(who).json("issue", "board")).isEqualTo(board));
            }

            Map<String, JsonNode> byIssue = byIssue(board);
            assertThat(byIssue).containsOnlyKeys("octo/widgets#12", "octo/widgets#13", "octo/widgets#14",
                    "octo/widgets#15");
            JsonNode twelve = byIssue.get("octo/widgets#12");
            assertThat(twelve.get("state").asText()).isEqualTo("claimed");
            assertThat(twelve.path("owner").asText()).isEqualTo("bob");
            assertThat(twelve.get("since").asText()).isEqualTo(Envelopes.sentAt(claims.get(0)));
            assertThat(items(twelve.get("conflicts"))).singleElement().satisfies(c -> {
                assertThat(c.get("loser").asText()).isEqualTo("carol");
                assertThat(c.get("winner").asText()).isEqualTo("bob");
                assertThat(c.get("loser_message_id").asText()).isEqualTo(claims.get(1).messageId());
                assertThat(c.get("winner_message_id").asText()).isEqualTo(claims.get(0).messageId());
                assertThat(c.get("settled").asBoolean()).isTrue();
            });
            assertThat(items(twelve.get("messages"))).extracting(JsonNode::asText)
                    .containsExactly(claims.get(0).messageId(), claims.get(1).messageId());
            JsonNode thirteen = byIssue.get("octo/widgets#13");
            assertThat(thirteen.get("state").asText()).isEqualTo("blocked");
            assertThat(thirteen.path("owner").asText()).isEqualTo("bob");
            assertThat(thirteen.get("note").asText()).isEqualTo("needs a schema");
            assertThat(items(thirteen.get("conflicts"))).extracting(c -> c.get("loser").asText())
                    .containsExactly("carol");
            JsonNode fourteen = byIssue.get("octo/widgets#14");
            assertThat(fourteen.get("state").asText()).isEqualTo("done");
            assertThat(fourteen.path("owner").asText()).isEqualTo("carol");
            assertThat(fourteen.get("note").asText()).isEqualTo("merged");
            JsonNode fifteen = byIssue.get("octo/widgets#15");
            assertThat(fifteen.get("state").asText()).isEqualTo("open");
            assertThat(fifteen.has("owner")).isFalse();

            // the messages naming an issue, and only those, are listed by --issue
            JsonNode named = cluster.cli("dave").json("messages", "--issue", "octo/widgets#13", "--no-mark-read");
            assertThat(items(named.get("messages"))).extracting(m -> m.get("message_id").asText())
                    .containsExactlyInAnyOrder(claims.get(2).messageId(), claims.get(3).messageId(),
                            claims.get(4).messageId());
            assertThat(items(named.get("messages"))).allSatisfy(m -> assertThat(items(m.get("references")))
                    .anySatisfy(r -> {
                        assertThat(r.get("repo").asText()).isEqualTo("octo/widgets");
                        assertThat(r.get("number").asLong()).isEqualTo(13);
                    }));
        }
    }

    @Test
    void aSimultaneousDoubleClaimResolvesTheSameWayEverywhereAndTheLosersAgentIsTold() throws Exception {
        try (Cluster cluster = Cluster.start(root)) {
            Scene scene = scene(cluster);
            Cli bob = cluster.cli("bob");
            Cli carol = cluster.cli("carol");

            // both claim at once; where one already saw the other's claim (CONFLICT), try the next issue
            String issue = null;
            Map<String, JsonNode> claims = Map.of();
            for (int number = 20; number < 26 && issue == null; number++) {
                String candidate = "octo/widgets#" + number;
                CyclicBarrier together = new CyclicBarrier(2);
                CompletableFuture<Cli.Result> bobs = CompletableFuture.supplyAsync(() -> claimAt(together, bob,
                        candidate));
                CompletableFuture<Cli.Result> carols = CompletableFuture.supplyAsync(() -> claimAt(together, carol,
                        candidate));
                Cli.Result bobResult = bobs.get();
                Cli.Result carolResult = carols.get();
                if (bobResult.exitCode() == 0 && carolResult.exitCode() == 0) {
                    issue = candidate;
                    claims = Map.of("bob", bobResult.document(), "carol", carolResult.document());
                } else {
                    // the one that saw the other's claim was refused: it was told, and sent nothing
                    for (Cli.Result refused : List.of(bobResult, carolResult)) {
                        if (refused.exitCode() != 0) {
                            assertThat(refused.exitCode()).as("%s", refused).isEqualTo(ExitCodes.STATE);
                            assertThat(refused.errorCode()).isEqualTo("CONFLICT");
                        }
                    }
                }
            }
            assertThat(issue).as("bob and carol never claimed the same issue at the same time").isNotNull();

            // the claim the master saw first wins, and every node computes the same board
            String claimed = issue;
            JsonNode settled = await("alice acknowledged both claims").atMost(SETTLE).until(() -> entry(cluster,
                    "alice", claimed), entry -> entry.path("acknowledged").asBoolean()
                    && entry.path("conflicts").size() == 1);
            String winner = settled.path("owner").asText();
            String loser = winner.equals("bob") ? "carol" : "bob";
            assertThat(settled.get("messages").get(0).asText()).as("the winner's claim comes first")
                    .isEqualTo(claims.get(winner).get("message").get("message_id").asText());
            await("every node's board agrees on " + issue).atMost(SETTLE).untilAsserted(() -> {
                for (String who : scene.agents) {
                    assertThat(entry(cluster, who, claimed)).as("%s's board entry of %s", who, claimed)
                            .isEqualTo(settled);
                }
            });
            assertThat(items(settled.get("conflicts"))).singleElement().satisfies(c -> {
                assertThat(c.get("loser").asText()).isEqualTo(loser);
                assertThat(c.get("settled").asBoolean()).isTrue();
            });

            String told = "your claim of " + issue + " lost: " + winner + " claimed it first";
            await(loser + "'s agent is told").atMost(SETTLE)
                    .untilAsserted(() -> assertThat(scene.woken(loser)).anySatisfy(line -> assertThat(line)
                            .contains(told)));
            assertThat(scene.woken(loser)).filteredOn(line -> line.contains("lost")).hasSize(1);
            // the ordinary wake for the winner's message names the issue, not the message's words
            assertThat(scene.woken(loser)).anySatisfy(line -> assertThat(line).contains("\"" + winner + "\" claimed " + claimed));
            assertThat(scene.woken(winner)).noneSatisfy(line -> assertThat(line).contains("lost"));

            // a third claim is refused by the command, and it names the owner
            Cli.Result third = cluster.cli("dave").fails(ExitCodes.STATE, "issue", "claim", issue);
            assertThat(third.errorCode()).isEqualTo("CONFLICT");
            assertThat(third.document().get("error").get("message").asText()).contains(winner);
            // only the owner releases; then anyone may claim
            Cli.Result notHis = cluster.cli(loser).fails(ExitCodes.AUTH, "issue", "release", issue);
            assertThat(notHis.errorCode()).isEqualTo("NOT_AUTHORIZED");
            JsonNode released = cluster.cli(winner).json("issue", "release", issue, "--note", "handing over");
            assertThat(released.get("event").asText()).isEqualTo("released");
            await("the release reaches dave").atMost(SETTLE).untilAsserted(() -> assertThat(
                    entry(cluster, "dave", claimed).path("state").asText()).isEqualTo("open"));
            JsonNode davesClaim = cluster.cli("dave").json("issue", "claim", issue);
            assertThat(davesClaim.get("message").get("status").asText()).isEqualTo("sent");
        }
    }

    @Test
    void aClaimBackdatedBySevenDaysLosesOnEveryBoardAndTheHonestClaimersAgentIsNeverToldItLost() throws Exception {
        try (Cluster cluster = Cluster.start(root)) {
            Scene scene = scene(cluster);
            String issue = "octo/widgets#30";
            // the master is away: for now nothing is acknowledged
            offline(cluster, "alice");
            String bobs = cluster.cli("bob").json("issue", "claim", issue, "--note", "mine").get("message")
                    .get("message_id").asText();
            // carol claims after bob, and says she wrote hers 6 days 23 hours ago (signed, as any member can)
            String backdated = Timestamps.format(Instant.now().minus(Duration.ofDays(6).plusHours(23)));
            String carols = cluster.node("carol").node().messages().send(new SendRequest(scene.swarmId, null,
                    "claimed " + issue, MessageType.MESSAGE, null, null, null, List.of(new Reference("github_issue",
                    "octo/widgets", 30L, null, null, "claimed")), Map.of("issue_event", "claimed", "sent_at",
                    backdated))).messageId();

            // bob's board: carol's stated time puts her first, but only tentatively
            await("bob has carol's claim").atMost(SETTLE).untilAsserted(() -> {
                JsonNode entry = entry(cluster, "bob", issue);
                assertThat(entry.path("owner").asText()).isEqualTo("carol");
                assertThat(entry.path("acknowledged").asBoolean()).isFalse();
                assertThat(items(entry.path("conflicts"))).singleElement().satisfies(c -> {
                    assertThat(c.get("loser").asText()).isEqualTo("bob");
                    assertThat(c.get("settled").asBoolean()).isFalse();
                });
            });
            assertThat(cluster.cli("bob").run("issue", "board").stdout()).contains("(pending acknowledgement)");

            // alice comes back; bob's claim reaches her before carol's
            offline(cluster, "carol");
            online(cluster, "alice");
            await("alice acknowledges bob's claim").atMost(SETTLE).untilAsserted(() -> assertThat(
                    entry(cluster, "alice", issue).path("owner").asText()).isEqualTo("bob"));
            online(cluster, "carol");

            JsonNode settled = await("alice acknowledges carol's claim").atMost(SETTLE).until(() -> entry(cluster,
                    "alice", issue), entry -> entry.path("acknowledged").asBoolean()
                    && entry.path("conflicts").size() == 1);
            assertThat(settled.path("owner").asText()).isEqualTo("bob");
            assertThat(items(settled.get("messages"))).extracting(JsonNode::asText).containsExactly(bobs, carols);
            assertThat(items(settled.get("conflicts"))).singleElement().satisfies(c -> {
                assertThat(c.get("loser").asText()).isEqualTo("carol");
                assertThat(c.get("winner").asText()).isEqualTo("bob");
                assertThat(c.get("settled").asBoolean()).isTrue();
            });
            await("every board shows bob's claim standing").atMost(SETTLE).untilAsserted(() -> {
                for (String who : scene.agents) {
                    assertThat(entry(cluster, who, issue)).as(who).isEqualTo(settled);
                }
            });
            await("carol's agent is told she lost").atMost(SETTLE).untilAsserted(() -> assertThat(
                    scene.woken("carol")).anySatisfy(line -> assertThat(line).contains("your claim of " + issue
                    + " lost: bob claimed it first")));

            // bob really loses another issue; once he is told that, his node has judged everything before it
            cluster.cli("dave").json("issue", "claim", "octo/widgets#31");
            await("bob sees dave's claim acknowledged").atMost(SETTLE).untilAsserted(() -> assertThat(
                    entry(cluster, "bob", "octo/widgets#31").path("acknowledged").asBoolean()).isTrue());
            cluster.cli("bob").json("issue", "claim", "octo/widgets#31", "--force");
            await("bob's agent is told he lost #31").atMost(SETTLE).untilAsserted(() -> assertThat(
                    scene.woken("bob")).anySatisfy(line -> assertThat(line).contains("your claim of octo/widgets#31"
                    + " lost: dave claimed it first")));
            assertThat(scene.woken("bob")).filteredOn(line -> line.contains("lost")).singleElement()
                    .satisfies(line -> assertThat(line).doesNotContain(issue + " "));
        }
    }

    @Test
    void aClaimDelayedByItsSendersOutageAndRestampedHoursLaterResolvesTheSameOnEveryNode() throws Exception {
        ShiftedClock clock = new ShiftedClock();
        try (Cluster cluster = Cluster.start(root)) {
            Scene scene = new Scene(cluster, clock);
            String issue = "octo/widgets#40";
            // carol's host is cut off: her claim waits in her outbox
            offline(cluster, "alice", "bob", "dave", "erin");
            IssueService.Outcome carols = cluster.node("carol").node().issues().act(scene.swarmId, "claimed",
                    IssueKey.parse(issue, "issue"), "written offline", false, false, Duration.ZERO);
            assertThat(carols.message().status()).isEqualTo("queued");
            offline(cluster, "carol");

            // three hours later everyone else is back, and bob claims the same issue
            clock.shift(Duration.ofHours(3));
            online(cluster, "alice", "bob", "dave", "erin");
            String bobs = cluster.node("bob").node().issues().act(scene.swarmId, "claimed", IssueKey.parse(issue,
                    "issue"), null, false, false, Duration.ZERO).message().messageId();
            await("alice acknowledges bob's claim").atMost(SETTLE).untilAsserted(() -> assertThat(
                    entry(cluster, "alice", issue).path("acknowledged").asBoolean()).isTrue());

            // carol comes back: her claim is re-stamped now, and still says when it was written
            online(cluster, "carol");
            String carolsId = carols.message().messageId();
            JsonNode settled = await("alice acknowledges carol's claim").atMost(SETTLE).until(() -> entry(cluster,
                    "alice", issue), entry -> entry.path("acknowledged").asBoolean()
                    && entry.path("conflicts").size() == 1);
            assertThat(settled.path("owner").asText()).isEqualTo("bob");
            assertThat(items(settled.get("messages"))).extracting(JsonNode::asText).containsExactly(bobs, carolsId);
            await("every board agrees").atMost(SETTLE).untilAsserted(() -> {
                for (String who : scene.agents) {
                    assertThat(entry(cluster, who, issue)).as(who).isEqualTo(settled);
                }
            });
            JsonNode copy = items(cluster.cli("dave").json("messages", "--issue", issue, "--no-mark-read")
                    .get("messages")).stream().filter(m -> m.get("message_id").asText().equals(carolsId)).findFirst()
                    .orElseThrow();
            Instant stamped = Instant.parse(copy.get("timestamp").asText());
            Instant written = Instant.parse(copy.get("metadata").get("sent_at").asText());
            assertThat(Duration.between(written, stamped)).as("re-stamped hours after it was written")
                    .isGreaterThan(Duration.ofHours(2));

            await("carol's agent is told she lost, once").atMost(SETTLE).untilAsserted(() -> assertThat(
                    scene.woken("carol")).filteredOn(line -> line.contains("lost")).singleElement().satisfies(line ->
                    assertThat(line).contains("your claim of " + issue + " lost: bob claimed it first")));
            assertThat(scene.woken("bob")).noneSatisfy(line -> assertThat(line).contains("lost"));
        }
    }

    @Test
    void anAcknowledgementFromAMemberIsIgnoredAndNoAcknowledgementReachesTheAgent() throws Exception {
        try (Cluster cluster = Cluster.start(root)) {
            Scene scene = scene(cluster);
            String issue = "octo/widgets#50";
            String carols = cluster.cli("carol").json("issue", "claim", issue).get("message").get("message_id")
                    .asText();
            await("bob records alice's acknowledgement").atMost(SETTLE).untilAsserted(() -> assertThat(
                    entry(cluster, "bob", issue).path("acknowledged").asBoolean()).isTrue());
            JsonNode before = entry(cluster, "bob", issue);

            // dave, a member but not the master, acknowledges carol's claim in an older epoch, to bob
            String daves = cluster.node("dave").node().messages().send(new SendRequest(scene.swarmId, "bob",
                    "acknowledged", MessageType.NOTIFICATION, null, null, null, null, Map.of("coordination_epoch",
                    "2020-01-01T00:00:00.000Z", "coordination_ack", "1:carol:" + carols))).messageId();
            JsonNode stored = await("bob stores dave's notification").atMost(SETTLE).until(() -> items(cluster
                    .cli("bob").json("messages", "--no-mark-read", "--limit", "100").get("messages")).stream()
                    .filter(m -> m.get("message_id").asText().equals(daves)).findFirst(), java.util.Optional::isPresent)
                    .get();
            assertThat(stored.get("type").asText()).as("an ordinary notification, unread").isEqualTo("notification");
            assertThat(entry(cluster, "bob", issue)).as("the board is unchanged").isEqualTo(before);
            assertThat(items(cluster.cli("bob").json("messages", "--no-mark-read", "--limit", "100")
                    .get("messages"))).filteredOn(m -> m.path("metadata").has("coordination_ack"))
                    .as("alice's acknowledgements are read at once; dave's is not one")
                    .extracting(m -> m.get("message_id").asText()).containsExactly(daves);

            // erin writes to bob: that reaches bob's agent, and no acknowledgement does
            String erins = cluster.cli("erin").json("send", "--to", "bob", "--message", "status from erin")
                    .get("message_id").asText();
            await("bob's agent is woken for erin's message").atMost(SETTLE).untilAsserted(() -> assertThat(
                    scene.woken("bob")).anySatisfy(line -> assertThat(line).contains("erin")));
            assertThat(scene.woken("bob")).noneSatisfy(line -> assertThat(line).containsAnyOf("dave", "alice"));
            Cli.Result hook = cluster.cli("bob").piping("{\"prompt\":\"go on\"}").run("hook", "claude",
                    "UserPromptSubmit");
            assertThat(hook.stdout()).contains("status from erin").contains(erins)
                    .doesNotContain(daves).doesNotContain("coordination");
        }
    }

    @Test
    void malformedReferencesAreRefusedByTheCommandAndByTheServerAndNothingIsStored() {
        try (Cluster cluster = Cluster.start(root)) {
            Scene scene = scene(cluster);
            Cli bob = cluster.cli("bob");
            List<List<String>> bad = List.of(
                    List.of("send", "--message", "x", "--issue", "octo/widgets#x"),
                    List.of("send", "--message", "x", "--issue", "octo/widgets"),
                    List.of("send", "--message", "x", "--issue", "widgets#12"),
                    List.of("send", "--message", "x", "--issue", "octo/widgets#0"),
                    List.of("send", "--message", "x", "--issue", ISSUE, "--action", "started"),
                    List.of("send", "--message", "x", "--action", "claimed"),
                    List.of("send", "--message", "x", "--commit", "octo/widgets@nothex"),
                    List.of("send", "--message", "x", "--url", "ftp://example.com/x"),
                    List.of("issue", "claim", "octo/widgets#x"),
                    List.of("issue", "claim", "octo/widgets"),
                    List.of("messages", "--issue", "octo/widgets#-3"));
            for (List<String> args : bad) {
                Cli.Result refused = bob.fails(ExitCodes.INVALID_INPUT, args.toArray(String[]::new));
                assertThat(refused.errorCode()).as("%s", refused).isEqualTo("INVALID_ARGUMENT");
                assertThat(refused.document().get("error").get("message").asText()).as("%s", refused)
                        .containsAnyOf("owner/repo", "--action", "--commit", "--url");
            }
            assertThat(items(bob.json("outbox").get("rows"))).as("nothing queued").isEmpty();
            assertThat(items(bob.json("issue", "board").get("issues"))).isEmpty();

            // the server: a signed message whose reference is malformed is refused with INVALID_FORMAT
            TestNode bobNode = cluster.node("bob");
            int before = cluster.cli("dave").json("messages", "--count").get("total").asInt();
            List<String> malformed = List.of(
                    "{\"type\":\"github_issue\",\"repo\":\"octo/widgets\",\"number\":\"x\"}",
                    "{\"type\":\"github_issue\",\"repo\":\"octo/widgets\"}",
                    "{\"type\":\"github_issue\",\"repo\":\"octo/widgets\",\"number\":12,\"action\":\"started\"}");
            try (RawClient http = new RawClient()) {
                for (String reference : malformed) {
                    ObjectNode envelope = WireMessages.signed(bobNode.seed(), "bob", bobNode.endpoint(), scene.swarmId,
                            "broadcast", "message", "claimed");
                    envelope.set("references", Json.readTree("[" + reference + "]"));
                    WireMessages.withEnvelopeSignature(envelope, bobNode.seed());
                    RawClient.Answer answer = http.post(cluster.node("dave").endpoint() + "/message",
                            WireMessages.bytes(envelope));
                    assertThat(answer.status()).as("%s: %s", reference, answer.body()).isEqualTo(400);
                    assertThat(answer.errorCode()).isEqualTo("INVALID_FORMAT");
                }
            }
            JsonNode counts = cluster.cli("dave").json("messages", "--count");
            assertThat(counts.get("total").asInt()).as("dave stored none of them").isEqualTo(before);
        }
    }

    // ---- the scene

    /**
     * Five members of one swarm that alice made (the master); bob's and carol's daemons wake their agents
     * through a command. Every node retries a failed delivery within two seconds.
     */
    private final class Scene {
        final String swarmId;
        final List<String> agents = List.of("alice", "bob", "carol", "dave", "erin");

        Scene(Cluster cluster) {
            this(cluster, Clock.systemUTC());
        }

        /** As above, every node reading the time from {@code clock}. */
        Scene(Cluster cluster, Clock clock) {
            NodeOptions d = NodeOptions.DEFAULTS;
            NodeOptions options = new NodeOptions(d.client(), d.limits(), QUICK_RETRY, clock, d.wake(), d.zone(),
                    d.github(), d.coordination());
            cluster.add("alice", options);
            cluster.add("bob", options.withWake(wakeInto(woke("bob"))));
            cluster.add("carol", options.withWake(wakeInto(woke("carol"))));
            cluster.add("dave", options);
            cluster.add("erin", options);
            Cli alice = cluster.cli("alice");
            swarmId = alice.json("create", "--name", "issues").get("swarm_id").asText();
            for (String member : agents.subList(1, agents.size())) {
                JsonNode joined = cluster.cli(member).json("join", "--token",
                        alice.json("invite", "--max-uses", "1").get("invite_token").asText());
                assertThat(joined.get("status").asText()).isEqualTo("joined");
            }
            for (String who : agents) {
                await(who + " knows every member").atMost(SETTLE).untilAsserted(() -> assertThat(items(
                        items(cluster.cli(who).json("list", "--members").get("swarms")).get(0).get("members")))
                        .hasSize(agents.size()));
            }
        }

        List<String> woken(String agent) throws IOException {
            Path file = woke(agent);
            return Files.exists(file) ? Files.readAllLines(file, StandardCharsets.UTF_8) : List.of();
        }
    }

    private Scene scene(Cluster cluster) {
        return new Scene(cluster);
    }

    /** Stops these nodes (their daemons end; their files stay), as a host going offline. */
    private static void offline(Cluster cluster, String... agents) {
        for (String agent : agents) {
            cluster.node(agent).stop();
        }
    }

    /** Starts these nodes' daemons again on the same files and ports. */
    private static void online(Cluster cluster, String... agents) {
        for (String agent : agents) {
            cluster.node(agent).startServer();
        }
    }

    private Path woke(String agent) {
        return root.resolve(agent + "-woken.txt");
    }

    /** Wake settings that run a script appending each wake line to {@code file}. */
    private WakeConfig wakeInto(Path file) {
        Path script = root.resolve("wake-" + file.getFileName() + ".sh");
        try {
            Files.writeString(script, "#!/bin/sh\nprintf '%s\\n' \"$1\" >> '" + file + "'\n", StandardCharsets.UTF_8);
            Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwx------"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Map<Setting, String> values = Map.of(Setting.WAKE_METHOD, "command", Setting.WAKE_COMMAND, script.toString(),
                Setting.WAKE_WINDOW, "0.2", Setting.WAKE_INTERVAL, "0");
        return WakeConfig.from(setting -> values.getOrDefault(setting, setting.defaultValue()));
    }

    /** A claim message written by {@code who}'s agent at {@code at}, as its claim commands write it. */
    private static Envelope claim(TestNode who, Instant at, String swarmId, String repo, long number, String event,
                                  String note) {
        Map<String, Object> metadata = new LinkedHashMap<>();
        metadata.put("issue_event", event);
        if (note != null) {
            metadata.put("issue_note", note);
        }
        String action = event.equals("released") ? null : event;
        return new Envelopes(who.identity(), Clock.fixed(at, ZoneOffset.UTC)).build(new Envelopes.Draft(swarmId,
                "broadcast", MessageType.MESSAGE, event + " " + repo + "#" + number, null, null, null, null, null,
                List.of(new Reference("github_issue", repo, number, null, null, action)), metadata));
    }

    private static Cli.Result claimAt(CyclicBarrier together, Cli who, String issue) {
        try {
            together.await();
        } catch (InterruptedException | java.util.concurrent.BrokenBarrierException e) {
            throw new IllegalStateException(e);
        }
        return who.attempt("issue", "claim", issue);
    }

    /** One issue's entry on a node's board, or a missing node while no message names it there. */
    private static JsonNode entry(Cluster cluster, String who, String issue) {
        return byIssue(cluster.cli(who).json("issue", "board")).getOrDefault(issue, MissingNode.getInstance());
    }

    private static Map<String, JsonNode> byIssue(JsonNode board) {
        Map<String, JsonNode> entries = new LinkedHashMap<>();
        for (JsonNode entry : items(board.get("issues"))) {
            entries.put(entry.get("issue").asText(), entry);
        }
        return entries;
    }
}
