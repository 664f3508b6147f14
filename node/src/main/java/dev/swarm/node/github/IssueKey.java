package dev.swarm.node.github;

import dev.swarm.node.error.SwarmException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A GitHub issue or pull request: {@code owner/repo#12}. */
public record IssueKey(String repo, long number) implements Comparable<IssueKey> {
    private static final Pattern SHAPE = Pattern.compile("^([A-Za-z0-9_.-]+/[A-Za-z0-9_.-]+)#([1-9][0-9]{0,17})$");

    public static IssueKey parse(String text, String option) {
        Matcher matcher = text == null ? null : SHAPE.matcher(text.trim());
        if (matcher == null || !matcher.matches()) {
            throw SwarmException.invalidArgument(option + " must look like owner/repo#12, not '" + text + "'");
        }
        return new IssueKey(matcher.group(1), Long.parseLong(matcher.group(2)));
    }

    @Override
    public String toString() {
        return repo + "#" + number;
    }

    @Override
    public int compareTo(IssueKey other) {
        int byRepo = repo.compareTo(other.repo);
        return byRepo != 0 ? byRepo : Long.compare(number, other.number);
    }
}
