package dev.swarm.node.github;

import dev.swarm.node.coordination.Position;
import dev.swarm.node.protocol.ProtocolVersion;
import dev.swarm.node.protocol.Timestamps;
import dev.swarm.node.state.CoordinationRepository;
import dev.swarm.node.state.Database;
import dev.swarm.node.state.Member;
import dev.swarm.node.state.Swarm;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * What a swarm's board is folded from, read in one transaction: every issue event of the swarm's
 * messages (received and sent) with the master's acknowledgement where there is one, the current
 * members, and whether the master acknowledges at all (it is this node, its node announced
 * {@link ProtocolVersion#COORDINATION_ACK_V1}, or an acknowledgement from it was recorded).
 */
final class BoardSource {
    /**
     * How far before the time its sender joined (as this node recorded it) a message may say it was
     * written: the default clock skew, so an honest message sent just after a join is never moved.
     */
    static final Duration JOIN_TOLERANCE = Duration.ofMinutes(5);

    private final Database database;
    private final String selfId;

    BoardSource(Database database, String selfId) {
        this.database = database;
        this.selfId = selfId;
    }

    /** The events, the current members (this agent included), and whether the master acknowledges. */
    record View(List<IssueBoard.Event> events, Set<String> members, boolean acknowledging) {
    }

    private record Stored(List<String> envelopes, List<Member> members, Optional<Swarm> swarm,
                          List<CoordinationRepository.AckRow> acks, boolean masterAcknowledged) {
    }

    View read(String swarmId) {
        Stored stored = database.read(store -> {
            List<String> all = new ArrayList<>(store.inbox().envelopesWithReferences(swarmId));
            all.addAll(store.sentMessages().withReferences(swarmId));
            Optional<Swarm> swarm = store.swarms().find(swarmId);
            return new Stored(all, store.members().list(swarmId), swarm, store.coordination().acks(swarmId),
                    swarm.map(s -> store.coordination().acknowledgedBy(swarmId, s.master())).orElse(false));
        });
        Map<String, Position> positions = new HashMap<>();
        for (CoordinationRepository.AckRow ack : stored.acks()) {
            positions.put(ack.senderId() + " " + ack.messageId(), new Position(ack.epoch(), ack.seq()));
        }
        Map<String, String> joined = new HashMap<>();
        stored.members().forEach(m -> joined.put(m.agentId(), m.joinedAt()));
        List<IssueBoard.Event> events = new ArrayList<>();
        for (String envelope : stored.envelopes()) {
            for (IssueBoard.Event event : IssueEvents.from(envelope)) {
                events.add(event.withOrderAt(notBeforeJoining(event.at(), joined.get(event.sender())))
                        .withPosition(positions.get(event.sender() + " " + event.messageId())));
            }
        }
        Set<String> members = new HashSet<>(joined.keySet());
        members.add(selfId);
        String master = stored.swarm().map(Swarm::master).orElse(null);
        boolean acknowledging = selfId.equals(master) || stored.masterAcknowledged()
                || stored.members().stream().anyMatch(m -> m.agentId().equals(master)
                        && m.capabilities().contains(ProtocolVersion.COORDINATION_ACK_V1));
        return new View(events, members, acknowledging);
    }

    /**
     * A time never earlier than {@link #JOIN_TOLERANCE} before the sender joined the swarm as this node
     * recorded it: nobody can order a claim long before it was a member. It only orders unacknowledged
     * events and is never shown: nodes record a member's join at slightly different moments (the master
     * when it admitted it, the member when the answer came, a later member when it joined itself), and an
     * honest message, sent after every recipient joined, is never moved by it.
     */
    static String notBeforeJoining(String at, String joinedAt) {
        if (joinedAt == null || !Timestamps.isValid(joinedAt) || !Timestamps.isValid(at)) {
            return at;
        }
        Instant floor = Timestamps.parse(joinedAt).minus(JOIN_TOLERANCE);
        return Timestamps.parse(at).isBefore(floor) ? Timestamps.format(floor) : at;
    }
}
