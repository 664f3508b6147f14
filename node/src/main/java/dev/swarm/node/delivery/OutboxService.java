package dev.swarm.node.delivery;

import dev.swarm.node.error.ErrorCode;
import dev.swarm.node.error.SwarmException;
import dev.swarm.node.protocol.Timestamps;
import dev.swarm.node.state.Database;
import dev.swarm.node.state.OutboxRow;
import java.time.Clock;
import java.time.Duration;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * What {@code swarm outbox} and {@code swarm sent} do: list deliveries, move stuck ones (retry now, or
 * give up), purge old ones.
 */
public final class OutboxService {
    private static final Duration RETRY_WAIT = Duration.ofSeconds(5);
    /** The error code of a delivery given up by hand. */
    public static final String ABANDONED = "ABANDONED";

    private final Database database;
    private final Dispatcher dispatcher;
    private final Clock clock;

    public OutboxService(Database database, Dispatcher dispatcher, Clock clock) {
        this.database = database;
        this.dispatcher = dispatcher;
        this.clock = clock;
    }

    public List<OutboxRow> list(String swarmId, Collection<String> statuses, int limit) {
        return database.read(store -> store.outbox().list(swarmId, statuses, limit));
    }

    /** The listing commands and the local API show: rows with receipts, counts, oldest pending age. */
    public OutboxListing listing(String swarmId, Collection<String> statuses, int limit) {
        List<OutboxView> rows = database.read(store -> store.outbox().list(swarmId, statuses, limit).stream()
                .map(row -> OutboxView.of(row, store.receipts().find(row.messageId(), row.recipientId()))).toList());
        Summary summary = summary(swarmId);
        return new OutboxListing(swarmId, rows.size(), summary.counts(),
                summary.oldestPending().map(Duration::toSeconds).orElse(null), rows);
    }

    /** A message this node sent, with the outcome (and receipts) per recipient. */
    public record SentMessage(String messageId, String swarmId, String recipient, String type, String content,
                              String timestamp, List<OutboxView> deliveries) {
    }

    /** The newest {@code limit} messages sent (of one swarm, or all when null), oldest first. */
    public List<SentMessage> sent(String swarmId, int limit) {
        return database.read(store -> store.outbox().recentMessageIds(swarmId, limit).stream().map(messageId -> {
            List<OutboxRow> rows = store.outbox().byMessage(messageId);
            var envelope = dev.swarm.node.protocol.Json.readTree(rows.get(0).envelope());
            List<OutboxView> deliveries = rows.stream()
                    .map(row -> OutboxView.of(row, store.receipts().find(messageId, row.recipientId()))).toList();
            return new SentMessage(messageId, rows.get(0).swarmId(), envelope.path("recipient").asText(),
                    envelope.path("type").asText(), envelope.path("content").asText(), rows.get(0).createdAt(),
                    deliveries);
        }).toList());
    }

    /** Rows per status, and how long the oldest pending row has waited (absent when none is pending). */
    public record Summary(Map<String, Integer> counts, Optional<Duration> oldestPending) {
    }

    /** Counts of one swarm's rows, or of all when {@code swarmId} is null. */
    public Summary summary(String swarmId) {
        return database.read(store -> new Summary(store.outbox().counts(swarmId), store.outbox().oldestPending(swarmId)
                .map(at -> Duration.between(Timestamps.parse(at), clock.instant()))));
    }

    /**
     * Moves stuck deliveries now: one row by its number, or every undelivered row of a message by its
     * message id. Failed and dead rows go back in the queue with a fresh attempt count; pending rows
     * (waiting for their next attempt, however far away a peer asked) become due now, with every other
     * pending row to the same peer, since a peer's rows go in order. Delivered at once unless a daemon
     * does it; returns how many rows were moved.
     */
    public int retry(String idOrMessageId) {
        List<OutboxRow> rows = stuck(idOrMessageId, List.of(OutboxRow.PENDING, OutboxRow.FAILED, OutboxRow.DEAD),
                "retried");
        return requeue(rows);
    }

    /**
     * Gives up deliveries by hand (dead-letters them): one row by its number, or every pending or failed
     * row of a message. They become dead, are never tried again unless retried, and no longer hold up
     * later messages to the same peer. Returns how many rows.
     */
    public int abandon(String idOrMessageId) {
        List<OutboxRow> rows = stuck(idOrMessageId, List.of(OutboxRow.PENDING, OutboxRow.FAILED), "given up");
        String now = Timestamps.format(clock.instant());
        return database.write(store -> store.outbox().abandon(rows.stream().map(OutboxRow::id).toList(), now,
                ABANDONED, "given up by hand"));
    }

    /** Puts every dead row back in the queue; returns how many. */
    public int retryAllDead() {
        return requeue(database.read(store -> store.outbox().list(null, List.of(OutboxRow.DEAD), Integer.MAX_VALUE)));
    }

    /** The rows of one row number or message id in {@code statuses}; refuses when there are none. */
    private List<OutboxRow> stuck(String idOrMessageId, List<String> statuses, String done) {
        List<OutboxRow> rows = database.read(store -> idOrMessageId.matches("\\d{1,18}")
                ? store.outbox().find(Long.parseLong(idOrMessageId)).map(List::of).orElse(List.of())
                : store.outbox().byMessage(idOrMessageId));
        if (rows.isEmpty()) {
            throw new SwarmException(ErrorCode.NOT_FOUND, "no outbox row or message " + idOrMessageId);
        }
        List<OutboxRow> matching = rows.stream().filter(r -> statuses.contains(r.status())).toList();
        if (matching.isEmpty()) {
            String allowed = String.join(", ", statuses.subList(0, statuses.size() - 1)) + " or "
                    + statuses.get(statuses.size() - 1);
            throw SwarmException.invalidArgument(idOrMessageId + " is " + rows.get(0).status() + "; only " + allowed
                    + " deliveries can be " + done);
        }
        return matching;
    }

    private int requeue(List<OutboxRow> rows) {
        String now = Timestamps.format(clock.instant());
        List<Long> ended = rows.stream().filter(r -> !r.status().equals(OutboxRow.PENDING)).map(OutboxRow::id).toList();
        Set<String> waiting = new LinkedHashSet<>();
        rows.stream().filter(r -> r.status().equals(OutboxRow.PENDING)).forEach(r -> waiting.add(r.targetEndpoint()));
        database.write(store -> {
            store.outbox().requeue(ended, now);
            store.outbox().makeDue(waiting, now);
            return null;
        });
        Set<String> peers = new LinkedHashSet<>();
        rows.forEach(row -> peers.add(row.targetEndpoint()));
        // a retry is asked for now: wait for the answers, but never longer than RETRY_WAIT
        dispatcher.dispatchAndAwait(peers, Set.of(), RETRY_WAIT);
        return rows.size();
    }

    /** Deletes rows in {@code statuses} whose last activity is older than {@code olderThan}; returns how many. */
    public int purge(Collection<String> statuses, Duration olderThan) {
        for (String status : statuses) {
            if (status.equals(OutboxRow.PENDING)) {
                throw SwarmException.invalidArgument("pending deliveries cannot be purged; they are still being sent");
            }
        }
        String before = Timestamps.format(clock.instant().minus(olderThan));
        return database.write(store -> store.outbox().purge(statuses, before));
    }
}
