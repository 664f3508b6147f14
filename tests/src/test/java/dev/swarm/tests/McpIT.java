package dev.swarm.tests;

import static dev.swarm.tests.Cli.items;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.swarm.node.support.DbDump;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code swarm mcp} as a coding agent meets it: the official MCP TypeScript client starts it over
 * stdio for alice's node, lists its tools and calls them, while alice's and bob's nodes run for real
 * (TLS on loopback, SQLite files) and bob answers through his command line.
 */
class McpIT {
    private static final String[] PRESENCE = {"presence", "presence_deliveries"};
    private static final List<String> TOOLS = List.of("swarm_send", "swarm_request", "swarm_inbox", "swarm_read",
            "swarm_members", "swarm_who", "swarm_status", "swarm_issue_board", "swarm_issue_claim",
            "swarm_issue_update", "swarm_lease_list", "swarm_lease_take", "swarm_lease_renew", "swarm_lease_release",
            "swarm_lease_check");
    private static final String ISSUE = "acme/app#12";

    @TempDir
    Path root;

    private Cluster cluster;
    private Cli alice;
    private Cli bob;
    private String swarmId;

    @BeforeEach
    void aliceAndBobShareASwarm() {
        cluster = Cluster.start(root, "alice", "bob");
        alice = cluster.cli("alice");
        bob = cluster.cli("bob");
        swarmId = alice.json("create", "--name", "build-team").get("swarm_id").asText();
        bob.json("join", "--token", alice.json("invite").get("invite_token").asText());
    }

    @AfterEach
    void stop() {
        cluster.close();
    }

    @Test
    void anMcpClientListsTheSwarmToolsAndEachAnswersAgainstRealNodes() {
        String fromBob = bob.json("send", "--to", "alice", "--message", "please review #12").get("message_id").asText();

        McpClient.Report report = client()
                .list()
                .call("swarm_status", Map.of())
                .call("swarm_members", Map.of())
                .call("swarm_send", Map.of("to", "bob", "message", "ack, reviewing #12"))
                .call("swarm_inbox", Map.of())
                .call("swarm_read", Map.of("message_id", fromBob, "mark_read", false))
                .call("swarm_inbox", Map.of())
                .run();

        assertThat(report.server().get("info").get("name").asText()).isEqualTo("swarm");
        assertThat(report.server().get("instructions").asText()).contains("peer_content")
                .contains("swarm serve is running");
        List<JsonNode> tools = items(report.step(0).get("tools"));
        assertThat(tools).extracting(t -> t.get("name").asText()).containsExactlyElementsOf(TOOLS);
        assertThat(tools).allSatisfy(tool -> {
            assertThat(tool.get("description").asText()).hasSizeGreaterThan(80);
            assertThat(tool.get("inputSchema").get("type").asText()).isEqualTo("object");
            assertThat(tool.get("inputSchema").get("additionalProperties").asBoolean()).isFalse();
        });

        JsonNode status = report.ok(1, "status");
        assertThat(status.get("agent_id").asText()).isEqualTo("alice");
        assertThat(status.get("serving").get("running").asBoolean()).isTrue();

        JsonNode members = report.ok(2, "members");
        assertThat(members.get("agent_id").asText()).isEqualTo("alice");
        assertThat(items(members.get("swarms").get(0).get("members"))).extracting(m -> m.get("agent_id").asText())
                .containsExactlyInAnyOrder("alice", "bob");

        JsonNode sent = report.ok(3, "send");
        assertThat(sent.get("status").asText()).isEqualTo("sent");
        JsonNode bobsInbox = bob.json("messages", "--no-mark-read");
        assertThat(items(bobsInbox.get("messages"))).anySatisfy(m -> {
            assertThat(m.get("message_id").asText()).isEqualTo(sent.get("message_id").asText());
            assertThat(m.get("content").asText()).isEqualTo("ack, reviewing #12");
            assertThat(m.get("sender").get("agent_id").asText()).isEqualTo("alice");
        });

        JsonNode inbox = report.ok(4, "inbox");
        assertThat(inbox.get("count").asInt()).isEqualTo(1);
        JsonNode message = inbox.get("messages").get(0);
        assertThat(message.get("message_id").asText()).isEqualTo(fromBob);
        assertThat(message.get("peer_content").asText()).isEqualTo("please review #12");
        assertThat(message.get("from_peer").get("agent_id").asText()).isEqualTo("bob");
        assertThat(message.get("from_peer").get("swarm_id").asText()).isEqualTo(swarmId);
        assertThat(message.get("from_peer").get("signature_verified").asBoolean()).isTrue();
        assertThat(message.has("content")).isFalse();

        JsonNode read = report.ok(5, "read");
        assertThat(read.get("message").get("message_id").asText()).isEqualTo(fromBob);
        assertThat(read.get("message").get("status").asText()).as("the inbox call marked it read").isEqualTo("read");
        assertThat(report.ok(6, "inbox").get("count").asInt()).as("nothing unread is left").isZero();
    }

