package dev.swarm.node.lease;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The hook's text and how leases name a repository from its remote (the git runs are in LeaseIT). */
class LeaseHookTest {
    @Test
    void theHookQuotesItsCommandHomeAndRepositorySoNoNameBecomesShellSyntax() {
        String script = LeaseHook.script("/opt/my swarm/bin/swarm", Path.of("/home/o'brien/.swarm $(reboot)"),
                "acme/app");

        assertThat(script).startsWith("#!/bin/sh\n").contains(LeaseHook.MARKER);
        assertThat(script).contains("SWARM_HOME='/home/o'\\''brien/.swarm $(reboot)'\n");
        assertThat(script).contains("exec '/opt/my swarm/bin/swarm' lease check --staged --repo acme/app\n");
        assertThat(script).contains("if [ \"${SWARM_LEASE_OVERRIDE:-}\" = \"1\" ]; then");
        assertThat(script).contains("pre-commit.before-swarm");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({
        "https://github.com/acme/app.git, acme/app",
        "https://github.com/acme/app, acme/app",
        "git@github.com:acme/app.git, acme/app",
        "ssh://git@gitlab.example:2222/team/tool.git/, team/tool",
        "https://example.com/group/sub/proj.git, sub/proj"})
    void theRepositoryIsTheLastTwoSegmentsOfTheRemotesUrl(String url, String repo) {
        assertThat(Git.repositoryOf(url)).contains(repo);
    }

    @Test
    void aRemoteWithoutOwnerAndNameNamesNoRepository() {
        assertThat(Git.repositoryOf("single")).isEmpty();
        assertThat(Git.repositoryOf("file:///tmp/x y/z")).isEmpty();
    }
}
