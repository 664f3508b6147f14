package dev.swarm.node.messaging;

import dev.swarm.node.delivery.DeliveryResult;
import dev.swarm.node.delivery.Dispatcher;
import dev.swarm.node.state.Database;
import dev.swarm.node.state.OutboxRow;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Delivers what was just queued and reports each recipient's outcome, the same way for every command
 * that sends: this process delivers at once, unless a running {@code swarm serve} does it, in which
 * case the outcomes are read back from the outbox. Either way the command never waits on a stranger
 * for longer than its bound: a recipient counts as answered once its row is delivered or refused, or
 * was tried and failed (a 5xx, a timeout: retried later), and a peer that was already failing before
 * this send (backed off) is waited for only a short grace ({@link #FAILING_GRACE}: enough for a live
 * peer's quick refusal, not for a hung one). Whoever has not answered when the bound is up is
 * reported {@code pending}; its message stays in the outbox, where the daemon retries it.
 */
public final class DeliveryOutcomes {
    private static final long POLL_MILLIS = 50;
    static final Duration FAILING_GRACE = Duration.ofMillis(500);

    private final Database database;
    private final Dispatcher dispatcher;
    private final Duration ownAttemptLimit;

    /**
     * {@code ownAttemptLimit}: how long this process waits for its own attempts when the caller's wait
     * is zero (a command without a daemon must still deliver before it exits): the peer client's timeout.
     */
    public DeliveryOutcomes(Database database, Dispatcher dispatcher, Duration ownAttemptLimit) {
        this.database = database;
        this.dispatcher = dispatcher;
        this.ownAttemptLimit = ownAttemptLimit;
    }

    /**
     * Dispatches the queued rows and returns one delivery per row, in row order, after at most
     * {@code wait} (when this process delivers and {@code wait} is zero: after at most its own attempt's
     * timeout).
     */
    public List<SendResult.Delivery> deliver(Outbox.Queued queued, Duration wait) {
        Set<String> failing = database.read(store -> store.outbox().failingPeers(queued.peers()));
        Map<String, CompletableFuture<List<DeliveryResult>>> lanes = dispatcher.dispatchEach(queued.peers());
        Duration bound = lanes.isEmpty() || !wait.isZero() ? wait : ownAttemptLimit;
        long start = System.nanoTime();
        long deadline = start + bound.toNanos();
        long graceEnd = Math.min(deadline, start + FAILING_GRACE.toNanos());
        await(lanes, lane -> !failing.contains(lane), deadline);
        await(lanes, failing::contains, graceEnd);
        return outcomes(queued.rowIds(), failing, deadline, graceEnd);
    }

    /** Waits until the chosen peers' lanes have finished, or {@code until}. */
    private static void await(Map<String, CompletableFuture<List<DeliveryResult>>> lanes,
                              java.util.function.Predicate<String> chosen, long until) {
        CompletableFuture<?>[] awaited = lanes.entrySet().stream().filter(lane -> chosen.test(lane.getKey()))
                .map(Map.Entry::getValue).toArray(CompletableFuture[]::new);
        if (awaited.length == 0) {
            return;
        }
        try {
            CompletableFuture.allOf(awaited).get(Math.max(0, until - System.nanoTime()), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            // a lane that failed recorded its rows; one still going is reported from the outbox
        }
    }

    /** Each row's outcome from the outbox, waiting (until the deadline) for rows nobody has answered for yet. */
    private List<SendResult.Delivery> outcomes(List<Long> rowIds, Collection<String> failing, long deadline,
                                               long graceEnd) {
        while (true) {
            List<OutboxRow> rows = database.read(store -> rowIds.stream()
                    .map(id -> store.outbox().find(id).orElseThrow()).toList());
            boolean graceOver = System.nanoTime() >= graceEnd;
            boolean waiting = rows.stream().anyMatch(row -> !answered(row, graceOver ? failing : Set.of()));
            if (!waiting || System.nanoTime() >= deadline) {
                return rows.stream().map(row -> new SendResult.Delivery(row.recipientId(), row.status(),
                        row.lastErrorCode(), row.lastError())).toList();
            }
            try {
                Thread.sleep(POLL_MILLIS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                deadline = 0;
            }
        }
    }

    private static boolean answered(OutboxRow row, Collection<String> failing) {
        return !OutboxRow.PENDING.equals(row.status()) || row.lastAttemptAt() != null
                || failing.contains(row.targetEndpoint());
    }
}
