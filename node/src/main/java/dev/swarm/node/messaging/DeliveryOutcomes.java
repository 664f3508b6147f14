package dev.swarm.node.messaging;

import dev.swarm.node.delivery.DeliveryResult;
import dev.swarm.node.delivery.Dispatcher;
import dev.swarm.node.state.Database;
import dev.swarm.node.state.OutboxRow;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Delivers what was just queued and reports each recipient's outcome, the same way for every command
 * that sends: this process delivers at once, unless a running {@code swarm serve} does it, in which
 * case the outcomes are read back from the outbox, waiting up to the caller's limit for them.
 */
public final class DeliveryOutcomes {
    private static final long POLL_MILLIS = 50;

    private final Database database;
    private final Dispatcher dispatcher;

    public DeliveryOutcomes(Database database, Dispatcher dispatcher) {
        this.database = database;
        this.dispatcher = dispatcher;
    }

    /** Dispatches the queued rows and returns one delivery per row, in row order. */
    public List<SendResult.Delivery> deliver(Outbox.Queued queued, Duration wait) {
        Map<Long, DeliveryResult> attempted = new HashMap<>();
        dispatcher.dispatch(queued.peers()).join().forEach(result -> attempted.put(result.rowId(), result));
        return outcomes(queued.rowIds(), attempted, wait);
    }

    /** Each row's outcome: from this process's attempt, or read back (after waiting) from the outbox. */
    private List<SendResult.Delivery> outcomes(List<Long> rowIds, Map<Long, DeliveryResult> attempted, Duration wait) {
        long deadline = System.nanoTime() + wait.toNanos();
        while (true) {
            List<OutboxRow> rows = database.read(store -> rowIds.stream()
                    .map(id -> store.outbox().find(id).orElseThrow()).toList());
            boolean pending = rows.stream().anyMatch(row -> OutboxRow.PENDING.equals(row.status())
                    && !attempted.containsKey(row.id()));
            if (!pending || System.nanoTime() >= deadline) {
                return rows.stream().map(row -> attempted.containsKey(row.id())
                        ? SendResult.Delivery.of(attempted.get(row.id()))
                        : new SendResult.Delivery(row.recipientId(), row.status(), row.lastErrorCode(), row.lastError()))
                        .toList();
            }
            try {
                Thread.sleep(POLL_MILLIS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                deadline = 0;
            }
        }
    }
}
