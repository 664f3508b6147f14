package dev.swarm.node.coordination;

import dev.swarm.node.protocol.Timestamps;
import dev.swarm.node.state.GuardHold;
import dev.swarm.node.state.GuardReport;
import dev.swarm.node.state.Store;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * What {@code swarm status} says about coordination: how many unread messages wait at each level
 * ({@code urgent} wakes at once, {@code normal} at the next turn, {@code low} only when asked for;
 * held messages are counted apart), and what the loop guard held back here and what peers held back
 * of this node's messages.
 */
public record CoordinationStatus(Waiting waiting, LoopGuardStatus loopGuard) {
    static final int RECENT = 5;

    /** Unread messages (not system, not held) by the level they wake at. */
    public record Waiting(int urgent, int normal, int low) {
    }

    /** Held here (unread, in the last hour, the latest few) and held by peers (in the last hour, the latest few). */
    public record LoopGuardStatus(int heldUnread, int heldLastHour, List<GuardHold> recent, int heldByPeersLastHour,
                                  List<GuardReport> heldByPeers) {
    }

    /** Read in the caller's transaction. */
    public static CoordinationStatus of(Store store, Instant now) {
        Map<String, Integer> levels = store.loopGuard().waitingByLevel();
        String hourAgo = Timestamps.format(now.minus(Duration.ofHours(1)));
        return new CoordinationStatus(new Waiting(levels.getOrDefault("urgent", 0), levels.getOrDefault("normal", 0),
                levels.getOrDefault("low", 0)), new LoopGuardStatus(store.loopGuard().heldUnreadRows().size(),
                store.loopGuard().countHoldsSince(hourAgo), store.loopGuard().holdsSince(hourAgo, RECENT),
                store.loopGuard().countReportsSince(hourAgo), store.loopGuard().reportsSince(hourAgo, RECENT)));
    }
}
