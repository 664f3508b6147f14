package dev.swarm.cli;

import dev.swarm.node.SwarmNode;
import dev.swarm.node.messaging.MuteService;
import dev.swarm.node.state.Mute;
import picocli.CommandLine.Option;

/** What {@code mute} and {@code unmute} act on: one agent (everywhere) or one whole swarm. */
public final class MuteTarget {
    @Option(names = {"-a", "--agent"}, paramLabel = "AGENT", required = true, description = "An agent, in every swarm.")
    String agent;

    @Option(names = {"-s", "--swarm"}, paramLabel = "ID", required = true,
            description = "A whole swarm (its id or a unique prefix).")
    String swarm;

    /** The mute's kind ({@code agent} or {@code swarm}). */
    String kind() {
        return agent != null ? Mute.AGENT : Mute.SWARM;
    }

    /** The agent id, or the full id of the swarm the user named. */
    String target(SwarmNode node) {
        if (agent != null) {
            MuteService.checkAgent(agent);
            return agent;
        }
        return node.resolver().resolve(swarm).swarmId();
    }
}
