package dev.swarm.node.wake;

import dev.swarm.node.protocol.Timestamps;
import dev.swarm.node.state.Database;
import dev.swarm.node.state.WakeLogEntry;
import java.time.Clock;
import java.time.Instant;
import java.util.List;

/**
 * Where wakes stand, from the wake log: how many in the last hour against the budget, whether they
 * are paused, the last one typed and the last failure. Read by {@code swarm wake status} and
 * {@code swarm status}, in any process.
 */
public record WakeStatus(String method, String target, int wakesLastHour, int budgetPerHour, boolean paused,
                         int suppressedLastHour, String lastWake, String lastFailure) {

    public static WakeStatus of(WakeConfig config, Database database, Clock clock) {
        Instant now = clock.instant();
        String hourAgo = Timestamps.format(now.minus(WakeCoordinator.HOUR));
        record Read(List<WakeLogEntry> typed, List<WakeLogEntry> suppressed, List<WakeLogEntry> failed) { }
        Read read = database.read(store -> new Read(store.wakeLog().since(hourAgo, "typed"),
                store.wakeLog().since(hourAgo, "suppressed"), store.wakeLog().since(Timestamps.format(Instant.EPOCH),
                "failed")));
        List<WakeLogEntry> wakes = read.typed().stream().filter(e -> !e.messageIds().isEmpty()).toList();
        String lastFailure = read.failed().isEmpty() ? null : read.failed().get(read.failed().size() - 1).at() + ": "
                + read.failed().get(read.failed().size() - 1).reason();
        return new WakeStatus(config.method().name().toLowerCase(java.util.Locale.ROOT), config.targetDescription(),
                wakes.size(), config.budgetPerHour(), wakes.size() >= config.budgetPerHour(),
                read.suppressed().stream().mapToInt(e -> e.messageIds().size()).sum(),
                wakes.isEmpty() ? null : wakes.get(wakes.size() - 1).at(), lastFailure);
    }
}
