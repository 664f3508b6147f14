package dev.swarm.node.doctor;

import dev.swarm.node.state.Database;
import dev.swarm.node.state.Member;
import dev.swarm.node.state.Swarm;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The other members the network checks ask: one per endpoint, those this node last reached first. */
final class Members {
    /** A member of an active swarm, and when a delivery to it last succeeded (null: never). */
    record Peer(String swarmId, String agentId, String endpoint, String lastDelivered) {
    }

    private Members() {
    }

    static List<Peer> others(Database database, String selfId, int limit) {
        return database.read(store -> {
            Map<String, Peer> byEndpoint = new LinkedHashMap<>();
            for (Swarm swarm : store.swarms().active()) {
                for (Member member : store.members().list(swarm.swarmId())) {
                    if (!member.agentId().equals(selfId) && !byEndpoint.containsKey(member.endpoint())) {
                        byEndpoint.put(member.endpoint(), new Peer(swarm.swarmId(), member.agentId(), member.endpoint(),
                                store.observe().lastDelivered(member.endpoint()).orElse(null)));
                    }
                }
            }
            List<Peer> peers = new ArrayList<>(byEndpoint.values());
            peers.sort(Comparator.comparing(Peer::lastDelivered, Comparator.nullsLast(Comparator.reverseOrder())));
            return peers.subList(0, Math.min(limit, peers.size()));
        });
    }
}