    @Test
    void swarmRequestReturnsTheReplyBobSendsTwoSecondsAfterTheQuestionArrives() throws Exception {
        String question = "which port does staging listen on?";
        CompletableFuture<McpClient.Report> asking = client()
                .call("swarm_request", Map.of("to", "bob", "message", question, "timeout_seconds", 60),
                        Duration.ofSeconds(90))
                .start();

        String questionId = await("bob receives the question").atMost(Duration.ofSeconds(60))
                .until(() -> messageTo(bob, question), Optional::isPresent).orElseThrow();
        ScheduledExecutorService later = Executors.newSingleThreadScheduledExecutor();
        try {
            later.schedule(() -> bob.json("send", "--to", "alice", "--reply-to", questionId, "--message", "port 8443"),
                    2, TimeUnit.SECONDS);
            McpClient.Report report = asking.get(120, TimeUnit.SECONDS);

            JsonNode answer = report.ok(0, "request");
            assertThat(answer.get("status").asText()).isEqualTo("reply");
            assertThat(answer.get("message_id").asText()).isEqualTo(questionId);
            JsonNode reply = answer.get("reply");
            assertThat(reply.get("peer_fields").get("in_reply_to").asText()).isEqualTo(questionId);
            assertThat(reply.get("peer_content").asText()).isEqualTo("port 8443");
            assertThat(reply.get("from_peer").get("agent_id").asText()).isEqualTo("bob");
            assertThat(report.elapsedMillis(0)).as("the call waited for bob's reply").isGreaterThanOrEqualTo(2_000)
                    .isLessThan(60_000);
            assertThat(items(alice.json("messages", "--status", "read").get("messages")))
                    .extracting(m -> m.get("content").asText()).contains("port 8443");
        } finally {
            later.shutdownNow();
        }
    }

    @Test
    void swarmRequestWithoutAReplyTimesOutAndTheQuestionStaysOpen() {
        McpClient.Report report = client()
                .call("swarm_request", Map.of("to", "bob", "message", "anyone awake?", "timeout_seconds", 3))
                .call("swarm_status", Map.of())
                .run();

        JsonNode answer = report.ok(0, "request");
        String questionId = answer.get("message_id").asText();
        assertThat(answer.get("status").asText()).isEqualTo("timeout");
        assertThat(answer.get("still_open").asBoolean()).isTrue();
        assertThat(answer.get("how_to_check").asText()).contains(questionId).contains("swarm_inbox");
        assertThat(report.elapsedMillis(0)).isGreaterThanOrEqualTo(3_000);
        assertThat(report.ok(1, "status").get("agent_id").asText()).as("still serving after the timeout")
                .isEqualTo("alice");

        assertThat(items(alice.json("sent").get("messages"))).anySatisfy(m -> {
            assertThat(m.get("message_id").asText()).isEqualTo(questionId);
            assertThat(m.get("deliveries").get(0).get("status").asText()).isEqualTo("delivered");
        });
        assertThat(items(alice.json("outbox").get("rows"))).extracting(r -> r.get("message_id").asText())
                .contains(questionId);
        assertThat(messageTo(bob, "anyone awake?")).contains(questionId);
        bob.json("send", "--to", "alice", "--reply-to", questionId, "--message", "yes, now");
        assertThat(items(alice.json("messages", "--no-mark-read").get("messages"))).anySatisfy(m -> {
            assertThat(m.get("in_reply_to").asText()).isEqualTo(questionId);
            assertThat(m.get("content").asText()).isEqualTo("yes, now");
        });
    }

