package dev.swarm.node.status;

import dev.swarm.node.coordination.CoordinationStatus;
import dev.swarm.node.wake.WakeStatus;
import java.util.List;
import java.util.Map;

/**
 * {@code swarm status}: the Python implementation's fields ({@code status, agent_id, endpoint,
 * public_key, config_path, db_path, swarm_count, muted_agents, muted_swarms}) plus the swarms, the
 * inbox and outbox counts, waiting joins, whether {@code swarm serve} runs for this identity, and
 * (from the command line, which knows the wake settings) how wakes stand, paused or not; and how many
 * messages wait at each level and what the loop guard held back ({@code coordination}).
 */
public record StatusReport(String status, String agentId, String endpoint, String publicKey, String configPath,
                           String dbPath, int swarmCount, int mutedAgents, int mutedSwarms, Serving serving,
                           List<SwarmSummary> swarms, Map<String, Integer> inbox, Map<String, Integer> outbox,
                           List<String> pendingJoins, List<String> mutedAgentIds, List<String> mutedSwarmIds,
                           WakeStatus wake, CoordinationStatus coordination) {

    /** The same report with how wakes stand. */
    public StatusReport withWake(WakeStatus newWake) {
        return new StatusReport(status, agentId, endpoint, publicKey, configPath, dbPath, swarmCount, mutedAgents,
                mutedSwarms, serving, swarms, inbox, outbox, pendingJoins, mutedAgentIds, mutedSwarmIds, newWake,
                coordination);
    }

    /** Whether a daemon serves this identity, and what it said about itself. */
    public record Serving(boolean running, String detail) {
    }

    /** One swarm in the report. */
    public record SwarmSummary(String swarmId, String name, String master, boolean isMaster, String state,
                               int memberCount, int unread) {
    }
}
