package dev.swarm.node.presence;

import dev.swarm.node.protocol.Timestamps;
import dev.swarm.node.wake.AgentActivity;
import java.time.Duration;
import java.time.Instant;

/**
 * This node's agent's state as presence tells it, from what its hooks last said
 * ({@link AgentActivity}): working after a prompt or a tool call (or while asking its user), idle
 * after a turn ended or a session began, away when no hook ever reported (no agent is set up, or it
 * has not run since the daemon started), when its session ended, or when no hook has said anything
 * for {@code awayAfter}. Remembers since when the state holds. Not thread-safe: one thread ticks it.
 */
final class LocalPresence {
    private final AgentActivity activity;
    private final Duration awayAfter;
    private Presence.State state;
    private Instant since;

    LocalPresence(AgentActivity activity, Duration awayAfter) {
        this.activity = activity;
        this.awayAfter = awayAfter;
    }

    /** The state now, when it began, when the agent last did something, and which client it is. */
    record Now(Presence.State state, String since, String activeAt, String client) {
    }

    Now at(Instant now) {
        AgentActivity.Snapshot last = activity.current();
        Presence.State current = switch (last.state()) {
            case UNKNOWN, GONE -> Presence.State.AWAY;
            case IDLE -> Presence.State.IDLE;
            case WORKING, NEEDS_USER -> Presence.State.WORKING;
        };
        if (last.at() != null && last.at().plus(awayAfter).isBefore(now)) {
            current = Presence.State.AWAY;
        }
        if (current != state) {
            state = current;
            since = current == Presence.State.AWAY || last.at() == null || last.at().isAfter(now) ? now : last.at();
        }
        return new Now(state, Timestamps.format(since), last.at() == null ? null : Timestamps.format(last.at()),
                last.agent());
    }
}