    @Test
    void badToolInputGetsAToolErrorWithAClearMessageAndTheServerKeepsServing() {
        DbDump before = cluster.node("alice").dump();

        McpClient.Report report = client()
                .call("swarm_send", Map.of("message", "who is this for?"))
                .call("swarm_send", Map.of("to", "bob", "message", "hi", "swarm", "ffff0000"))
                .call("swarm_send", Map.of("to", "bob", "message", "x".repeat(65_537)))
                .call("swarm_request", Map.of("to", "bob", "message", "q", "timeout_seconds", 999_999))
                .call("swarm_read", Map.of("message_id", "latest"))
                .call("swarm_inbox", Map.of("limit", "ten"))
                .call("swarm_issue_claim", Map.of("issue", 12))
                .call("swarm_issue_claim", Map.of("issue", "acme/app#x"))
                .call("swarm_issue_update", Map.of("issue", ISSUE, "status", "finished"))
                .call("swarm_issue_board", Map.of("swarm", "ffff0000"))
                .call("swarm_status", Map.of())
                .run();

        JsonNode noRecipient = report.toolError(0);
        assertThat(noRecipient.get("code").asText()).isEqualTo("INVALID_ARGUMENT");
        assertThat(noRecipient.get("message").asText()).contains("'to' is required").contains("broadcast");
        JsonNode unknownSwarm = report.toolError(1);
        assertThat(unknownSwarm.get("code").asText()).isEqualTo("SWARM_NOT_FOUND");
        assertThat(unknownSwarm.get("message").asText()).contains("ffff0000");
        JsonNode tooLarge = report.toolError(2);
        assertThat(tooLarge.get("code").asText()).isEqualTo("PAYLOAD_TOO_LARGE");
        assertThat(tooLarge.get("message").asText()).contains("65536");
        assertThat(report.toolError(3).get("message").asText())
                .isEqualTo("argument 'timeout_seconds' must be between 1 and 3600");
        assertThat(report.toolError(4).get("details").get("field").asText()).isEqualTo("message_id");
        assertThat(report.toolError(5).get("message").asText()).isEqualTo("argument 'limit' must be a whole number");
        assertThat(report.toolError(6).get("message").asText()).isEqualTo("argument 'issue' must be a string");
        JsonNode malformed = report.toolError(7);
        assertThat(malformed.get("message").asText()).isEqualTo("argument 'issue' must look like owner/repo#12, not"
                + " 'acme/app#x'");
        assertThat(malformed.get("details").get("field").asText()).isEqualTo("issue");
        assertThat(report.toolError(8).get("message").asText())
                .isEqualTo("argument 'status' must be done, blocked, unblocked or released");
        assertThat(report.toolError(9).get("code").asText()).isEqualTo("SWARM_NOT_FOUND");
        assertThat(report.ok(10, "status").get("agent_id").asText()).isEqualTo("alice");
        // presence is announced by the daemons on their own schedule, whatever the tools are asked
        assertThat(cluster.node("alice").dump().without(PRESENCE)).as("nothing was stored or queued")
                .isEqualTo(before.without(PRESENCE));
    }

