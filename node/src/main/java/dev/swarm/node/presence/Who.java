package dev.swarm.node.presence;

import java.util.List;

/**
 * {@code swarm who}: every member of each swarm, this node's agent ({@code agent_id}) among them, with
 * the stuck threshold the flags were computed with.
 */
public record Who(String agentId, long stuckAfterSeconds, List<SwarmMembers> swarms) {
    public Who {
        swarms = List.copyOf(swarms);
    }

    /** One swarm's members. */
    public record SwarmMembers(String swarmId, String name, String master, List<MemberPresence> members) {
        public SwarmMembers {
            members = List.copyOf(members);
        }
    }
}
