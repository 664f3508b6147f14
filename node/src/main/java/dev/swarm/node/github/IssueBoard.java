package dev.swarm.node.github;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Who works on which issue, computed from the messages that reference issues, identically on every
 * node that has the same messages: events are taken in the order (time the message was written,
 * sender id, message id), so when two agents claim the same issue the earlier claim wins everywhere
 * and the later one is recorded as a conflict. Only the owner blocks, unblocks or releases its claim;
 * anyone may mark an issue done. A claim by an agent that is no longer a member lapses.
 */
public final class IssueBoard {
    public static final String OPEN = "open";
    public static final String CLAIMED = "claimed";
    public static final String BLOCKED = "blocked";
    public static final String DONE = "done";

    private IssueBoard() {
    }

    /** One message's effect on one issue: {@code kind} is claimed, completed, blocked, unblocked, released or other. */
    public record Event(String messageId, String sender, String at, IssueKey issue, String kind, String note) {
    }

    /** A claim that lost to an earlier one. */
    public record Conflict(String loser, String loserMessageId, String winner, String at) {
    }

    /** An issue's state: owner and since when, the messages about it, the claims that lost, a lapsed owner. */
    public record Entry(String issue, String state, String owner, String since, String note, List<String> messages,
                        List<Conflict> conflicts, String lapsed) {
    }

    private static final Comparator<Event> ORDER = Comparator.comparing(Event::at).thenComparing(Event::sender)
            .thenComparing(Event::messageId);

    public static List<Entry> compute(Collection<Event> events, Set<String> members) {
        Map<IssueKey, List<Event>> byIssue = new TreeMap<>();
        for (Event event : events) {
            byIssue.computeIfAbsent(event.issue(), key -> new ArrayList<>()).add(event);
        }
        List<Entry> board = new ArrayList<>();
        byIssue.forEach((issue, list) -> board.add(fold(issue, list.stream().sorted(ORDER).distinct().toList(),
                members)));
        return board;
    }

    private static Entry fold(IssueKey issue, List<Event> events, Set<String> members) {
        String state = OPEN;
        String owner = null;
        String since = null;
        String note = null;
        List<String> messages = new ArrayList<>();
        List<Conflict> conflicts = new ArrayList<>();
        for (Event e : events) {
            if (!messages.contains(e.messageId())) {
                messages.add(e.messageId());
            }
            boolean byOwner = e.sender().equals(owner);
            switch (e.kind()) {
                case "claimed" -> {
                    if ((state.equals(CLAIMED) || state.equals(BLOCKED)) && !byOwner) {
                        conflicts.add(new Conflict(e.sender(), e.messageId(), owner, e.at()));
                    } else if (!byOwner || state.equals(DONE)) {
                        state = CLAIMED;
                        owner = e.sender();
                        since = e.at();
                        note = e.note();
                    }
                }
                case "completed" -> {
                    state = DONE;
                    owner = e.sender();
                    since = e.at();
                    note = e.note();
                }
                case "blocked" -> {
                    if (owner == null || byOwner) {
                        state = BLOCKED;
                        owner = e.sender();
                        since = e.at();
                        note = e.note();
                    }
                }
                case "unblocked" -> {
                    if (state.equals(BLOCKED) && byOwner) {
                        state = CLAIMED;
                        since = e.at();
                        note = e.note();
                    }
                }
                case "released" -> {
                    if (byOwner && !state.equals(DONE)) {
                        state = OPEN;
                        owner = null;
                        since = e.at();
                        note = e.note();
                    }
                }
                default -> {
                    // a mention or a review request: listed, no change of state
                }
            }
        }
        String lapsed = null;
        if (owner != null && !members.contains(owner) && (state.equals(CLAIMED) || state.equals(BLOCKED))) {
            lapsed = owner;
            state = OPEN;
            owner = null;
        }
        return new Entry(issue.toString(), state, owner, since, note, List.copyOf(messages), List.copyOf(conflicts),
                lapsed);
    }
}
