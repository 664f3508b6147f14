package dev.swarm.node.github;

import dev.swarm.node.error.SwarmException;
import dev.swarm.node.protocol.Identifiers;
import dev.swarm.node.protocol.Reference;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns what a person types ({@code --issue owner/repo#12 --pr owner/repo#34 --commit owner/repo@sha
 * --url URL --repo owner/repo --action claimed}) into protocol references (PROTOCOL.md section 7),
 * refusing anything malformed with a message that shows the expected form.
 */
public final class References {
    public static final Set<String> ACTIONS = Set.of("claimed", "completed", "blocked", "unblocked", "assigned",
            "mention", "review_requested");
    private static final Pattern COMMIT = Pattern.compile("^([A-Za-z0-9_.-]+/[A-Za-z0-9_.-]+)@([0-9a-fA-F]{7,64})$");

    private References() {
    }

    /** The references, in the order given; the action (if any) applies to issues and pull requests. */
    public static List<Reference> parse(List<String> issues, List<String> prs, List<String> commits, List<String> urls,
                                        List<String> repos, String action) {
        if (action != null && !ACTIONS.contains(action)) {
            throw SwarmException.invalidArgument("--action must be one of " + String.join(", ", ACTIONS.stream().sorted()
                    .toList()) + ", not '" + action + "'");
        }
        List<Reference> references = new ArrayList<>();
        for (String issue : nonNull(issues)) {
            IssueKey key = IssueKey.parse(issue, "--issue");
            references.add(new Reference("github_issue", key.repo(), key.number(), null, null, action));
        }
        for (String pr : nonNull(prs)) {
            IssueKey key = IssueKey.parse(pr, "--pr");
            references.add(new Reference("github_pr", key.repo(), key.number(), null, null, action));
        }
        for (String commit : nonNull(commits)) {
            Matcher matcher = COMMIT.matcher(commit.trim());
            if (!matcher.matches()) {
                throw SwarmException.invalidArgument("--commit must look like owner/repo@<sha> (7 to 64 hex digits), not '"
                        + commit + "'");
            }
            references.add(new Reference("github_commit", matcher.group(1), null, matcher.group(2), null, null));
        }
        for (String url : nonNull(urls)) {
            if (!isWebUrl(url)) {
                throw SwarmException.invalidArgument("--url must be an http:// or https:// URL, not '" + url + "'");
            }
            references.add(new Reference("url", null, null, null, url.trim(), null));
        }
        for (String repo : nonNull(repos)) {
            if (!Identifiers.isRepo(repo.trim())) {
                throw SwarmException.invalidArgument("--repo must look like owner/repo, not '" + repo + "'");
            }
            references.add(new Reference("github_repo", repo.trim(), null, null, null, null));
        }
        if (action != null && issues.isEmpty() && prs.isEmpty()) {
            throw SwarmException.invalidArgument("--action applies to an --issue or a --pr; give one");
        }
        return references;
    }

    private static boolean isWebUrl(String text) {
        try {
            URI uri = new URI(text.trim());
            return uri.getHost() != null && ("https".equals(uri.getScheme()) || "http".equals(uri.getScheme()));
        } catch (java.net.URISyntaxException e) {
            return false;
        }
    }

    private static List<String> nonNull(List<String> list) {
        return list == null ? List.of() : list;
    }
}
