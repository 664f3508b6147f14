package dev.swarm.node.observe;

import dev.swarm.node.state.Database;
import dev.swarm.node.state.Member;
import dev.swarm.node.state.ObserveQueries;
import dev.swarm.node.state.Swarm;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What this node knows of each member's reachability, from its own records only: the outbox (a peer
 * with a pending row that was tried and failed is failing, with the attempt's error; the newest
 * delivered row says when it last got through) and the inbox (when a message from it last arrived).
 * The inbox is read incrementally: each row once, after a first pass at the first call.
 */
public final class Reachability {
    /** How a member looks from here. */
    public enum State {
        /** This node. */
        SELF,
        /** Nothing waits for it, and something was delivered to it. */
        REACHABLE,
        /** A delivery to it was tried and failed; it is backed off. */
        FAILING,
        /** Nothing waits, but the newest delivery to it was given up (dead). */
        UNREACHED,
        /** Deliveries wait for their first attempt. */
        QUEUED,
        /** Nothing was ever delivered to it and nothing waits. */
        UNKNOWN
    }

    /** One member of one swarm. Times are the wire's ISO 8601; null when never. */
    public record Peer(String agentId, String endpoint, State state, String lastDelivered, String lastReceived,
                       int pending, String oldestPending, String lastAttempt, String nextAttempt, String errorCode,
                       String error) {
    }

    /** An active swarm and its members, this node first. */
    public record SwarmPeers(String swarmId, String name, String master, List<Peer> members) {
    }

    private final Database database;
    private final String selfId;
    private final Map<String, String> lastReceived = new HashMap<>();
    private long inboxMark;

    public Reachability(Database database, String selfId) {
        this.database = database;
        this.selfId = selfId;
    }

    public synchronized List<SwarmPeers> read() {
        return database.read(store -> {
            ObserveQueries observe = store.observe();
            for (ObserveQueries.LastReceived last : observe.lastReceivedAfter(inboxMark)) {
                lastReceived.merge(key(last.swarmId(), last.senderId()), last.receivedAt(),
                        (a, b) -> a.compareTo(b) >= 0 ? a : b);
                inboxMark = Math.max(inboxMark, last.topId());
            }
            List<SwarmPeers> swarms = new ArrayList<>();
            Map<String, Optional<ObserveQueries.Backlog>> backlogs = new HashMap<>();
            Map<String, Optional<String>> delivered = new HashMap<>();
            for (Swarm swarm : store.swarms().active()) {
                List<Peer> peers = new ArrayList<>();
                for (Member member : store.members().list(swarm.swarmId())) {
                    String received = lastReceived.get(key(swarm.swarmId(), member.agentId()));
                    if (member.agentId().equals(selfId)) {
                        peers.add(0, new Peer(member.agentId(), member.endpoint(), State.SELF, null, received, 0, null,
                                null, null, null, null));
                        continue;
                    }
                    Optional<ObserveQueries.Backlog> backlog = backlogs.computeIfAbsent(member.endpoint(),
                            observe::backlog);
                    String last = delivered.computeIfAbsent(member.endpoint(), observe::lastDelivered).orElse(null);
                    Optional<ObserveQueries.Outcome> outcome = backlog.isPresent() ? Optional.empty()
                            : observe.lastOutcome(member.endpoint());
                    peers.add(peer(member, backlog, outcome, last, received));
                }
                swarms.add(new SwarmPeers(swarm.swarmId(), swarm.name(), swarm.master(), peers));
            }
            return swarms;
        });
    }

    private static Peer peer(Member member, Optional<ObserveQueries.Backlog> backlog,
                             Optional<ObserveQueries.Outcome> outcome, String lastDelivered, String received) {
        if (backlog.isEmpty() && outcome.filter(o -> "dead".equals(o.status())).isPresent()) {
            ObserveQueries.Outcome dead = outcome.get();
            return new Peer(member.agentId(), member.endpoint(), State.UNREACHED, lastDelivered, received, 0, null,
                    dead.at(), null, dead.errorCode(), dead.error());
        }
        if (backlog.isEmpty()) {
            return new Peer(member.agentId(), member.endpoint(), lastDelivered == null ? State.UNKNOWN
                    : State.REACHABLE, lastDelivered, received, 0, null, null, null, null, null);
        }
        ObserveQueries.Backlog b = backlog.get();
        return new Peer(member.agentId(), member.endpoint(), b.failing() ? State.FAILING : State.QUEUED, lastDelivered,
                received, b.pending(), b.oldestQueuedAt(), b.lastAttemptAt(), b.nextAttemptAt(), b.lastErrorCode(),
                b.lastError());
    }

    private static String key(String swarmId, String agentId) {
        return swarmId + " " + agentId;
    }
}
