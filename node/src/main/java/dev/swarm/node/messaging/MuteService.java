package dev.swarm.node.messaging;

import dev.swarm.node.error.ErrorCode;
import dev.swarm.node.error.SwarmException;
import dev.swarm.node.protocol.Identifiers;
import dev.swarm.node.protocol.Timestamps;
import dev.swarm.node.state.Database;
import dev.swarm.node.state.Mute;
import dev.swarm.node.state.Swarm;
import java.time.Clock;

/**
 * Muting an agent (everywhere) or a whole swarm. A mute is this node's own choice: messages from a
 * muted agent or in a muted swarm are still stored and listed (marked {@code muted}), but never wake
 * anyone; nothing is sent to peers.
 */
public final class MuteService {
    public static final int MAX_REASON_LENGTH = 1024;

    private final Database database;
    private final Clock clock;

    public MuteService(Database database, Clock clock) {
        this.database = database;
        this.clock = clock;
    }

    public Mute muteAgent(String agentId, String reason) {
        checkAgent(agentId);
        return mute(Mute.AGENT, agentId, reason);
    }

    public Mute muteSwarm(Swarm swarm, String reason) {
        return mute(Mute.SWARM, swarm.swarmId(), reason);
    }

    /** Lifts a mute; {@code NOT_FOUND} when the agent or swarm is not muted. */
    public Mute unmute(String kind, String target) {
        return database.write(store -> {
            Mute mute = store.mutes().find(kind, target).orElseThrow(() -> new SwarmException(ErrorCode.NOT_FOUND,
                    (Mute.AGENT.equals(kind) ? "agent " : "swarm ") + target + " is not muted"));
            store.mutes().remove(kind, target);
            return mute;
        });
    }

    public static void checkAgent(String agentId) {
        if (agentId == null || !Identifiers.isAgentId(agentId)) {
            throw SwarmException.invalidArgument("--agent must be an agent id ([a-zA-Z0-9_.-], 1 to 256)");
        }
    }

    private Mute mute(String kind, String target, String reason) {
        if (reason != null && reason.length() > MAX_REASON_LENGTH) {
            throw SwarmException.invalidArgument("--reason is at most " + MAX_REASON_LENGTH + " characters");
        }
        String at = Timestamps.format(clock.instant());
        return database.write(store -> {
            store.mutes().add(new Mute(kind, target, reason == null || reason.isBlank() ? null : reason, at));
            return store.mutes().find(kind, target).orElseThrow();
        });
    }
}
