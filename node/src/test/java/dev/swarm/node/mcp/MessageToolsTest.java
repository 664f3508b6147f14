package dev.swarm.node.mcp;

import static dev.swarm.node.mcp.TwoAgents.error;
import static dev.swarm.node.mcp.TwoAgents.inbox;
import static dev.swarm.node.mcp.TwoAgents.ok;
import static dev.swarm.node.mcp.TwoAgents.tool;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.swarm.node.NodeOptions;
import dev.swarm.node.SwarmNode;
import dev.swarm.node.messaging.MessageView;
import dev.swarm.node.messaging.SendRequest;
import dev.swarm.node.protocol.MessageType;
import dev.swarm.node.support.DbDump;
import dev.swarm.node.support.TestNode;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** swarm_send and swarm_request against real nodes: what they send, what they refuse, what they return. */
class MessageToolsTest {
    @TempDir
    Path dir;

    private TwoAgents agents;
    private ToolContext context;

    @BeforeEach
    void aliceAndBobShareASwarm() {
        agents = new TwoAgents(dir);
        context = agents.context(Duration.ofSeconds(60));
    }

    @AfterEach
    void stop() {
        agents.close();
    }

    @Test
    void sendDeliversToTheMemberAndReturnsWhatSwarmSendPrints() {
        JsonNode sent = ok(context, tool(context, "swarm_send"), Map.of("to", "bob", "message", "tests are green",
                "priority", "high", "references", List.of(Map.of("type", "github_issue", "repo", "acme/app",
                        "number", 12))), "send");

        assertThat(sent.get("status").asText()).isEqualTo("sent");
        assertThat(sent.get("recipient").asText()).isEqualTo("bob");
        assertThat(sent.get("swarm_id").asText()).isEqualTo(agents.swarm.swarmId());
        assertThat(sent.get("deliveries").get(0).get("status").asText()).isEqualTo("delivered");
        assertThat(sent.has("warning")).as("alice's node is serving").isFalse();
        MessageView stored = inbox(agents.bob).stream()
                .filter(m -> m.messageId().equals(sent.get("message_id").asText())).findFirst().orElseThrow();
        assertThat(stored.content()).isEqualTo("tests are green");
        assertThat(stored.priority()).isEqualTo("high");
        assertThat(stored.references().get(0).get("number").asInt()).isEqualTo(12);
    }

    @Test
    void broadcastMustBeSaidAndReachesEveryOtherMember() {
        JsonNode sent = ok(context, tool(context, "swarm_send"), Map.of("to", "broadcast", "message", "hello all"),
                "send");

        assertThat(sent.get("recipient").asText()).isEqualTo("broadcast");
        assertThat(inbox(agents.bob)).extracting(MessageView::content).contains("hello all");
    }

    @Test
    void badSendInputIsAToolErrorThatSaysWhatIsWrongAndQueuesNothing() {
        Tool send = tool(context, "swarm_send");
        DbDump before = agents.alice.dump();

        JsonNode noRecipient = error(send, Map.of("message", "who gets this?"));
        assertThat(noRecipient.get("code").asText()).isEqualTo("INVALID_ARGUMENT");
        assertThat(noRecipient.get("message").asText()).contains("'to' is required");
        assertThat(noRecipient.get("details").get("field").asText()).isEqualTo("to");
        assertThat(error(send, Map.of("to", "bob", "message", "hi", "swarm", "0000ffff")).get("code").asText())
                .isEqualTo("SWARM_NOT_FOUND");
        JsonNode tooLarge = error(send, Map.of("to", "bob", "message", "x".repeat(65_537)));
        assertThat(tooLarge.get("code").asText()).isEqualTo("PAYLOAD_TOO_LARGE");
        assertThat(tooLarge.get("message").asText()).contains("65537").contains("65536");
        assertThat(error(send, Map.of("to", "carol", "message", "hi")).get("code").asText())
                .isEqualTo("MEMBER_NOT_FOUND");
        assertThat(error(send, Map.of("to", "alice", "message", "hi")).get("message").asText()).contains("yourself");
        assertThat(error(send, Map.of("to", "bob bob", "message", "hi")).get("details").get("field").asText())
                .isEqualTo("to");
        assertThat(error(send, Map.of("to", "bob", "message", "hi", "priority", "asap")).get("message").asText())
                .isEqualTo("argument 'priority' must be low, normal or high");
        assertThat(error(send, Map.of("to", "bob", "message", "hi", "reply_to", "12")).get("details").get("field")
                .asText()).isEqualTo("reply_to");
        JsonNode reference = error(send, Map.of("to", "bob", "message", "hi", "references",
                List.of(Map.of("type", "github_issue", "repo", "acme/app"))));
        assertThat(reference.get("message").asText()).isEqualTo("argument 'references[0].number' is required");
        assertThat(error(send, Map.of("to", "bob", "text", "hi")).get("message").asText())
                .startsWith("unknown argument text;");

        assertThat(agents.alice.dump()).isEqualTo(before);
    }

