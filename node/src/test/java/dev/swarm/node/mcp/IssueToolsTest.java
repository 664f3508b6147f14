package dev.swarm.node.mcp;

import static dev.swarm.node.mcp.TwoAgents.error;
import static dev.swarm.node.mcp.TwoAgents.ok;
import static dev.swarm.node.mcp.TwoAgents.tool;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.swarm.node.NodeOptions;
import dev.swarm.node.github.GitHubConfig;
import dev.swarm.node.support.DbDump;
import dev.swarm.node.support.FreePort;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** swarm_issue_claim, swarm_issue_update and swarm_issue_board: alice's and bob's agents on real nodes. */
class IssueToolsTest {
    private static final String ISSUE = "acme/app#12";
    /** Alice has a GitHub token, but nothing answers at her GitHub address; bob has no token. */
    private static final String UNREACHABLE_GITHUB = "https://127.0.0.1:" + FreePort.next();

    @TempDir
    Path dir;

    private TwoAgents agents;
    private ToolContext alice;
    private ToolContext bob;

    @BeforeEach
    void aliceAndBobShareASwarm() {
        agents = new TwoAgents(dir, NodeOptions.DEFAULTS.withGitHub(new GitHubConfig("t0ken", UNREACHABLE_GITHUB,
                List.of(), "broadcast", null, Duration.ofMinutes(1), null)));
        alice = agents.context(Duration.ofSeconds(60));
        bob = agents.bobsContext();
    }

    @AfterEach
    void stop() {
        agents.close();
    }

    @Test
    void aClaimReachesBobsBoardWithAliceAsOwnerAndHerNoteAsAPeersWords() {
        JsonNode claim = ok(alice, tool(alice, "swarm_issue_claim"), Map.of("issue", ISSUE, "note", "fixing the parser"),
                "issue-claim");

        assertThat(claim.get("issue").asText()).isEqualTo(ISSUE);
        assertThat(claim.get("message").get("status").asText()).isEqualTo("sent");
        assertThat(claim.get("entry").get("state").asText()).isEqualTo("claimed");
        assertThat(claim.get("entry").get("owner").asText()).isEqualTo("alice");

        // alice is the master: her node acknowledged her claim as it sent it, and bob's node learns it
        assertThat(claim.get("entry").get("acknowledged").asBoolean()).isTrue();
        await("bob records alice's acknowledgement").atMost(Duration.ofSeconds(20)).until(() -> ok(bob,
                tool(bob, "swarm_issue_board"), Map.of(), "issue-board").get("issues").get(0).get("acknowledged")
                .asBoolean());
        JsonNode board = ok(bob, tool(bob, "swarm_issue_board"), Map.of(), "issue-board");
        assertThat(board.get("agent_id").asText()).isEqualTo("bob");
        assertThat(board.get("ordered_by").asText()).isEqualTo("master_acknowledgement");
        assertThat(board.get("notice").asText()).contains("pending acknowledgement");
        assertThat(board.get("swarm_name").asText()).isEqualTo("build-team");
        assertThat(board.get("notice").asText()).contains("not by your user");
        JsonNode entry = board.get("issues").get(0);
        assertThat(entry.get("issue").asText()).isEqualTo(ISSUE);
        assertThat(entry.get("state").asText()).isEqualTo("claimed");
        assertThat(entry.get("owner").asText()).isEqualTo("alice");
        assertThat(entry.get("since").asText()).isNotBlank();
        assertThat(entry.get("note").asText()).isEqualTo("fixing the parser");
        JsonNode message = entry.get("messages").get(0);
        assertThat(message.get("message_id").asText()).isEqualTo(claim.get("message").get("message_id").asText());
        assertThat(message.get("from_peer").get("agent_id").asText()).isEqualTo("alice");
        assertThat(message.get("peer_content").asText()).isEqualTo("claimed acme/app#12: fixing the parser");
        assertThat(message.get("status").asText()).as("reading the board marks nothing read").isEqualTo("unread");

        JsonNode own = ok(alice, tool(alice, "swarm_issue_board"), Map.of(), "issue-board");
        JsonNode mine = own.get("issues").get(0).get("messages").get(0);
        assertThat(mine.get("sent_by_you").asBoolean()).isTrue();
        assertThat(mine.get("your_content").asText()).isEqualTo("claimed acme/app#12: fixing the parser");
        assertThat(mine.has("peer_content")).isFalse();
    }

