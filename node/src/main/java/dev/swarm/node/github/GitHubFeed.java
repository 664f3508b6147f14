package dev.swarm.node.github;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;

/**
 * The three lists the issue watcher polls per repository. Issues and comments take {@code since}
 * (last updated at or after) and come oldest first, so the point reached is the newest
 * {@code updated_at} seen. Issue events take no {@code since} and come newest first, so the watcher
 * pages back until it reaches the point reached, then reports oldest first.
 */
enum GitHubFeed {
    ISSUES("issues", true) {
        @Override
        String firstPage(String repo, String since) {
            return "/repos/" + repo + "/issues?state=all&sort=updated&direction=asc&per_page=100&since=" + since;
        }

        @Override
        Activity activity(String repo, JsonNode item, Instant since, String selfLogin) {
            // an old issue that was only updated is not news here (its comment or event is)
            return Instant.parse(item.path("created_at").asText()).isBefore(since) ? null : Activity.opened(repo, item);
        }
    },
    COMMENTS("comments", true) {
        @Override
        String firstPage(String repo, String since) {
            return "/repos/" + repo + "/issues/comments?sort=updated&direction=asc&per_page=100&since=" + since;
        }

        @Override
        Activity activity(String repo, JsonNode item, Instant since, String selfLogin) {
            // an edited old comment is not a new comment
            return Instant.parse(item.path("created_at").asText()).isBefore(since) ? null
                    : Activity.comment(repo, item, selfLogin);
        }
    },
    EVENTS("events", false) {
        @Override
        String firstPage(String repo, String since) {
            return "/repos/" + repo + "/issues/events?per_page=100";
        }

        @Override
        Activity activity(String repo, JsonNode item, Instant since, String selfLogin) {
            return Activity.event(repo, item);
        }
    };

    private final String key;
    private final boolean ascending;

    GitHubFeed(String key, boolean ascending) {
        this.key = key;
        this.ascending = ascending;
    }

    /** The feed's name in {@code github_cursors}. */
    String key() {
        return key;
    }

    /** True when GitHub lists it oldest first and filters it by {@code since}. */
    boolean ascending() {
        return ascending;
    }

    /** The path of the first page; {@code since} is ISO 8601 in whole seconds. */
    abstract String firstPage(String repo, String since);

    /** What the item says, or null when it is not news (older than {@code since}, or not reported). */
    abstract Activity activity(String repo, JsonNode item, Instant since, String selfLogin);

    /** When the item last changed: what moves the point reached. */
    Instant time(JsonNode item) {
        return Instant.parse(item.path(ascending ? "updated_at" : "created_at").asText());
    }
}
