package dev.swarm.node.state;

import java.util.List;

/** A member of a swarm as this node knows it: where to reach it and the key its messages must verify with. */
public record Member(String swarmId, String agentId, String endpoint, String publicKey, List<String> capabilities,
                     String joinedAt) {
    public Member {
        capabilities = capabilities == null ? List.of() : List.copyOf(capabilities);
    }
}
