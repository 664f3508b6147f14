package dev.swarm.node.membership;

import dev.swarm.node.error.ErrorCode;
import dev.swarm.node.error.SwarmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Learns members this node was never told about (an older master announces joins only when configured
 * to) by asking the master ({@link JoinService#refresh}), never by trusting a sender's word. Triggered
 * when an unknown agent posts to a swarm we are in, or when we send to one. Bounded on every side: at
 * most one refresh per swarm in flight, callers meanwhile share it; a new one starts at most once per
 * {@link #MIN_INTERVAL} per swarm, so an unauthenticated stranger posting under made-up ids cannot make
 * us hammer the master; a refresh that fails on the network is retried a few times with backoff.
 */
public final class MembershipRefresh {
    static final Duration MIN_INTERVAL = Duration.ofSeconds(30);
    private static final List<Duration> RETRIES = List.of(Duration.ofSeconds(1), Duration.ofSeconds(3));
    private static final Set<ErrorCode> FINAL = Set.of(ErrorCode.NOT_AUTHORIZED, ErrorCode.INVALID_TOKEN,
            ErrorCode.TOKEN_EXPIRED, ErrorCode.TOKEN_EXHAUSTED, ErrorCode.SWARM_NOT_FOUND, ErrorCode.NOT_MASTER,
            ErrorCode.NOT_FOUND, ErrorCode.PEER_PROTOCOL_ERROR);
    private static final Logger LOG = LoggerFactory.getLogger(MembershipRefresh.class);

    private final JoinService joins;
    private final MemberDirectory directory;
    private final Clock clock;
    private final Map<String, CompletableFuture<Void>> inFlight = new ConcurrentHashMap<>();
    private final Map<String, Instant> lastStarted = new ConcurrentHashMap<>();
    private final AtomicInteger started = new AtomicInteger();

    public MembershipRefresh(JoinService joins, MemberDirectory directory, Clock clock) {
        this.joins = joins;
        this.directory = directory;
        this.clock = clock;
    }

    /**
     * Completes with whether {@code agentId} is a member of the swarm once a refresh (this one, or one
     * already in flight) is over; completes false at once when a refresh ran too recently. Never fails.
     */
    public CompletableFuture<Boolean> learn(String swarmId, String agentId) {
        CompletableFuture<Void> refresh = inFlight.computeIfAbsent(swarmId, id -> {
            Instant now = clock.instant();
            Instant last = lastStarted.get(id);
            if (last != null && Duration.between(last, now).compareTo(MIN_INTERVAL) < 0) {
                return null;
            }
            lastStarted.put(id, now);
            started.incrementAndGet();
            CompletableFuture<Void> done = new CompletableFuture<>();
            attempt(id, 0, done);
            done.whenComplete((ignored, failure) -> inFlight.remove(id, done));
            return done;
        });
        if (refresh == null) {
            return CompletableFuture.completedFuture(false);
        }
        return refresh.thenApply(ignored -> directory.reload(swarmId).flatMap(view -> view.member(agentId))
                .isPresent());
    }

    /** Refreshes started so far (for tests and status). */
    public int started() {
        return started.get();
    }

    private void attempt(String swarmId, int tried, CompletableFuture<Void> done) {
        Executor later = tried == 0 ? CompletableFuture.delayedExecutor(0, TimeUnit.MILLISECONDS)
                : CompletableFuture.delayedExecutor(RETRIES.get(tried - 1).toMillis(), TimeUnit.MILLISECONDS);
        later.execute(() -> {
            try {
                int added = joins.refresh(swarmId);
                LOG.info("member list of swarm {} refreshed from its master: {} new member(s)", swarmId, added);
                done.complete(null);
            } catch (SwarmException e) {
                if (FINAL.contains(e.code()) || tried >= RETRIES.size()) {
                    LOG.warn("cannot refresh the member list of swarm {}: {}", swarmId, e.getMessage());
                    done.complete(null);
                } else {
                    attempt(swarmId, tried + 1, done);
                }
            } catch (RuntimeException e) {
                LOG.warn("cannot refresh the member list of swarm {}: {}", swarmId, e.toString());
                done.complete(null);
            }
        });
    }
}
