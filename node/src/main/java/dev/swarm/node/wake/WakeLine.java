package dev.swarm.node.wake;

import dev.swarm.node.messaging.PeerText;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Renders the line typed into the agent's pane. By default it carries no message content at all,
 * only who (quoted and shortened ids), where, how many and what the agent can run to read them
 * ({@link ReadHint}), because text from peers typed into an agent's prompt is
 * an instruction channel for anyone in the swarm. With {@code wake_include_content} the first
 * message's content goes into {@code {content}}, on one line, hidden characters escaped, shortened.
 * Issue events name the issue: {@code {issues}} is ": bob claimed owner/repo#12" (our own words,
 * built from the references, not from the content).
 */
public final class WakeLine {
    static final int MAX_CONTENT = 200;
    static final int MAX_LINE = 400;
    static final int MAX_SENDER = 24;
    static final String PREFIX = "swarm:";
    /** A swarm name is chosen by its master, a peer: only plain short names are typed as they are. */
    private static final Pattern PLAIN_NAME = Pattern.compile("[A-Za-z0-9 _.:-]{1,40}");

    private WakeLine() {
    }

    public static String render(WakeConfig config, ReadHint hint, List<WakeCandidate> batch, WakeLevel level) {
        Set<String> senders = new LinkedHashSet<>();
        Set<String> swarms = new LinkedHashSet<>();
        Set<String> issues = new LinkedHashSet<>();
        boolean high = false;
        for (WakeCandidate message : batch) {
            senders.add(sender(message.senderId()));
            swarms.add(swarmLabel(message));
            message.issues().forEach(issue -> issues.add(sender(message.senderId()) + " " + issue));
            high |= "high".equals(message.priority());
        }
        String line = config.template()
                .replace("{count}", String.valueOf(batch.size()))
                .replace("{plural}", batch.size() == 1 ? "" : "s")
                .replace("{senders}", list(senders))
                .replace("{swarm}", list(swarms))
                .replace("{priority}", high ? "high" : "normal")
                .replace("{urgent}", level == WakeLevel.URGENT ? " (urgent)" : "")
                .replace("{issues}", issues.isEmpty() ? "" : ": " + list(issues))
                .replace("{read}", hint.read())
                .replace("{content}", config.includeContent() && !batch.isEmpty()
                        ? sanitize(batch.get(0).content(), MAX_CONTENT) : "");
        return safeStart(sanitize(line, MAX_LINE));
    }

    /**
     * Every line the wake types starts with "swarm:": a letter, never a digit, y, n, / or another key
     * that answers an agent's dialog or opens a menu, even if a safe moment was misjudged.
     */
    public static String safeStart(String line) {
        return line.startsWith(PREFIX) ? line : sanitize(PREFIX + " " + line, MAX_LINE);
    }

    /**
     * A sender as the line names it: quoted, so an id reads as a name and not as words of the line, and
     * at most {@link #MAX_SENDER} characters (ids are up to 256 characters, chosen by the peer).
     */
    public static String sender(String agentId) {
        String id = agentId.length() <= MAX_SENDER ? agentId : agentId.substring(0, MAX_SENDER - 1) + "…";
        return "\"" + PeerText.escapeLine(id) + "\"";
    }

    /**
     * The swarm as the line names it: its name when that is plain and short, else "swarm " and the
     * start of its id, so a master cannot put words of its choosing into the agent's prompt.
     */
    static String swarmLabel(WakeCandidate message) {
        return swarmLabel(message.swarmName(), message.swarmId());
    }

    /** As {@link #swarmLabel(WakeCandidate)}, for a swarm's name (chosen by its master) and id. */
    public static String swarmLabel(String name, String swarmId) {
        if (name != null && PLAIN_NAME.matcher(name).matches() && !name.isBlank()) {
            return name.strip();
        }
        String id = swarmId == null ? "" : swarmId;
        return "swarm " + id.substring(0, Math.min(8, id.length()));
    }

    /** One line of visible text: see {@link PeerText#summary}. */
    public static String sanitize(String text, int max) {
        return PeerText.summary(text, max);
    }

    private static String list(Set<String> names) {
        List<String> all = List.copyOf(names);
        if (all.size() <= 3) {
            return String.join(", ", all);
        }
        return String.join(", ", all.subList(0, 3)) + " and " + (all.size() - 3) + " more";
    }
}
