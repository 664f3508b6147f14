package dev.swarm.node.github;

import com.fasterxml.jackson.databind.JsonNode;
import dev.swarm.node.messaging.PeerText;
import dev.swarm.node.protocol.Reference;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * One thing that happened on GitHub, as the issue watcher tells it: a key that names it for good
 * (what {@code github_seen} records), who did it, the issue or pull request, and the one factual line
 * the notification carries. Titles, labels and logins come from anyone who can open an issue, so they
 * are cleaned to one short line without hidden characters ({@link #clean}); comment bodies are never
 * copied.
 */
public record Activity(String key, Instant at, String actor, IssueKey issue, boolean pullRequest, String url,
                       String event, String action, String content) {
    /** Issue events the watcher reports; the rest (subscribed, mentioned, referenced, ...) are noise. */
    static final Set<String> EVENTS = Set.of("assigned", "unassigned", "labeled", "unlabeled", "closed", "reopened",
            "review_requested");
    static final int TITLE_CHARS = 80;
    private static final int NAME_CHARS = 50;
    private static final Pattern SPACES = Pattern.compile(" {2,}");

    /** Metadata keys of watcher notifications. */
    public static final String EVENT_KEY = "github_event";
    public static final String ACTOR_KEY = "github_actor";

    public Reference reference() {
        return new Reference(pullRequest ? "github_pr" : "github_issue", issue.repo(), issue.number(), null, url, action);
    }

    public Map<String, Object> metadata() {
        Map<String, Object> metadata = new LinkedHashMap<>();
        metadata.put(EVENT_KEY, event);
        if (actor != null) {
            metadata.put(ACTOR_KEY, actor);
        }
        return metadata;
    }

    /** An item of {@code GET /repos/{repo}/issues}: a new issue or pull request. */
    static Activity opened(String repo, JsonNode issue) {
        IssueKey key = new IssueKey(repo, issue.path("number").asLong());
        boolean pr = issue.hasNonNull("pull_request");
        String actor = login(issue.path("user"));
        return new Activity("issue:" + key + ":opened", Instant.parse(issue.path("created_at").asText()), actor, key, pr,
                issue.path("html_url").asText(null), "opened", null, "new " + (pr ? "pull request " : "issue ") + key
                + " by " + actor + ": " + clean(issue.path("title").asText(""), TITLE_CHARS));
    }

    /**
     * An item of {@code GET /repos/{repo}/issues/comments}. The action is {@code mention} when the
     * comment names {@code selfLogin} (the coordinator's GitHub account).
     */
    static Activity comment(String repo, JsonNode comment, String selfLogin) {
        String issueUrl = comment.path("issue_url").asText("");
        IssueKey key = new IssueKey(repo, Long.parseLong(issueUrl.substring(issueUrl.lastIndexOf('/') + 1)));
        String url = comment.path("html_url").asText(null);
        String actor = login(comment.path("user"));
        boolean mention = selfLogin != null && Pattern.compile("(?i)(^|[^\\w-])@" + Pattern.quote(selfLogin) + "(?![\\w-])")
                .matcher(comment.path("body").asText("")).find();
        return new Activity("comment:" + repo + ":" + comment.path("id").asLong(),
                Instant.parse(comment.path("created_at").asText()), actor, key, url != null && url.contains("/pull/"), url,
                "comment", mention ? "mention" : null, "comment by " + actor + " on " + key);
    }

    /** An item of {@code GET /repos/{repo}/issues/events}; null for an event the watcher does not report. */
    static Activity event(String repo, JsonNode event) {
        String kind = event.path("event").asText("");
        JsonNode issue = event.path("issue");
        if (!EVENTS.contains(kind) || !issue.has("number")) {
            return null;
        }
        IssueKey key = new IssueKey(repo, issue.path("number").asLong());
        String actor = login(event.path("actor"));
        String content = switch (kind) {
            case "assigned" -> key + " assigned to " + login(event.path("assignee")) + " by " + actor;
            case "unassigned" -> key + " unassigned from " + login(event.path("assignee")) + " by " + actor;
            case "labeled" -> "label " + clean(event.path("label").path("name").asText(""), NAME_CHARS) + " added to " + key
                    + " by " + actor;
            case "unlabeled" -> "label " + clean(event.path("label").path("name").asText(""), NAME_CHARS) + " removed from "
                    + key + " by " + actor;
            case "review_requested" -> "review of " + key + " requested from " + reviewer(event) + " by " + actor;
            default -> key + " " + kind + " by " + actor;
        };
        String action = switch (kind) {
            case "assigned" -> "assigned";
            case "review_requested" -> "review_requested";
            default -> null;
        };
        return new Activity("event:" + repo + ":" + event.path("id").asLong(),
                Instant.parse(event.path("created_at").asText()), actor, key, issue.hasNonNull("pull_request"),
                issue.path("html_url").asText(null), kind, action, content);
    }

    private static String reviewer(JsonNode event) {
        JsonNode team = event.path("requested_team");
        return team.isObject() ? "team " + clean(team.path("name").asText("?"), NAME_CHARS)
                : login(event.path("requested_reviewer"));
    }

    private static String login(JsonNode user) {
        return clean(user.path("login").asText("ghost"), NAME_CHARS);
    }

    /**
     * One line, at most {@code max} characters (an ellipsis shows the cut): white space of any kind
     * becomes one space, and what {@link PeerText} hides (controls, C1 included, bidi overrides,
     * zero-width and tag characters) is dropped. This is text we send, so it is cleaned rather than
     * escaped; whoever shows it escapes it again.
     */
    static String clean(String text, int max) {
        StringBuilder kept = new StringBuilder(text.length());
        text.codePoints().forEach(cp -> {
            if (Character.isWhitespace(cp) || Character.isSpaceChar(cp)) {
                kept.append(' ');
            } else if (!PeerText.isHidden(cp)) {
                kept.appendCodePoint(cp);
            }
        });
        String line = SPACES.matcher(kept).replaceAll(" ").strip();
        if (line.codePointCount(0, line.length()) <= max) {
            return line;
        }
        return line.substring(0, line.offsetByCodePoints(0, max - 1)) + "…";
    }
}