    @Test
    void twoAgentsCoordinateAnIssueThroughTheirBoardsAndTheLaterClaimIsRefusedNamingTheOwner() {
        McpClient.Report aliceClaims = client()
                .call("swarm_issue_claim", Map.of("issue", ISSUE, "note", "fixing the parser"))
                .run();
        JsonNode claim = aliceClaims.ok(0, "issue-claim");
        assertThat(claim.get("message").get("status").asText()).isEqualTo("sent");
        assertThat(claim.get("entry").get("owner").asText()).isEqualTo("alice");

        McpClient.Report bobTries = bobsClient()
                .call("swarm_issue_board", Map.of())
                .call("swarm_issue_claim", Map.of("issue", ISSUE))
                .call("swarm_issue_update", Map.of("issue", ISSUE, "status", "released"))
                .run();

        JsonNode entry = bobTries.ok(0, "issue-board").get("issues").get(0);
        assertThat(entry.get("issue").asText()).isEqualTo(ISSUE);
        assertThat(entry.get("state").asText()).isEqualTo("claimed");
        assertThat(entry.get("owner").asText()).isEqualTo("alice");
        assertThat(entry.get("since").asText()).isNotBlank();
        JsonNode message = entry.get("messages").get(0);
        assertThat(message.get("from_peer").get("agent_id").asText()).isEqualTo("alice");
        assertThat(message.get("from_peer").get("signature_verified").asBoolean()).isTrue();
        assertThat(message.get("peer_content").asText()).isEqualTo("claimed acme/app#12: fixing the parser");
        JsonNode conflict = bobTries.toolError(1);
        assertThat(conflict.get("code").asText()).isEqualTo("CONFLICT");
        assertThat(conflict.get("message").asText()).contains("claimed by alice").contains("force: true");
        assertThat(conflict.get("details").get("owner").asText()).isEqualTo("alice");
        assertThat(bobTries.toolError(2).get("code").asText()).isEqualTo("NOT_AUTHORIZED");

        McpClient.Report aliceFinishes = client()
                .call("swarm_issue_update", Map.of("issue", ISSUE, "status", "done", "note", "merged"))
                .call("swarm_issue_board", Map.of("issue", ISSUE))
                .run();

        JsonNode done = aliceFinishes.ok(0, "issue-update");
        assertThat(done.get("event").asText()).isEqualTo("completed");
        assertThat(done.get("entry").get("state").asText()).isEqualTo("done");
        JsonNode own = aliceFinishes.ok(1, "issue-board").get("issues").get(0);
        assertThat(own.get("state").asText()).isEqualTo("done");
        assertThat(own.get("conflicts")).as("bob's claim was refused, never sent").isEmpty();
        assertThat(own.get("messages").get(1).get("sent_by_you").asBoolean()).isTrue();
        JsonNode bobsBoard = bobsClient().call("swarm_issue_board", Map.of("state", "done")).run()
                .ok(0, "issue-board").get("issues").get(0);
        assertThat(bobsBoard.get("state").asText()).isEqualTo("done");
        assertThat(bobsBoard.get("owner").asText()).isEqualTo("alice");
        assertThat(bobsBoard.get("note").asText()).isEqualTo("merged");
    }

    @Test
    void withoutSwarmServeTheServerSaysRepliesCannotArriveRefusesRequestsAndStillSends() {
        cluster.node("alice").stop();

        McpClient.Report report = client()
                .call("swarm_status", Map.of())
                .call("swarm_request", Map.of("to", "bob", "message", "are you there?"))
                .call("swarm_send", Map.of("to", "bob", "message", "sent while alice's node is not serving"))
                .run();

        assertThat(report.server().get("instructions").asText()).contains("swarm serve is not running");
        assertThat(report.stderr()).contains("warning: swarm serve is not running");
        JsonNode status = report.ok(0, "status");
        assertThat(status.get("serving").get("running").asBoolean()).isFalse();
        assertThat(status.get("warning").asText()).contains("replies cannot arrive");
        JsonNode refused = report.toolError(1);
        assertThat(refused.get("code").asText()).isEqualTo("NOT_SERVING");
        assertThat(refused.get("message").asText()).contains("nothing was sent");
        assertThat(messageTo(bob, "are you there?")).isEmpty();
        JsonNode sent = report.ok(2, "send");
        assertThat(sent.get("status").asText()).as("delivered by swarm mcp itself").isEqualTo("sent");
        assertThat(messageTo(bob, "sent while alice's node is not serving")).isPresent();
    }