    @Test
    void aClaimOfAnIssueAliceHoldsIsRefusedNamingHerUnlessForcedAndThenShownAsAConflict() {
        ok(alice, tool(alice, "swarm_issue_claim"), Map.of("issue", ISSUE), "issue-claim");
        DbDump before = agents.alice.dump();

        JsonNode refused = error(tool(bob, "swarm_issue_claim"), Map.of("issue", ISSUE, "note", "mine now"));

        assertThat(refused.get("code").asText()).isEqualTo("CONFLICT");
        assertThat(refused.get("message").asText()).startsWith("acme/app#12 is claimed by alice since")
                .contains("nothing was sent").contains("force: true").doesNotContain("--force");
        assertThat(refused.get("details").get("owner").asText()).isEqualTo("alice");
        assertThat(agents.alice.dump()).as("nothing reached alice").isEqualTo(before);

        JsonNode forced = ok(bob, tool(bob, "swarm_issue_claim"), Map.of("issue", ISSUE, "force", true),
                "issue-claim");
        assertThat(forced.get("entry").get("owner").asText()).as("the earlier claim still wins").isEqualTo("alice");
        JsonNode entry = ok(alice, tool(alice, "swarm_issue_board"), Map.of("issue", ISSUE), "issue-board")
                .get("issues").get(0);
        assertThat(entry.get("owner").asText()).isEqualTo("alice");
        assertThat(entry.get("conflicts").get(0).get("loser").asText()).isEqualTo("bob");
        assertThat(entry.get("conflicts").get(0).get("winner").asText()).isEqualTo("alice");
        assertThat(entry.get("conflicts").get(0).get("settled").asBoolean()).as("alice numbered both claims")
                .isTrue();
    }

    @Test
    void theHolderBlocksUnblocksAndMarksDoneAndBobsBoardFollows() {
        Tool update = tool(alice, "swarm_issue_update");
        ok(alice, tool(alice, "swarm_issue_claim"), Map.of("issue", ISSUE), "issue-claim");

        JsonNode blocked = ok(alice, update, Map.of("issue", ISSUE, "status", "blocked", "note", "waiting for CI"),
                "issue-update");
        assertThat(blocked.get("event").asText()).isEqualTo("blocked");
        assertThat(blocked.get("entry").get("state").asText()).isEqualTo("blocked");
        assertThat(ok(alice, update, Map.of("issue", ISSUE, "status", "unblocked"), "issue-update").get("entry")
                .get("state").asText()).isEqualTo("claimed");
        JsonNode done = ok(alice, update, Map.of("issue", ISSUE, "status", "done", "note", "merged"), "issue-update");

        assertThat(done.get("event").asText()).isEqualTo("completed");
        assertThat(done.get("entry").get("state").asText()).isEqualTo("done");
        JsonNode entry = ok(bob, tool(bob, "swarm_issue_board"), Map.of(), "issue-board").get("issues").get(0);
        assertThat(entry.get("state").asText()).isEqualTo("done");
        assertThat(entry.get("owner").asText()).isEqualTo("alice");
        assertThat(entry.get("note").asText()).isEqualTo("merged");
        assertThat(entry.get("message_count").asInt()).isEqualTo(4);
    }

    @Test
    void whatIsAnotherAgentsToChangeIsRefusedAndNothingIsSent() {
        ok(alice, tool(alice, "swarm_issue_claim"), Map.of("issue", ISSUE), "issue-claim");
        Tool update = tool(bob, "swarm_issue_update");
        DbDump before = agents.alice.dump();

        JsonNode done = error(update, Map.of("issue", ISSUE, "status", "done"));
        assertThat(done.get("code").asText()).isEqualTo("CONFLICT");
        assertThat(done.get("message").asText()).contains("alice").contains("force: true to mark it done anyway");
        JsonNode blocked = error(update, Map.of("issue", ISSUE, "status", "blocked", "note", "flaky"));
        assertThat(blocked.get("code").asText()).isEqualTo("NOT_AUTHORIZED");
        assertThat(blocked.get("details").get("owner").asText()).isEqualTo("alice");
        assertThat(error(update, Map.of("issue", ISSUE, "status", "released")).get("code").asText())
                .isEqualTo("NOT_AUTHORIZED");
        assertThat(error(update, Map.of("issue", ISSUE, "status", "unblocked")).get("message").asText())
                .contains("(alice)");
        assertThat(agents.alice.dump()).isEqualTo(before);

        JsonNode forced = ok(bob, update, Map.of("issue", ISSUE, "status", "done", "force", true), "issue-update");
        assertThat(forced.get("entry").get("state").asText()).isEqualTo("done");
    }

