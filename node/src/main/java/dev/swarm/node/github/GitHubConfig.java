package dev.swarm.node.github;

import dev.swarm.node.config.Setting;
import dev.swarm.node.error.SwarmException;
import dev.swarm.node.protocol.Identifiers;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.function.Function;

/**
 * GitHub settings: the token (for comments and the watcher), the API base URL (GitHub Enterprise),
 * and the issue watcher: which repositories, whom to notify in which swarm, how often, and whose
 * activity not to echo. No repositories: the watcher is off.
 */
public record GitHubConfig(String token, String apiBase, List<String> repos, String notifyTarget, String swarm,
                           Duration poll, String selfLogin) {
    public GitHubConfig {
        repos = List.copyOf(repos);
        for (String repo : repos) {
            if (!Identifiers.isRepo(repo)) {
                throw SwarmException.invalidArgument("github_repos must list owner/repo names, not '" + repo + "'");
            }
        }
        if (!Identifiers.BROADCAST.equals(notifyTarget) && !Identifiers.isAgentId(notifyTarget)) {
            throw SwarmException.invalidArgument("github_notify must be an agent id or broadcast, not '" + notifyTarget + "'");
        }
        if (poll.compareTo(Duration.ofSeconds(1)) < 0) {
            throw SwarmException.invalidArgument("github_poll must be at least 1 second");
        }
    }

    public static GitHubConfig from(Function<Setting, String> settings) {
        String repos = settings.apply(Setting.GITHUB_REPOS);
        double poll;
        try {
            poll = Double.parseDouble(settings.apply(Setting.GITHUB_POLL));
        } catch (NumberFormatException | NullPointerException e) {
            throw SwarmException.invalidArgument("github_poll must be a number of seconds");
        }
        return new GitHubConfig(settings.apply(Setting.GITHUB_TOKEN), settings.apply(Setting.GITHUB_API),
                repos == null ? List.of() : Arrays.stream(repos.split(",")).map(String::trim).filter(r -> !r.isEmpty())
                        .toList(), settings.apply(Setting.GITHUB_NOTIFY), settings.apply(Setting.GITHUB_SWARM),
                Duration.ofMillis(Math.round(poll * 1000)), settings.apply(Setting.GITHUB_SELF_LOGIN));
    }

    public boolean watching() {
        return !repos.isEmpty();
    }

    public boolean hasToken() {
        return token != null && !token.isBlank();
    }
}
