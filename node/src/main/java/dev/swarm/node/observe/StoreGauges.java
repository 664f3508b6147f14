package dev.swarm.node.observe;

import dev.swarm.node.protocol.Timestamps;
import dev.swarm.node.state.Database;
import dev.swarm.node.state.InboxStatus;
import dev.swarm.node.state.ObserveQueries;
import dev.swarm.node.state.Swarm;
import io.prometheus.metrics.core.metrics.CounterWithCallback;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Metrics read from the database when scraped: the inbox and the outbox per status, the oldest
 * pending delivery's age, failing peers, members per swarm, and wake outcomes (the wake log's rows
 * since this process started, read once each, so the count only grows). {@link #refresh} reads them
 * once before each scrape, and every gauge of that scrape answers from that one read.
 */
final class StoreGauges {
    private final Database database;
    private final Clock clock;
    private final Map<String, Long> wakes = new LinkedHashMap<>();
    private long wakeMark;
    private Reading last;

    StoreGauges(Database database, Clock clock) {
        this.database = database;
        this.clock = clock;
        this.wakeMark = database.read(store -> store.observe().lastWakeId());
    }

    private record Reading(Instant at, Map<InboxStatus, Integer> inbox, Map<String, Integer> outbox,
                           Optional<String> oldestPending, int failingPeers, Map<String, Integer> members) {
    }

    void register(PrometheusRegistry registry) {
        GaugeWithCallback.builder().name("swarm_inbox_messages").help("Messages in the inbox per status")
                .labelNames("status").callback(cb -> reading().inbox().forEach((status, n) -> cb.call(n, status.wire())))
                .register(registry);
        GaugeWithCallback.builder().name("swarm_outbox_deliveries").help("Outbox rows (one per message and recipient)"
                        + " per status").labelNames("status")
                .callback(cb -> reading().outbox().forEach((status, n) -> cb.call(n, status))).register(registry);
        GaugeWithCallback.builder().name("swarm_outbox_oldest_pending_seconds").help("Age of the oldest pending"
                        + " delivery (0 when none is pending)")
                .callback(cb -> cb.call(reading().oldestPending().map(at -> Math.max(0, Duration.between(
                        Timestamps.parse(at), clock.instant()).toMillis() / 1000.0)).orElse(0.0))).register(registry);
        GaugeWithCallback.builder().name("swarm_peers_failing").help("Peers with a pending delivery that was tried and"
                + " failed (backed off)").callback(cb -> cb.call(reading().failingPeers())).register(registry);
        GaugeWithCallback.builder().name("swarm_members").help("Members of each active swarm, this node included")
                .labelNames("swarm_id").callback(cb -> reading().members().forEach((swarm, n) -> cb.call(n, swarm)))
                .register(registry);
        CounterWithCallback.builder().name("swarm_wakes").help("Wake attempts since this process started, by outcome"
                        + " (the wake log's)").labelNames("outcome")
                .callback(cb -> wakes().forEach((outcome, n) -> cb.call(n, outcome))).register(registry);
    }

    private synchronized Reading reading() {
        if (last == null) {
            refresh();
        }
        return last;
    }

    /** Reads the database for the next scrape. */
    synchronized void refresh() {
        Instant now = clock.instant();
        last = database.read(store -> {
            Map<String, Integer> members = new LinkedHashMap<>();
            for (Swarm swarm : store.swarms().active()) {
                members.put(swarm.swarmId(), store.members().count(swarm.swarmId()));
            }
            ObserveQueries observe = store.observe();
            return new Reading(now, store.inbox().counts(null), store.outbox().counts(),
                    store.outbox().oldestPending(null), observe.failingPeers(), members);
        });
    }

    private synchronized Map<String, Long> wakes() {
        List<ObserveQueries.WakeTally> tallies = database.read(store -> {
            // SQLite reuses row ids only after the newest row was deleted (a pruned, emptied log): start over
            if (store.observe().lastWakeId() < wakeMark) {
                wakeMark = 0;
            }
            return store.observe().wakesAfter(wakeMark);
        });
        for (ObserveQueries.WakeTally tally : tallies) {
            wakes.merge(tally.outcome(), tally.count(), Long::sum);
            wakeMark = Math.max(wakeMark, tally.topId());
        }
        return Map.copyOf(wakes);
    }
}
