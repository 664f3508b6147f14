package dev.swarm.node.github;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.swarm.node.NodeOptions;
import dev.swarm.node.state.Swarm;
import dev.swarm.node.support.TestNode;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code swarm serve} runs the issue watcher when repositories are configured. */
class IssueWatcherServeTest {
    private static final String REPO = "acme/widgets";

    @TempDir
    Path dir;

    @Test
    void serveWatchesTheConfiguredRepositoryFromNowOn() {
        try (FakeGitHub github = new FakeGitHub(Clock.systemUTC(), dir.resolve("github-tls"))) {
            github.publish(REPO, 2); // all of it recorded in the past
            GitHubConfig config = new GitHubConfig("ghp_serve_token", github.url(), List.of(REPO), "broadcast", null,
                    Duration.ofSeconds(1), "octo-coordinator");
            try (TestNode alice = TestNode.start(dir, "alice", NodeOptions.DEFAULTS.withGitHub(config));
                 TestNode bob = TestNode.start(dir, "bob")) {
                Swarm swarm = alice.node().swarms().create("widgets-team", false);
                bob.node().joins().join(alice.node().invites().issue(swarm, Duration.ofHours(1), null).url().toString());

                await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(github.requests())
                        .as("a second poll, asking conditionally")
                        .anyMatch(r -> r.path().endsWith("/issues/events") && r.ifNoneMatch() != null));

                assertThat(github.requests()).extracting(FakeGitHub.Request::path).contains("/repos/acme/widgets/issues",
                        "/repos/acme/widgets/issues/comments", "/repos/acme/widgets/issues/events");
                assertThat(github.requests()).allMatch(r -> "Bearer ghp_serve_token".equals(r.authorization()));
                List<String> sent = alice.node().database().read(store -> store.sentMessages()
                        .withReferences(swarm.swarmId()));
                assertThat(sent).as("history is not replayed").isEmpty();
                assertThat(alice.node().status().report().serving().detail()).as("swarm status")
                        .endsWith("watching GitHub issues of acme/widgets");
            }
        }
    }
}
