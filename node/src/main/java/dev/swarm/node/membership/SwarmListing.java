package dev.swarm.node.membership;

import dev.swarm.node.state.Member;
import java.util.List;

/**
 * The swarms this node is in, as {@code swarm list --json} prints them and {@code swarm_members}
 * returns them; {@code members} is null (left out) unless asked for.
 */
public record SwarmListing(List<Entry> swarms) {

    public static SwarmListing of(List<SwarmService.SwarmWithMembers> swarms, boolean withMembers) {
        return new SwarmListing(swarms.stream().map(s -> Entry.of(s, withMembers)).toList());
    }

    /** One swarm. */
    public record Entry(String swarmId, String name, String master, String state, int memberCount, String joinedAt,
                        List<MemberEntry> members) {
        static Entry of(SwarmService.SwarmWithMembers s, boolean withMembers) {
            return new Entry(s.swarm().swarmId(), s.swarm().name(), s.swarm().master(), s.swarm().state(),
                    s.members().size(), s.swarm().joinedAt(), withMembers
                            ? s.members().stream().map(MemberEntry::of).toList() : null);
        }
    }

    /** One member, with the capabilities its node announced. */
    public record MemberEntry(String agentId, String endpoint, String publicKey, String joinedAt,
                              List<String> capabilities) {
        static MemberEntry of(Member m) {
            return new MemberEntry(m.agentId(), m.endpoint(), m.publicKey(), m.joinedAt(), m.capabilities());
        }
    }
}
