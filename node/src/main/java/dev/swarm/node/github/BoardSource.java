package dev.swarm.node.github;

import dev.swarm.node.coordination.OrderBasis;
import dev.swarm.node.state.Database;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * What a swarm's board is folded from, read in one transaction: every issue event of the swarm's
 * messages (received and sent) with the master's acknowledgement where there is one, the current
 * members, and whether the master acknowledges at all ({@link OrderBasis}).
 */
final class BoardSource {
    private final Database database;
    private final String selfId;

    BoardSource(Database database, String selfId) {
        this.database = database;
        this.selfId = selfId;
    }

    /** The events, the current members (this agent included), and whether the master acknowledges. */
    record View(List<IssueBoard.Event> events, Set<String> members, boolean acknowledging) {
    }

    private record Stored(List<String> envelopes, OrderBasis basis) {
    }

    View read(String swarmId) {
        Stored stored = database.read(store -> {
            List<String> all = new ArrayList<>(store.inbox().envelopesWithReferences(swarmId));
            all.addAll(store.sentMessages().withReferences(swarmId));
            return new Stored(all, OrderBasis.read(store, swarmId, selfId));
        });
        OrderBasis basis = stored.basis();
        List<IssueBoard.Event> events = new ArrayList<>();
        for (String envelope : stored.envelopes()) {
            for (IssueBoard.Event event : IssueEvents.from(envelope)) {
                events.add(event.withOrderAt(basis.orderAt(event.at(), event.sender()))
                        .withPosition(basis.position(event.sender(), event.messageId())));
            }
        }
        return new View(events, basis.members(), basis.acknowledging());
    }

    /** See {@link OrderBasis#notBeforeJoining}. */
    static String notBeforeJoining(String at, String joinedAt) {
        return OrderBasis.notBeforeJoining(at, joinedAt);
    }
}