    @Test
    void anAgentSeesWhoHoldsARoleSendsToTheRoleAndItsReplyCarriesTheChain() {
        bob.json("role", "add", "reviewer");
        await("alice hears bob's role").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(250))
                .until(() -> alice.json("role", "list").get("swarms").get(0).get("holders").path("reviewer").size() == 1);
        await("alice's presence reached bob").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(250))
                .until(() -> items(alice.json("who").get("swarms").get(0).get("members")).stream()
                        .anyMatch(m -> m.get("agent_id").asText().equals("bob") && m.path("reachable").asBoolean()));
        String fromBob = bob.json("send", "--to", "alice", "--message", "is #12 ready?").get("message_id").asText();

        McpClient.Report report = client()
                .call("swarm_who", Map.of())
                .call("swarm_send", Map.of("to", "role:reviewer", "message", "please review #12"))
                .call("swarm_send", Map.of("to", "bob", "message", "yes", "reply_to", fromBob))
                .call("swarm_send", Map.of("to", "role:designer", "message", "anyone?"))
                .run();

        JsonNode who = report.ok(0, "who");
        assertThat(who.get("agent_id").asText()).isEqualTo("alice");
        assertThat(items(who.get("swarms").get(0).get("members"))).anySatisfy(m -> {
            assertThat(m.get("agent_id").asText()).isEqualTo("bob");
            assertThat(items(m.get("roles"))).extracting(JsonNode::asText).containsExactly("reviewer");
            assertThat(m.get("reachable").asBoolean()).isTrue();
        });
        JsonNode toRole = report.ok(1, "send");
        assertThat(toRole.get("to_role").asText()).isEqualTo("reviewer");
        assertThat(items(toRole.get("deliveries"))).extracting(d -> d.get("agent_id").asText()).containsExactly("bob");
        String replyId = report.ok(2, "send").get("message_id").asText();
        JsonNode error = report.toolError(3);
        assertThat(error.get("code").asText()).isEqualTo("MEMBER_NOT_FOUND");
        assertThat(error.get("message").asText()).contains("nobody holds role designer");

        List<JsonNode> bobs = items(bob.json("messages", "--no-mark-read").get("messages"));
        assertThat(bobs).anySatisfy(m -> {
            assertThat(m.get("content").asText()).isEqualTo("please review #12");
            assertThat(m.get("metadata").get("to_role").asText()).isEqualTo("reviewer");
        });
        assertThat(bobs).anySatisfy(m -> {
            assertThat(m.get("message_id").asText()).isEqualTo(replyId);
            assertThat(m.get("in_reply_to").asText()).isEqualTo(fromBob);
            assertThat(m.get("metadata").get("chain_origin").asText()).as("the chain began with bob's question")
                    .isEqualTo(fromBob);
            assertThat(m.get("metadata").get("chain_hop").asInt()).isEqualTo(1);
        });
    }

    private McpClient client() {
        return McpClient.of(root.resolve("mcp-logs"), cluster.node("alice").env());
    }

    /** Bob's agent, with its own swarm mcp on bob's node. */
    private McpClient bobsClient() {
        return McpClient.of(root.resolve("mcp-logs"), cluster.node("bob").env());
    }

    /** The id of the message with this content in a user's inbox (read or not, left as it is). */
    private static Optional<String> messageTo(Cli who, String content) {
        return items(who.json("messages", "--status", "all", "--no-mark-read", "--limit", "1000").get("messages"))
                .stream().filter(m -> m.get("content").asText().equals(content))
                .map(m -> m.get("message_id").asText()).findFirst();
    }
}
