package dev.swarm.node.presence;

import dev.swarm.node.protocol.InfoResponse;
import dev.swarm.node.protocol.ProtocolVersion;
import dev.swarm.node.state.Database;
import dev.swarm.node.state.Member;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * Asks, once per daemon run, the nodes of members that joined before either side spoke presence
 * (ours: they add {@value ProtocolVersion#ENVELOPE_SIGNATURE_V1}, but {@value Presence#CAPABILITY} is
 * not recorded for them) whether they speak it now, and records it if they say so. Without this, two
 * nodes upgraded in place would each wait for the other's first announcement. The answer is unsigned;
 * believing it only means sending that endpoint our presence, and it already gets our messages.
 * Called from the presence thread only.
 */
final class CapabilityProbe {
    private final String selfId;
    private final Database database;
    private final PresenceService.Poster poster;
    private final Set<String> asked = new HashSet<>();

    CapabilityProbe(String selfId, Database database, PresenceService.Poster poster) {
        this.selfId = selfId;
        this.database = database;
        this.poster = poster;
    }

    /** Asks the members of the swarm not asked yet in this run; returns at once. */
    void look(String swarmId) {
        List<Member> unknown = database.read(store -> store.members().list(swarmId)).stream()
                .filter(m -> !m.agentId().equals(selfId) && !m.capabilities().contains(Presence.CAPABILITY)
                        && m.capabilities().contains(ProtocolVersion.ENVELOPE_SIGNATURE_V1))
                .filter(m -> asked.add(m.swarmId() + " " + m.agentId())).toList();
        for (Member member : unknown) {
            CompletableFuture<InfoResponse> answer;
            try {
                answer = poster.info(member.endpoint());
            } catch (RuntimeException e) {
                continue;
            }
            answer.thenAccept(info -> {
                if (member.agentId().equals(info.agentId()) && info.capabilities() != null
                        && info.capabilities().contains(Presence.CAPABILITY)) {
                    database.write(store -> {
                        PresenceRules.widen(store, member.swarmId(), member.agentId());
                        return null;
                    });
                }
            }).exceptionally(failure -> null);
        }
    }
}
