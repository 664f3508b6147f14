package dev.swarm.node.delivery;

import dev.swarm.node.client.PeerClient;
import dev.swarm.node.client.PeerResponse;
import dev.swarm.node.error.SwarmException;
import dev.swarm.node.protocol.Timestamps;
import dev.swarm.node.state.Database;
import dev.swarm.node.state.OutboxRow;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * Delivers outbox rows: claims them (so no other process sends the same row), posts every claimed
 * row at once over the shared HTTP/2 client, and records each outcome. 2xx is delivered; connection
 * errors, timeouts, 408, 429 (honouring Retry-After) and 5xx are retried later; any other 4xx is
 * final and the row is marked failed with the peer's error code and message. The envelope sent is
 * the one stored, byte for byte, so every attempt carries the same message id.
 */
public final class Deliverer {
    private final Database database;
    private final PeerClient client;
    private final RetryPolicy policy;
    private final Clock clock;
    private final String owner;
    private final Duration lease;

    public Deliverer(Database database, PeerClient client, RetryPolicy policy, Clock clock, String owner,
                     Duration lease) {
        this.database = database;
        this.client = client;
        this.policy = policy;
        this.clock = clock;
        this.owner = owner;
        this.lease = lease;
    }

    /** Delivers the rows (those still pending and not held by another process) and waits for the answers. */
    public List<DeliveryResult> deliver(Collection<Long> rowIds) {
        return deliverAsync(rowIds).join();
    }

    /**
     * Starts delivering the rows; the future completes once every answer is in and recorded. A caller
     * that stops waiting early loses nothing: the outcomes are still recorded when they arrive.
     */
    public CompletableFuture<List<DeliveryResult>> deliverAsync(Collection<Long> rowIds) {
        if (rowIds.isEmpty()) {
            return CompletableFuture.completedFuture(List.of());
        }
        Instant now = clock.instant();
        List<OutboxRow> claimed = database.write(store -> store.outbox().claim(rowIds, owner,
                Timestamps.format(now), Timestamps.format(now.plus(lease))));
        List<CompletableFuture<Attempt>> calls = new ArrayList<>(claimed.size());
        for (OutboxRow row : claimed) {
            calls.add(client.post(row.targetEndpoint(), "/message", row.envelope().getBytes(StandardCharsets.UTF_8))
                    .handle((response, failure) -> new Attempt(row, response, unwrap(failure))));
        }
        return CompletableFuture.allOf(calls.toArray(CompletableFuture[]::new))
                .thenApply(done -> record(calls.stream().map(CompletableFuture::join).toList()));
    }

    private List<DeliveryResult> record(List<Attempt> attempts) {
        Instant finished = clock.instant();
        List<DeliveryResult> results = attempts.stream().map(a -> classify(a, finished)).toList();
        database.write(store -> {
            String at = Timestamps.format(finished);
            for (int i = 0; i < results.size(); i++) {
                DeliveryResult result = results.get(i);
                if (OutboxRow.DELIVERED.equals(result.status())) {
                    store.outbox().markDelivered(result.rowId(), at);
                } else {
                    store.outbox().markAttemptFailed(result.rowId(), result.status(), at,
                            Timestamps.format(attempts.get(i).nextAttempt), result.errorCode(), result.error());
                }
            }
            return null;
        });
        return results;
    }

    private DeliveryResult classify(Attempt attempt, Instant now) {
        OutboxRow row = attempt.row;
        int attemptsSoFar = row.attempts() + 1;
        attempt.nextAttempt = now;
        if (attempt.response != null && attempt.response.isSuccess()) {
            return new DeliveryResult(row.id(), row.recipientId(), OutboxRow.DELIVERED, null, null);
        }
        SwarmException error;
        boolean retryable;
        Duration wait = null;
        if (attempt.response != null) {
            int status = attempt.response.status();
            error = attempt.response.toException(row.recipientId());
            retryable = status == 408 || status == 429 || status >= 500;
            wait = attempt.response.retryAfter();
        } else if (attempt.failure instanceof SwarmException refused) {
            error = refused;
            retryable = false;
        } else {
            error = PeerClient.unreachable(row.recipientId(), attempt.failure);
            retryable = true;
        }
        if (!retryable) {
            return new DeliveryResult(row.id(), row.recipientId(), OutboxRow.FAILED, wireCode(error),
                    error.getMessage());
        }
        Duration age = Duration.between(Timestamps.parse(row.createdAt()), now);
        if (policy.isExhausted(attemptsSoFar, age)) {
            return new DeliveryResult(row.id(), row.recipientId(), OutboxRow.DEAD, wireCode(error),
                    error.getMessage() + " (gave up after " + attemptsSoFar + " attempts)");
        }
        Duration backoff = policy.backoff(attemptsSoFar);
        attempt.nextAttempt = now.plus(wait != null && wait.compareTo(backoff) > 0 ? wait : backoff);
        return new DeliveryResult(row.id(), row.recipientId(), OutboxRow.PENDING, wireCode(error),
                error.getMessage());
    }

    private static String wireCode(SwarmException error) {
        Object peerCode = error.details() == null ? null : error.details().get("peer_code");
        return peerCode != null ? peerCode.toString() : error.code().name();
    }

    private static Throwable unwrap(Throwable failure) {
        return failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
    }

    private static final class Attempt {
        final OutboxRow row;
        final PeerResponse response;
        final Throwable failure;
        Instant nextAttempt;

        Attempt(OutboxRow row, PeerResponse response, Throwable failure) {
            this.row = row;
            this.response = response;
            this.failure = failure;
        }
    }

}
