package dev.swarm.node.coordination;

import dev.swarm.node.error.ErrorCode;
import dev.swarm.node.error.SwarmException;
import dev.swarm.node.messaging.Addressing;
import dev.swarm.node.state.Member;
import dev.swarm.node.state.PresenceRow;
import dev.swarm.node.state.Store;
import dev.swarm.node.state.Swarm;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Addressing with coordination: {@code role:NAME} reaches <em>every</em> current member (but this
 * node) whose latest presence lists the role, in one envelope addressed to {@code broadcast} with
 * {@code metadata.to_role} and delivered to those members only; a role nobody else holds is refused
 * ({@code MEMBER_NOT_FOUND}) and nothing is sent. A reply carries its causal chain ({@link Chains}).
 */
public final class RoleAddressing implements Addressing {
    private final String selfId;

    public RoleAddressing(String selfId) {
        this.selfId = selfId;
    }

    @Override
    public List<Member> holders(Store store, Swarm swarm, String role) {
        Roles.check(role);
        Set<String> holding = store.presence().list(swarm.swarmId()).stream()
                .filter(row -> row.roles().contains(role)).map(PresenceRow::agentId).collect(Collectors.toSet());
        List<Member> holders = store.members().list(swarm.swarmId()).stream()
                .filter(m -> !m.agentId().equals(selfId) && holding.contains(m.agentId())).toList();
        if (holders.isEmpty()) {
            boolean self = store.presence().localRoles(swarm.swarmId()).contains(role);
            throw new SwarmException(ErrorCode.MEMBER_NOT_FOUND, (self ? "only you hold role " : "nobody holds role ")
                    + role + " in swarm " + swarm.name() + " (" + swarm.swarmId() + "); nothing was sent. Members"
                    + " take a role with 'swarm role add' and their presence announces it (see 'swarm who')",
                    Map.of("role", role, "swarm_id", swarm.swarmId()));
        }
        return holders;
    }

    @Override
    public Map<String, Object> replyMetadata(Store store, String swarmId, String inReplyTo) {
        return Chains.forReply(store, swarmId, inReplyTo).metadata();
    }
}
