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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * Delivers the outbox, one lane per peer. A lane takes every pending row to its peer (claimed, so no
 * other process sends them) and posts them one at a time, oldest first, so a peer stores messages in
 * the order they were sent. Lanes of different peers run at the same time over the shared HTTP/2
 * client, so one slow or dead peer never delays the others.
 *
 * <p>Outcomes: 2xx is delivered; connection errors, timeouts, 408, 429 and 5xx stop the lane and back
 * the whole peer off (exponential backoff with full jitter, at least the peer's Retry-After up to the
 * policy's cap, in whatever unit the peer wrote it: {@link dev.swarm.node.client.RetryAfter}), which is
 * the circuit breaker: a failing peer is tried once per backoff, not once per row; any other 4xx is
 * final for that row ({@code failed}, with the peer's code and message) and the lane goes on; a row
 * past the policy's attempts or age is {@code dead}. Every attempt of a row carries the same message
 * id, so the receiver stores it once.
 */
public final class Deliverer {
    static final int LANE_LIMIT = 500;

    private final Database database;
    private final PeerClient client;
    private final RetryPolicy policy;
    private final Clock clock;
    private final String owner;
    private final Duration lease;
    private final Restamper restamper;
    private final DeliveryStats stats;
    private final PeerBackoff backoff = new PeerBackoff();

    public Deliverer(Database database, PeerClient client, RetryPolicy policy, Clock clock, String owner,
                     Duration lease, Restamper restamper, DeliveryStats stats) {
        this.database = database;
        this.client = client;
        this.policy = policy;
        this.clock = clock;
        this.owner = owner;
        this.lease = lease;
        this.restamper = restamper;
        this.stats = stats;
    }

    /**
     * Runs the lanes of these peers; the future completes when every lane has finished, with the outcome
     * of each row attempted. With {@code onlyDue}, a peer that is backed off is left alone (the daemon);
     * without it, the caller is a person sending now, and the peer is tried at once.
     */
    public CompletableFuture<List<DeliveryResult>> deliver(Collection<String> peers, boolean onlyDue) {
        Map<String, CompletableFuture<List<DeliveryResult>>> lanes;
        try {
            lanes = deliverEach(peers, onlyDue);
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
        return CompletableFuture.allOf(lanes.values().toArray(CompletableFuture[]::new))
                .thenApply(done -> lanes.values().stream().flatMap(lane -> lane.join().stream()).toList());
    }

    /** As {@link #deliver}, one future per peer's lane, so a caller can stop waiting for one peer alone. */
    public Map<String, CompletableFuture<List<DeliveryResult>>> deliverEach(Collection<String> peers,
                                                                             boolean onlyDue) {
        List<String> distinct = peers.stream().distinct().toList();
        Instant now = clock.instant();
        String at = Timestamps.format(now);
        String until = Timestamps.format(now.plus(lease));
        // every lane of the round claimed in one transaction
        Map<String, List<OutboxRow>> claimed = database.writeRelaxed(store -> {
            Map<String, List<OutboxRow>> lanes = new LinkedHashMap<>();
            for (String peer : distinct) {
                lanes.put(peer, store.outbox().claimLane(peer, owner, at, until, onlyDue, LANE_LIMIT));
            }
            return lanes;
        });
        Map<String, CompletableFuture<List<DeliveryResult>>> lanes = new LinkedHashMap<>();
        claimed.forEach((peer, rows) -> lanes.put(peer, next(peer, rows, 0, new ArrayList<>())));
        return lanes;
    }

    /**
     * Brings pending rows whose next attempt is further away than the policy's cap back to the cap (an
     * older version believed a peer that asked for a wait until 2083); returns how many. The daemon
     * runs this when it starts.
     */
    public int capWaits() {
        String latest = Timestamps.format(clock.instant().plus(policy.cap()));
        return database.writeRelaxed(store -> store.outbox().capNextAttempts(latest));
    }

    private CompletableFuture<List<DeliveryResult>> next(String peer, List<OutboxRow> rows, int index,
                                                         List<DeliveryResult> results) {
        if (index == rows.size()) {
            return CompletableFuture.completedFuture(results);
        }
        OutboxRow row = rows.get(index);
        Instant now = clock.instant();
        if (Duration.between(Timestamps.parse(row.ageFrom()), now).compareTo(policy.maxAge()) >= 0) {
            results.add(recordFinal(row, OutboxRow.DEAD, "EXPIRED", "not delivered within "
                    + policy.maxAge().toHours() + " hours", now));
            return next(peer, rows, index + 1, results);
        }
        String envelope = restamper.refresh(row, now).orElse(row.envelope());
        return client.post(row.targetEndpoint(), "/message", envelope.getBytes(StandardCharsets.UTF_8))
                .handle((response, failure) -> classify(row, response, unwrap(failure)))
                .thenCompose(attempt -> {
                    if (!envelope.equals(row.envelope())) {
                        database.writeRelaxed(store -> {
                            store.outbox().replaceEnvelope(row.id(), envelope);
                            return null;
                        });
                    }
                    Instant finished = clock.instant();
                    if (attempt.retryable()) {
                        results.add(recordRetry(peer, row, attempt, finished));
                        return CompletableFuture.completedFuture(results);
                    }
                    backoff.succeeded(peer);
                    results.add(attempt.status().equals(OutboxRow.DELIVERED) ? recordDelivered(peer, row, finished)
                            : recordFinal(row, attempt.status(), attempt.code(), attempt.message(), finished));
                    return next(peer, rows, index + 1, results);
                });
    }

    /** What one attempt came to, before it is recorded. */
    private record Attempt(String status, boolean retryable, String code, String message, Duration retryAfter) {
    }

    private Attempt classify(OutboxRow row, PeerResponse response, Throwable failure) {
        if (response != null && response.isSuccess()) {
            return new Attempt(OutboxRow.DELIVERED, false, null, null, null);
        }
        if (response != null) {
            int status = response.status();
            SwarmException error = response.toException(row.recipientId());
            boolean retryable = status == 408 || status == 429 || status >= 500;
            return new Attempt(retryable ? OutboxRow.PENDING : OutboxRow.FAILED, retryable, wireCode(error),
                    error.getMessage(), response.askedWait(clock.instant()).orElse(null));
        }
        if (failure instanceof SwarmException refused) {
            // the endpoint policy refused to call this peer: no retry can change that
            return new Attempt(OutboxRow.FAILED, false, refused.code().name(), refused.getMessage(), null);
        }
        SwarmException error = PeerClient.unreachable(row.recipientId(), failure);
        return new Attempt(OutboxRow.PENDING, true, error.code().name(), error.getMessage(), null);
    }

    private DeliveryResult recordDelivered(String peer, OutboxRow row, Instant at) {
        String when = Timestamps.format(at);
        String until = Timestamps.format(at.plus(lease));
        database.writeRelaxed(store -> {
            store.outbox().markDelivered(row.id(), when);
            store.outbox().extendClaims(peer, owner, until);
            return null;
        });
        stats.delivered(row, at);
        return new DeliveryResult(row.id(), row.recipientId(), OutboxRow.DELIVERED, null, null);
    }

    private DeliveryResult recordFinal(OutboxRow row, String status, String code, String message, Instant at) {
        String when = Timestamps.format(at);
        database.writeRelaxed(store -> {
            store.outbox().markAttemptFailed(row.id(), status, when, when, code, message);
            return null;
        });
        stats.ended(row, status, code, message);
        return new DeliveryResult(row.id(), row.recipientId(), status, code, message);
    }

    /** A retryable failure: the row is dead if out of attempts, else the whole peer waits and the lane ends. */
    private DeliveryResult recordRetry(String peer, OutboxRow row, Attempt attempt, Instant at) {
        int attemptsSoFar = row.attempts() + 1;
        if (policy.isExhausted(attemptsSoFar, Duration.between(Timestamps.parse(row.ageFrom()), at))) {
            String message = attempt.message() + " (gave up after " + attemptsSoFar + " attempts)";
            DeliveryResult dead = recordFinal(row, OutboxRow.DEAD, attempt.code(), message, at);
            releaseLane(peer, at);
            return dead;
        }
        Duration wait = policy.backoff(backoff.failed(peer));
        if (attempt.retryAfter() != null && attempt.retryAfter().compareTo(wait) > 0) {
            // the peer's wish counts, but only up to our cap: a wait it asked for never parks the lane longer
            wait = attempt.retryAfter().compareTo(policy.cap()) < 0 ? attempt.retryAfter() : policy.cap();
        }
        String when = Timestamps.format(at);
        String nextAttempt = Timestamps.format(at.plus(wait));
        database.writeRelaxed(store -> {
            store.outbox().markAttemptFailed(row.id(), OutboxRow.PENDING, when, nextAttempt, attempt.code(),
                    attempt.message());
            store.outbox().deferPeer(peer, owner, nextAttempt);
            return null;
        });
        stats.retried(row, attempt.code(), attempt.message());
        return new DeliveryResult(row.id(), row.recipientId(), OutboxRow.PENDING, attempt.code(), attempt.message());
    }

    /** After a row died, the rest of the lane waits for the next round instead of being sent now. */
    private void releaseLane(String peer, Instant at) {
        String next = Timestamps.format(at.plus(policy.backoff(backoff.failed(peer))));
        database.writeRelaxed(store -> {
            store.outbox().deferPeer(peer, owner, next);
            return null;
        });
    }

    private static String wireCode(SwarmException error) {
        Object peerCode = error.details() == null ? null : error.details().get("peer_code");
        return peerCode != null ? peerCode.toString() : error.code().name();
    }

    private static Throwable unwrap(Throwable failure) {
        return failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
    }
}