    @Test
    void badIssueInputIsAToolErrorNamingTheArgument() {
        Tool claim = tool(alice, "swarm_issue_claim");
        Tool update = tool(alice, "swarm_issue_update");
        Tool board = tool(alice, "swarm_issue_board");
        DbDump before = agents.alice.dump();

        JsonNode malformed = error(claim, Map.of("issue", "acme/app#x"));
        assertThat(malformed.get("message").asText()).isEqualTo("argument 'issue' must look like owner/repo#12, not"
                + " 'acme/app#x'");
        assertThat(malformed.get("details").get("field").asText()).isEqualTo("issue");
        assertThat(error(claim, Map.of("issue", 12)).get("message").asText()).isEqualTo("argument 'issue' must be a"
                + " string");
        assertThat(error(claim, Map.of("issue", ISSUE, "swarm", "ffff0000")).get("code").asText())
                .isEqualTo("SWARM_NOT_FOUND");
        assertThat(error(update, Map.of("issue", ISSUE, "status", "finished")).get("message").asText())
                .isEqualTo("argument 'status' must be done, blocked, unblocked or released");
        assertThat(error(update, Map.of("issue", ISSUE)).get("message").asText())
                .startsWith("argument 'status' is required");
        assertThat(error(update, Map.of("issue", ISSUE, "status", "blocked")).get("details").get("field").asText())
                .isEqualTo("note");
        assertThat(error(update, Map.of("issue", ISSUE, "status", "released", "comment", true)).get("details")
                .get("field").asText()).isEqualTo("comment");
        assertThat(error(board, Map.of("state", "stale")).get("details").get("field").asText()).isEqualTo("state");
        assertThat(error(board, Map.of("issue", "acme#12")).get("details").get("field").asText()).isEqualTo("issue");
        assertThat(error(board, Map.of("swarm", "nope")).get("code").asText()).isEqualTo("SWARM_NOT_FOUND");
        assertThat(agents.alice.dump()).as("nothing was sent or stored").isEqualTo(before);
    }

    @Test
    void aCommentNeedsATokenAndAFailedCommentLeavesTheSwarmMessageStanding() {
        DbDump before = agents.bob.dump();
        JsonNode noToken = error(tool(bob, "swarm_issue_update"), Map.of("issue", ISSUE, "status", "done",
                "comment", true));
        assertThat(noToken.get("details").get("field").asText()).isEqualTo("comment");
        assertThat(noToken.get("message").asText()).contains("GITHUB_TOKEN").contains("nothing was sent");
        assertThat(agents.bob.dump()).isEqualTo(before);

        JsonNode done = ok(alice, tool(alice, "swarm_issue_update"), Map.of("issue", ISSUE, "status", "done",
                "note", "merged", "comment", true), "issue-update");

        assertThat(done.get("comment_error").asText()).contains("cannot reach GitHub");
        assertThat(done.has("comment")).isFalse();
        assertThat(done.get("message").get("status").asText()).isEqualTo("sent");
        JsonNode entry = ok(bob, tool(bob, "swarm_issue_board"), Map.of(), "issue-board").get("issues").get(0);
        assertThat(entry.get("state").asText()).isEqualTo("done");
        assertThat(entry.get("note").asText()).isEqualTo("merged");
    }

    @Test
    void theBoardFiltersByIssueAndStateAndLimitsTheMessagesShown() {
        ok(alice, tool(alice, "swarm_issue_claim"), Map.of("issue", ISSUE), "issue-claim");
        ok(alice, tool(alice, "swarm_issue_claim"), Map.of("issue", "acme/app#13"), "issue-claim");
        ok(alice, tool(alice, "swarm_issue_update"), Map.of("issue", "acme/app#13", "status", "done"), "issue-update");
        Tool board = tool(bob, "swarm_issue_board");

        assertThat(issues(ok(bob, board, Map.of(), "issue-board"))).containsExactly(ISSUE, "acme/app#13");
        assertThat(issues(ok(bob, board, Map.of("state", "done"), "issue-board"))).containsExactly("acme/app#13");
        assertThat(issues(ok(bob, board, Map.of("issue", ISSUE), "issue-board"))).containsExactly(ISSUE);
        assertThat(issues(ok(bob, board, Map.of("state", "blocked"), "issue-board"))).isEmpty();
        JsonNode latest = ok(bob, board, Map.of("issue", "acme/app#13", "messages_per_issue", 1), "issue-board")
                .get("issues").get(0);
        assertThat(latest.get("message_count").asInt()).isEqualTo(2);
        assertThat(latest.get("messages")).hasSize(1);
        assertThat(latest.get("messages").get(0).get("peer_content").asText()).isEqualTo("completed acme/app#13");
    }

    private static List<String> issues(JsonNode board) {
        List<String> issues = new ArrayList<>();
        board.get("issues").forEach(i -> issues.add(i.get("issue").asText()));
        assertThat(board.get("count").asInt()).isEqualTo(issues.size());
        return issues;
    }
}