    @Test
    void requestReturnsTheReplyThatArrivesAndMarksItRead() {
        CompletableFuture<Void> bobAnswers = CompletableFuture.runAsync(() -> {
            MessageView question = await("bob gets the question").atMost(Duration.ofSeconds(30))
                    .until(() -> inbox(agents.bob).stream().filter(m -> m.content().equals("which port?")).findFirst(),
                            found -> found.isPresent()).orElseThrow();
            agents.bob.node().messages().send(new SendRequest(null, "alice", "port 8080", MessageType.MESSAGE, null,
                    question.messageId(), null, null, null));
        });

        JsonNode answer = ok(context, tool(context, "swarm_request"), Map.of("to", "bob", "message", "which port?",
                "timeout_seconds", 30), "request");

        bobAnswers.join();
        assertThat(answer.get("status").asText()).isEqualTo("reply");
        JsonNode reply = answer.get("reply");
        assertThat(reply.get("peer_fields").get("in_reply_to").asText()).isEqualTo(answer.get("message_id").asText());
        assertThat(reply.get("peer_content").asText()).isEqualTo("port 8080");
        assertThat(reply.get("from_peer").get("agent_id").asText()).isEqualTo("bob");
        assertThat(reply.get("status").asText()).isEqualTo("read");
        assertThat(agents.aliceHas(reply.get("message_id").asText()).orElseThrow().status()).isEqualTo("read");
    }

    @Test
    void requestThatNobodyAnswersTimesOutSayingTheQuestionIsStillOpenAndReportsProgress() {
        List<String> progress = new CopyOnWriteArrayList<>();
        RequestTool request = new RequestTool(context, Duration.ofSeconds(1));

        long started = System.nanoTime();
        JsonNode answer = TwoAgents.okWithProgress(request, Map.of("to", "bob", "message", "anyone there?",
                "timeout_seconds", 3), progress::add);
        Duration took = Duration.ofNanos(System.nanoTime() - started);

        assertThat(answer.get("status").asText()).isEqualTo("timeout");
        assertThat(answer.get("still_open").asBoolean()).isTrue();
        String id = answer.get("message_id").asText();
        assertThat(answer.get("how_to_check").asText()).contains(id).contains("swarm_inbox");
        assertThat(answer.get("waited_seconds").asInt()).isGreaterThanOrEqualTo(3);
        assertThat(took).isGreaterThanOrEqualTo(Duration.ofSeconds(3)).isLessThan(Duration.ofSeconds(15));
        assertThat(progress).isNotEmpty().allSatisfy(line -> assertThat(line).contains(id));
        assertThat(inbox(agents.bob)).extracting(MessageView::messageId).contains(id);
    }

    @Test
    void requestLongerThanTheLongestWaitIsRefusedBeforeAnythingIsSent() {
        DbDump before = agents.alice.dump();

        JsonNode refused = error(tool(context, "swarm_request"), Map.of("to", "bob", "message", "q",
                "timeout_seconds", 61));

        assertThat(refused.get("message").asText()).isEqualTo("argument 'timeout_seconds' must be between 1 and 60");
        assertThat(agents.alice.dump()).isEqualTo(before);
    }

    @Test
    void withoutSwarmServeRequestIsRefusedBeforeSendingWhileSendStillDelivers() {
        agents.alice.stop();
        try (SwarmNode idle = SwarmNode.open(agents.alice.home(), agents.alice.identity(),
                NodeOptions.DEFAULTS.withClient(TestNode.clientConfig()))) {
            ToolContext notServing = new ToolContext(idle, Duration.ofSeconds(60), Duration.ofSeconds(5),
                    agents.localApi(), null);
            DbDump before = agents.alice.dump();

            JsonNode refused = error(tool(notServing, "swarm_request"), Map.of("to", "bob", "message", "q"));

            assertThat(refused.get("code").asText()).isEqualTo("NOT_SERVING");
            assertThat(refused.get("message").asText()).contains("nothing was sent").contains("swarm serve");
            assertThat(agents.alice.dump()).isEqualTo(before);
            JsonNode sent = ok(notServing, tool(notServing, "swarm_send"), Map.of("to", "bob", "message", "fyi"),
                    "send");
            assertThat(sent.get("status").asText()).isEqualTo("sent");
            assertThat(sent.get("warning").asText()).contains("replies cannot arrive");
            assertThat(SwarmTools.instructions(notServing)).contains("swarm serve is not running");
        }
    }
}
