package dev.swarm.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code swarm serve} reads the issue watcher's settings by the usual rule (flag, then environment,
 * then config.yaml). It checks them before it opens the identity, so on a home without one a usable
 * value ends in "not initialised" (7) and a malformed one in "invalid input" (2) naming the setting:
 * the exit code tells which layer's value serve used, and serve never starts.
 */
class ServeGitHubOptionsTest {
    @TempDir
    Path tmp;

    private Path home;
    private Cli swarm;

    @BeforeEach
    void setUp() {
        home = tmp.resolve("home");
        swarm = Cli.home(home);
    }

    @Test
    void serveTakesTheWatchedRepositoriesFromTheHighestLayerThatSetsThem() {
        HomeFiles.write(home.resolve("config.yaml"), "github_repos: acme/widgets, not-a-repo\n");
        assertRefused(swarm.run("serve"), "github_repos", "not-a-repo");
        assertThat(swarm.with("SWARM_GITHUB_REPOS", "acme/widgets").run("serve").exit()).isEqualTo(7);

        HomeFiles.write(home.resolve("config.yaml"), "github_repos: acme/widgets\n");
        assertThat(swarm.run("serve").exit()).isEqualTo(7);
        assertRefused(swarm.with("SWARM_GITHUB_REPOS", "acme").run("serve"), "github_repos", "acme");
        assertThat(swarm.with("SWARM_GITHUB_REPOS", "acme").run("serve", "--github-repos", "acme/gadgets").exit())
                .isEqualTo(7);
        assertRefused(swarm.run("serve", "--github-repos", "acme#1"), "github_repos", "acme#1");
    }

    @Test
    void serveRefusesAPollIntervalUnderASecondAndANotifyTargetThatIsNoAgentId() {
        assertRefused(swarm.run("serve", "--github-repos", "acme/widgets", "--github-poll", "0.5"), "github_poll",
                "1 second");
        assertRefused(swarm.with("SWARM_GITHUB_NOTIFY", "two words").run("serve", "--github-repos", "acme/widgets"),
                "github_notify", "two words");
    }

    @Test
    void serveRefusesToNotifyItsOwnAgentAndStartsNothing() {
        assertThat(swarm.run("init", "--agent-id", "alice", "--endpoint", "https://127.0.0.1:9443/swarm",
                "--self-signed").exit()).isZero();

        assertRefused(swarm.run("serve", "--listen", "127.0.0.1:0", "--github-repos", "acme/widgets",
                "--github-notify", "alice"), "github_notify", "own agent");
        assertThat(home.resolve("serve.lock")).doesNotExist();
    }

    private static void assertRefused(Cli.Result result, String setting, String detail) {
        assertThat(result.exit()).isEqualTo(2);
        assertThat(result.errLines()).singleElement().asString().startsWith("error: ").contains(setting)
                .contains(detail);
    }
}
