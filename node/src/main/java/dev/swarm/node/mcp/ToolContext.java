package dev.swarm.node.mcp;

import dev.swarm.node.SwarmNode;
import dev.swarm.node.client.LocalApiClient;
import dev.swarm.node.identity.ServeLock;
import dev.swarm.node.messaging.MessageView;
import dev.swarm.node.state.Swarm;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What the tools share: the node (same SWARM_HOME as the CLI), how long {@code swarm_request} may
 * wait at most, how long a send waits for a running daemon's delivery outcome, the client of the
 * daemon's local API, and the swarm a call means when it names none ({@code SWARM_ID} or
 * {@code default_swarm}, as for the CLI; null: the only swarm).
 */
public record ToolContext(SwarmNode node, Duration maxWait, Duration sendWait, LocalApiClient localApi,
                          String defaultSwarm) {
    /** Said wherever it matters while no daemon serves this identity. */
    public static final String NOT_SERVING_WARNING = "swarm serve is not running for this identity, so this node"
            + " receives nothing: replies cannot arrive until it runs (start it with 'swarm serve'). Messages you"
            + " send are still delivered now, and what cannot be delivered yet is retried once it runs.";

    public ToolContext {
        if (maxWait.isNegative() || maxWait.isZero()) {
            throw new IllegalArgumentException("the longest wait for a reply must be positive");
        }
    }

    /** The swarm an argument names, or the default one when it names none. */
    public String swarm(Arguments arguments) {
        String named = arguments.string("swarm");
        return named != null ? named : defaultSwarm;
    }

    /** What the running daemon says about itself, or empty when none serves this identity. */
    public Optional<String> daemon() {
        return ServeLock.holder(node.home());
    }

    /** The warning to add to a result, or null while a daemon serves. */
    public String servingWarning() {
        return daemon().isPresent() ? null : NOT_SERVING_WARNING;
    }

    /** Messages as the agent sees them, each naming its sender and swarm. */
    public List<PeerMessage> peerMessages(List<MessageView> messages) {
        Map<String, String> names = new HashMap<>();
        for (Swarm swarm : node.database().read(store -> store.swarms().all())) {
            names.put(swarm.swarmId(), swarm.name());
        }
        return messages.stream().map(m -> PeerMessage.of(m, names)).toList();
    }
}
