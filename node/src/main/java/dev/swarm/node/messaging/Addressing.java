package dev.swarm.node.messaging;

import dev.swarm.node.error.SwarmException;
import dev.swarm.node.state.Member;
import dev.swarm.node.state.Store;
import dev.swarm.node.state.Swarm;
import java.util.List;
import java.util.Map;

/**
 * What coordination adds to a message being sent, behind an interface so that sending does not depend
 * on it: the members a role address ({@code role:NAME}) reaches, and the metadata (the causal chain)
 * of a reply. Both are read in the sender's read transaction.
 */
public interface Addressing {
    /** The prefix of a role address. */
    String ROLE_PREFIX = "role:";

    /** Metadata key of a message sent to a role's holders: the role. */
    String TO_ROLE = "to_role";

    /** Sending without coordination: no roles, no chains. */
    Addressing NONE = new Addressing() {
        @Override
        public List<Member> holders(Store store, Swarm swarm, String role) {
            throw SwarmException.invalidArgument("this node cannot address roles");
        }

        @Override
        public Map<String, Object> replyMetadata(Store store, String swarmId, String inReplyTo) {
            return Map.of();
        }
    };

    /** The members of {@code swarm} (never this node) that hold {@code role}; refuses when none does. */
    List<Member> holders(Store store, Swarm swarm, String role);

    /** The metadata of a reply to {@code inReplyTo} in the swarm: its causal chain. */
    Map<String, Object> replyMetadata(Store store, String swarmId, String inReplyTo);

    /** The role a recipient names ({@code role:NAME}), or null when it names an agent or nobody. */
    static String roleOf(String to) {
        return to != null && to.startsWith(ROLE_PREFIX) ? to.substring(ROLE_PREFIX.length()) : null;
    }
}
