package dev.swarm.cli;

import dev.swarm.node.config.Setting;
import dev.swarm.node.github.GitHubConfig;
import picocli.CommandLine.Option;

/** GitHub settings as flags (each also a config.yaml key; the token also GITHUB_TOKEN). */
public final class GitHubOptions {
    @Option(names = "--github-token", paramLabel = "TOKEN", description = "GitHub token (default: GITHUB_TOKEN).")
    String token;
    @Option(names = "--github-api", paramLabel = "URL", description = "GitHub REST API base URL.")
    String api;
    @Option(names = "--github-repos", paramLabel = "OWNER/REPO,...", description = "Repositories the issue watcher polls.")
    String repos;
    @Option(names = "--github-notify", paramLabel = "AGENT", description = "Whom the watcher notifies (or broadcast).")
    String notify;
    @Option(names = "--github-swarm", paramLabel = "ID", description = "Swarm the watcher's notifications go to.")
    String swarm;
    @Option(names = "--github-poll", paramLabel = "SECONDS", description = "Seconds between the watcher's polls.")
    String poll;
    @Option(names = "--github-self-login", paramLabel = "LOGIN", description = "GitHub login whose activity is not echoed.")
    String selfLogin;

    GitHubConfig config() {
        return GitHubConfig.from(setting -> switch (setting) {
            case GITHUB_TOKEN -> token;
            case GITHUB_API -> api;
            case GITHUB_REPOS -> repos;
            case GITHUB_NOTIFY -> notify;
            case GITHUB_SWARM -> swarm;
            case GITHUB_POLL -> poll;
            case GITHUB_SELF_LOGIN -> selfLogin;
            default -> throw new IllegalArgumentException(setting + " is not a GitHub setting");
        });
    }

    static boolean covers(Setting setting) {
        return setting.key().startsWith("github_");
    }
}
