package dev.swarm.node.github;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.swarm.node.protocol.Json;
import dev.swarm.node.state.Swarm;
import dev.swarm.node.support.TestNode;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The issue watcher against a GitHub that serves recorded answers (see {@link FakeGitHub}), sending
 * through a real node (alice, the coordinator's node) to a real member (bob), who receives the
 * notifications. The watcher's clock is the test's: GitHub's "now" moves when the test says so.
 */
class IssueWatcherTest {
    private static final String REPO = "acme/widgets";
    private static final Instant START = Instant.parse("2026-03-02T09:00:00Z");
    private static final Instant STAGE_1 = Instant.parse("2026-03-02T10:06:00Z");
    private static final Instant STAGE_2 = Instant.parse("2026-03-02T10:20:00Z");
    private static final Duration PATIENCE = Duration.ofSeconds(30);
    private static final String WEB = "https://github.com/acme/widgets";

    /** The notifications of stage 1, as bob sees them: content, reference url, reference action. */
    private static final List<org.assertj.core.groups.Tuple> STAGE_1_NEWS = List.of(
            tuple("new pull request acme/widgets#14 by erin: Retry dead rows from the CLI", WEB + "/pull/14", null),
            tuple("new issue acme/widgets#12 by carol-dev: Crash when the outbox is full and the disk too",
                    WEB + "/issues/12", null),
            tuple("comment by dave on acme/widgets#12", WEB + "/issues/12#issuecomment-1001", null),
            tuple("label bug added to acme/widgets#12 by carol-dev", WEB + "/issues/12", null));

    /** What stage 2 adds, less octo-coordinator's own activity and the events nobody reports. */
    private static final List<org.assertj.core.groups.Tuple> STAGE_2_NEWS = List.of(
            tuple("new issue acme/widgets#16 by frank: TLS handshake fails with an expired CA "
                    + "x".repeat(Activity.TITLE_CHARS - 1 - "TLS handshake fails with an expired CA ".length()) + "…",
                    WEB + "/issues/16", null),
            tuple("comment by dave on acme/widgets#12", WEB + "/issues/12#issuecomment-1003", "mention"),
            tuple("acme/widgets#12 assigned to dave by carol-dev", WEB + "/issues/12", "assigned"));

    @TempDir
    Path dir;

    private TestNode alice;
    private TestNode bob;
    private Swarm swarm;
    private FakeGitHub github;
    private ManualTime time;
    private GitHubClient client;
    private IssueWatcher watcher;

    @BeforeEach
    void swarmWithACoordinatorAndAMember() {
        alice = TestNode.start(dir, "alice");
        bob = TestNode.start(dir, "bob");
        swarm = alice.node().swarms().create("widgets-team", false);
        bob.node().joins().join(alice.node().invites().issue(swarm, Duration.ofHours(1), null).url().toString());
        time = new ManualTime(START);
        github = new FakeGitHub(time, dir.resolve("github-tls"));
        client = new GitHubClient(github.url(), "ghp_test_token", TestNode.clientConfig());
        github.publish(REPO, 0); // history only
    }

    @AfterEach
    void stop() {
        if (watcher != null) {
            watcher.close();
        }
        client.close();
        github.close();
        alice.close();
        bob.close();
    }

    @Test
    void newActivityBecomesExactlyOneNotificationPerEventForTheConfiguredAgent() {
        github.pageSize(1);
        startWatcher();
        github.publish(REPO, 1);
        pollAt(STAGE_1);

        await().atMost(PATIENCE).untilAsserted(() -> assertThat(news(bob)).hasSize(4));
        pollAt(STAGE_1.plusSeconds(30));
        pollAt(STAGE_1.plusSeconds(60));

        assertThat(news(bob)).as("one notification per event, however often GitHub is asked")
                .extracting(n -> n.path("content").asText(), n -> n.path("references").get(0).path("url").asText(),
                        n -> n.path("references").get(0).path("action").asText(null))
                .containsExactlyInAnyOrderElementsOf(STAGE_1_NEWS);
        JsonNode first = news(bob).get(0);
        assertThat(first.path("type").asText()).isEqualTo("notification");
        assertThat(first.path("recipient").asText()).isEqualTo("bob");
        assertThat(first.path("references").get(0).path("repo").asText()).isEqualTo(REPO);
        assertThat(sentByAlice()).as("alice's own record of what she sent").hasSize(4);
        assertThat(github.requests()).as("pages followed by their Link header")
                .anyMatch(r -> "2".equals(r.query().get("page")));
        assertThat(github.requests()).allMatch(r -> "Bearer ghp_test_token".equals(r.authorization()));
    }

    @Test
    void theFirstPollStartsFromNowAndReplaysNoHistory() {
        github.publish(REPO, 2);
        time.set(STAGE_2.plusSeconds(600));
        startWatcher();
        pollAt(STAGE_2.plusSeconds(660));

        assertThat(github.requests()).extracting(FakeGitHub.Request::path).contains("/repos/acme/widgets/issues",
                "/repos/acme/widgets/issues/comments", "/repos/acme/widgets/issues/events");
        assertThat(github.requests()).filteredOn(r -> r.query().containsKey("since"))
                .as("from the first poll's time, less the overlap every poll asks again")
                .allMatch(r -> Instant.parse(r.query().get("since")).equals(STAGE_2.plusSeconds(600)
                        .minus(FeedReader.OVERLAP)));
        assertThat(sentByAlice()).isEmpty();
        assertThat(news(bob)).isEmpty();
    }

    @Test
    void anUnchangedFeedIsAskedConditionallyAndItsNotModifiedCreatesNothing() {
        startWatcher();
        github.publish(REPO, 1);
        pollAt(STAGE_1);
        await().atMost(PATIENCE).untilAsserted(() -> assertThat(sentByAlice()).hasSize(4));
        pollAt(STAGE_1.plusSeconds(60)); // asks once from the new point reached, finds nothing new
        int before = github.requests().size();

        pollAt(STAGE_1.plusSeconds(120));

        List<FakeGitHub.Request> again = github.requests().subList(before, github.requests().size());
        assertThat(again).extracting(FakeGitHub.Request::path).containsExactlyInAnyOrder("/repos/acme/widgets/issues",
                "/repos/acme/widgets/issues/comments", "/repos/acme/widgets/issues/events");
        assertThat(again).allSatisfy(r -> {
            assertThat(r.ifNoneMatch()).as("If-None-Match of " + r.path()).startsWith("W/\"");
            assertThat(r.status()).isEqualTo(304);
        });
        assertThat(sentByAlice()).hasSize(4);
    }

    @Test
    void aCommentGitHubListsAfterANewerOneIsStillSentOnce() {
        startWatcher();
        github.publish(REPO, 1);
        pollAt(STAGE_1);
        await().atMost(PATIENCE).untilAsserted(() -> assertThat(news(bob)).hasSize(4));

        github.publish(REPO, "comments", "comments-1-late"); // written at 10:04:30, listed only now
        pollAt(STAGE_1.plusSeconds(30));
        pollAt(STAGE_1.plusSeconds(60));

        await().atMost(PATIENCE).untilAsserted(() -> assertThat(news(bob)).hasSize(5));
        assertThat(news(bob)).extracting(n -> n.path("references").get(0).path("url").asText())
                .containsOnlyOnce(WEB + "/issues/12#issuecomment-1005", WEB + "/issues/12#issuecomment-1001");
        assertThat(sentByAlice()).hasSize(5);
    }

    @Test
    void aRestartResumesWithoutRepeatsOrGapsAndNeverEchoesTheCoordinator() {
        startWatcher();
        github.publish(REPO, 1);
        pollAt(STAGE_1);
        await().atMost(PATIENCE).untilAsserted(() -> assertThat(news(bob)).hasSize(4));

        watcher.close();
        alice.stop();
        github.publish(REPO, 2); // what happened while alice's node was down
        time.set(STAGE_2);
        alice.startServer();
        startWatcher();

        await().atMost(PATIENCE).untilAsserted(() -> assertThat(news(bob)).hasSize(7));
        pollAt(STAGE_2.plusSeconds(60));
        List<org.assertj.core.groups.Tuple> all = new ArrayList<>(STAGE_1_NEWS);
        all.addAll(STAGE_2_NEWS);
        assertThat(news(bob)).extracting(n -> n.path("content").asText(),
                        n -> n.path("references").get(0).path("url").asText(),
                        n -> n.path("references").get(0).path("action").asText(null))
                .containsExactlyInAnyOrderElementsOf(all);
        assertThat(news(bob)).extracting(n -> n.path("content").asText())
                .noneMatch(content -> content.contains("octo-coordinator"));
        assertThat(sentByAlice()).hasSize(7);
    }

    @Test
    void aUsedUpRateLimitStopsAllRequestsUntilItsResetTime() {
        startWatcher();
        github.publish(REPO, 1);
        Instant reset = Instant.parse("2026-03-02T11:00:00Z");
        github.exhaustUntil(reset);
        int before = github.requests().size();

        pollAt(STAGE_1);

        assertThat(time.wakeUp()).as("the watcher waits for GitHub's reset time").isEqualTo(reset);
        assertThat(news(bob)).isEmpty();
        pollAt(reset);
        await().atMost(PATIENCE).untilAsserted(() -> assertThat(news(bob)).hasSize(4));
        List<FakeGitHub.Request> meanwhile = github.requests().subList(before, github.requests().size()).stream()
                .filter(r -> r.at().isBefore(reset)).toList();
        assertThat(meanwhile).as("requests before the reset: only the one refused").hasSize(1)
                .allMatch(r -> r.status() == 403);
    }

    @Test
    void anAnswerWithNoCallsLeftIsUsedAndTheNextRequestWaitsForTheReset() {
        startWatcher();
        github.publish(REPO, 1);
        Instant reset = Instant.parse("2026-03-02T10:45:00Z");
        github.limitLeft(1, reset);
        int before = github.requests().size();

        pollAt(STAGE_1);

        assertThat(github.requests().subList(before, github.requests().size())).as("the last call, and no other")
                .singleElement().satisfies(r -> {
                    assertThat(r.path()).isEqualTo("/repos/acme/widgets/issues");
                    assertThat(r.status()).isEqualTo(200);
                });
        assertThat(time.wakeUp()).isEqualTo(reset);
        await().atMost(PATIENCE).untilAsserted(() -> assertThat(news(bob)).as("what that answer held").hasSize(2));
        github.limitLeft(FakeGitHub.LIMIT, reset.plusSeconds(3600));
        pollAt(reset);
        await().atMost(PATIENCE).untilAsserted(() -> assertThat(news(bob)).hasSize(4));
    }

    @Test
    void aSecondaryRateLimitWaitsForItsRetryAfter() {
        startWatcher();
        github.publish(REPO, 1);
        github.secondaryLimit(Duration.ofSeconds(120));

        pollAt(STAGE_1);

        assertThat(time.wakeUp()).isEqualTo(STAGE_1.plusSeconds(120));
        assertThat(news(bob)).isEmpty();
        pollAt(STAGE_1.plusSeconds(120));
        await().atMost(PATIENCE).untilAsserted(() -> assertThat(news(bob)).hasSize(4));
        assertThat(github.requests()).filteredOn(r -> r.at().isAfter(STAGE_1.minusSeconds(1))
                && r.at().isBefore(STAGE_1.plusSeconds(120))).as("only the refused request").hasSize(1);
    }

    /** Starts the watcher and waits for its first poll. */
    private void startWatcher() {
        GitHubConfig config = new GitHubConfig("ghp_test_token", github.url(), List.of(REPO), "bob", null,
                Duration.ofSeconds(1), "octo-coordinator");
        watcher = new IssueWatcher(config, client, alice.node().database(), alice.node().resolver(),
                alice.node().messages(), time, time).start();
        await().atMost(PATIENCE).until(() -> time.polls() > 0);
    }

    /** Moves GitHub's and the watcher's clock to {@code at} and waits until the watcher has polled. */
    private void pollAt(Instant at) {
        int polls = time.polls();
        time.set(at);
        await().atMost(PATIENCE).until(() -> time.polls() > polls);
    }

    private List<JsonNode> news(TestNode node) {
        return node.node().database().read(store -> store.inbox().envelopesWithReferences(swarm.swarmId())).stream()
                .map(Json::readTree).toList();
    }

    private List<String> sentByAlice() {
        return alice.node().database().read(store -> store.sentMessages().withReferences(swarm.swarmId()));
    }
}
