package dev.swarm.node.coordination;

import dev.swarm.node.protocol.ProtocolVersion;
import dev.swarm.node.protocol.Timestamps;
import dev.swarm.node.state.CoordinationRepository;
import dev.swarm.node.state.Member;
import dev.swarm.node.state.Store;
import dev.swarm.node.state.Swarm;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * What orders a swarm's coordination events (issue claims, file leases), read in the caller's
 * transaction: the master's acknowledgements (positions), when each member joined as this node
 * recorded it, the current members (this agent included), and whether the master acknowledges at all
 * (it is this node, its node announced {@link ProtocolVersion#COORDINATION_ACK_V1}, or an
 * acknowledgement from it was recorded). {@link #order} is the one order both folds use.
 */
public record OrderBasis(Map<String, Position> positions, Map<String, String> joined, Set<String> members,
                         boolean acknowledging) {
    /**
     * How far before the time its sender joined (as this node recorded it) a message may say it was
     * written: the default clock skew, so an honest message sent just after a join is never moved.
     */
    public static final Duration JOIN_TOLERANCE = Duration.ofMinutes(5);

    public static OrderBasis read(Store store, String swarmId, String selfId) {
        Optional<Swarm> swarm = store.swarms().find(swarmId);
        List<Member> list = store.members().list(swarmId);
        Map<String, Position> positions = new HashMap<>();
        for (CoordinationRepository.AckRow ack : store.coordination().acks(swarmId)) {
            positions.put(ack.senderId() + " " + ack.messageId(), new Position(ack.epoch(), ack.seq()));
        }
        Map<String, String> joined = new HashMap<>();
        list.forEach(m -> joined.put(m.agentId(), m.joinedAt()));
        Set<String> members = new HashSet<>(joined.keySet());
        members.add(selfId);
        String master = swarm.map(Swarm::master).orElse(null);
        boolean acknowledging = selfId.equals(master)
                || swarm.map(s -> store.coordination().acknowledgedBy(swarmId, s.master())).orElse(false)
                || list.stream().anyMatch(m -> m.agentId().equals(master)
                        && m.capabilities().contains(ProtocolVersion.COORDINATION_ACK_V1));
        return new OrderBasis(Map.copyOf(positions), Map.copyOf(joined), Set.copyOf(members), acknowledging);
    }

    /** Where the master's acknowledgement put a sender's message, or null. */
    public Position position(String sender, String messageId) {
        return positions.get(sender + " " + messageId);
    }

    /** The time that orders a sender's unacknowledged event stated at {@code at}: see {@link #notBeforeJoining}. */
    public String orderAt(String at, String sender) {
        return notBeforeJoining(at, joined.get(sender));
    }

    /**
     * A time never earlier than {@link #JOIN_TOLERANCE} before the sender joined the swarm as this node
     * recorded it: nobody can order a claim long before it was a member. It only orders unacknowledged
     * events and is never shown: nodes record a member's join at slightly different moments (the master
     * when it admitted it, the member when the answer came, a later member when it joined itself), and an
     * honest message, sent after every recipient joined, is never moved by it.
     */
    public static String notBeforeJoining(String at, String joinedAt) {
        if (joinedAt == null || !Timestamps.isValid(joinedAt) || !Timestamps.isValid(at)) {
            return at;
        }
        Instant floor = Timestamps.parse(joinedAt).minus(JOIN_TOLERANCE);
        return Timestamps.parse(at).isBefore(floor) ? Timestamps.format(floor) : at;
    }

    /**
     * The order of coordination events: acknowledged ones first, by the master's position; then the
     * others, tentatively, by (order time, sender, message id).
     */
    public static <T> Comparator<T> order(Function<T, Position> position, Function<T, String> orderAt,
                                          Function<T, String> sender, Function<T, String> messageId) {
        Comparator<T> tentative = Comparator.comparing(orderAt).thenComparing(sender).thenComparing(messageId);
        return (a, b) -> {
            Position pa = position.apply(a);
            Position pb = position.apply(b);
            if ((pa == null) != (pb == null)) {
                return pa != null ? -1 : 1;
            }
            int byPosition = pa != null ? pa.compareTo(pb) : 0;
            return byPosition != 0 ? byPosition : tentative.compare(a, b);
        };
    }
}
