package dev.swarm.node.github;

import dev.swarm.node.coordination.OrderBasis;
import dev.swarm.node.coordination.Position;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Who works on which issue, computed from the messages that reference issues, identically on every
 * node that has the same messages and the same acknowledgements. Events the master acknowledged come
 * first, in the master's order (its epoch, then its sequence number); the others follow, tentatively,
 * in the order (time the message says it was written, within bounds; sender id; message id). So when two agents claim
 * the same issue the claim the master saw first wins everywhere, the later one is recorded as a
 * conflict, and no stated time can put a claim ahead of an acknowledged one. Only the owner blocks,
 * unblocks or releases its claim; anyone may mark an issue done. A claim by an agent that is no longer
 * a member lapses.
 */
public final class IssueBoard {
    public static final String OPEN = "open";
    public static final String CLAIMED = "claimed";
    public static final String BLOCKED = "blocked";
    public static final String DONE = "done";

    private IssueBoard() {
    }

    /**
     * One message's effect on one issue: {@code kind} is claimed, completed, blocked, unblocked, released
     * or other; {@code at} is when the message says it was written (shown); {@code orderAt} is the time
     * that orders it while unacknowledged ({@code at}, or later: see {@link BoardSource}); {@code position}
     * is where the master's acknowledgement put it (null while unacknowledged).
     */
    public record Event(String messageId, String sender, String at, IssueKey issue, String kind, String note,
                        Position position, String orderAt) {
        public Event {
            orderAt = orderAt == null ? at : orderAt;
        }

        public Event(String messageId, String sender, String at, IssueKey issue, String kind, String note) {
            this(messageId, sender, at, issue, kind, note, null, at);
        }

        public Event withPosition(Position newPosition) {
            return new Event(messageId, sender, at, issue, kind, note, newPosition, orderAt);
        }

        public Event withOrderAt(String newOrderAt) {
            return new Event(messageId, sender, at, issue, kind, note, position, newOrderAt);
        }

        boolean acknowledged() {
            return position != null;
        }
    }

    /**
     * A claim that lost to an earlier one. {@code settled}: the master acknowledged both claims (or the
     * master does not acknowledge, and the order by time is all there is), so no message still on its way
     * can change it.
     */
    public record Conflict(String loser, String loserMessageId, String winner, String winnerMessageId, String at,
                           boolean settled) {
    }

    /**
     * An issue's state: owner and since when, whether every event that changed it is acknowledged, the
     * messages about it, the claims that lost, a lapsed owner.
     */
    public record Entry(String issue, String state, String owner, String since, String note, boolean acknowledged,
                        List<String> messages, List<Conflict> conflicts, String lapsed) {
    }

    private static final Comparator<Event> ORDER = OrderBasis.order(Event::position, Event::orderAt, Event::sender,
            Event::messageId);

    /**
     * The board. {@code acknowledging}: the swarm's master acknowledges events, so an unacknowledged one
     * is still pending; when false (an older master), the order by time is final.
     */
    public static List<Entry> compute(Collection<Event> events, Set<String> members, boolean acknowledging) {
        Map<IssueKey, List<Event>> byIssue = new TreeMap<>();
        for (Event event : events) {
            byIssue.computeIfAbsent(event.issue(), key -> new ArrayList<>()).add(event);
        }
        List<Entry> board = new ArrayList<>();
        byIssue.forEach((issue, list) -> board.add(new Fold(acknowledging).run(issue,
                list.stream().sorted(ORDER).distinct().toList(), members)));
        return board;
    }

    /** One issue's events folded in order into its state. */
    private static final class Fold {
        private final boolean acknowledging;
        private String state = OPEN;
        private Event owner;
        private Event setter;

        Fold(boolean acknowledging) {
            this.acknowledging = acknowledging;
        }

        Entry run(IssueKey issue, List<Event> events, Set<String> members) {
            List<String> messages = new ArrayList<>();
            List<Conflict> conflicts = new ArrayList<>();
            boolean acknowledged = acknowledging;
            for (Event e : events) {
                if (!messages.contains(e.messageId())) {
                    messages.add(e.messageId());
                }
                if (!e.kind().equals("other") && !e.acknowledged()) {
                    acknowledged = false;
                }
                boolean byOwner = owner != null && e.sender().equals(owner.sender());
                switch (e.kind()) {
                    case "claimed" -> {
                        if ((state.equals(CLAIMED) || state.equals(BLOCKED)) && !byOwner) {
                            conflicts.add(new Conflict(e.sender(), e.messageId(), owner.sender(), owner.messageId(),
                                    e.at(), !acknowledging || e.acknowledged() && owner.acknowledged()));
                        } else if (!byOwner || state.equals(DONE)) {
                            set(CLAIMED, e, e);
                        }
                    }
                    case "completed" -> set(DONE, e, e);
                    case "blocked" -> {
                        if (owner == null || byOwner) {
                            set(BLOCKED, byOwner ? owner : e, e);
                        }
                    }
                    case "unblocked" -> {
                        if (state.equals(BLOCKED) && byOwner) {
                            set(CLAIMED, owner, e);
                        }
                    }
                    case "released" -> {
                        if (byOwner && !state.equals(DONE)) {
                            set(OPEN, null, e);
                        }
                    }
                    default -> {
                        // a mention or a review request: listed, no change of state
                    }
                }
            }
            String ownerId = owner == null ? null : owner.sender();
            String lapsed = null;
            if (ownerId != null && !members.contains(ownerId) && (state.equals(CLAIMED) || state.equals(BLOCKED))) {
                lapsed = ownerId;
                state = OPEN;
                ownerId = null;
            }
            return new Entry(issue.toString(), state, ownerId, setter == null ? null : setter.at(),
                    setter == null ? null : setter.note(), acknowledged, List.copyOf(messages),
                    List.copyOf(conflicts), lapsed);
        }

        /** The new state: {@code newOwner} is the event that made the owner, {@code by} the one that set it. */
        private void set(String newState, Event newOwner, Event by) {
            state = newState;
            owner = newOwner;
            setter = by;
        }
    }
}
