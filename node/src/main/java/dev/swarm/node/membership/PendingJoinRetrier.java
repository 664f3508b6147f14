package dev.swarm.node.membership;

import dev.swarm.node.error.ErrorCode;
import dev.swarm.node.error.SwarmException;
import dev.swarm.node.state.Database;
import dev.swarm.node.state.PendingJoin;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * While {@code swarm serve} runs, asks again for every join that is waiting for a master's approval,
 * so an approved agent becomes a member without anyone re-running {@code swarm join}. A final refusal
 * (denied, token expired or revoked, swarm gone) ends the wait; being unreachable does not.
 */
public final class PendingJoinRetrier implements AutoCloseable {
    static final Duration INTERVAL = Duration.ofSeconds(30);
    private static final Set<ErrorCode> FINAL = Set.of(ErrorCode.NOT_AUTHORIZED, ErrorCode.INVALID_TOKEN,
            ErrorCode.TOKEN_EXPIRED, ErrorCode.TOKEN_EXHAUSTED, ErrorCode.SWARM_NOT_FOUND, ErrorCode.NOT_MASTER);
    private static final Logger LOG = LoggerFactory.getLogger(PendingJoinRetrier.class);

    private final Database database;
    private final JoinService joins;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "pending-joins");
        thread.setDaemon(true);
        return thread;
    });

    public PendingJoinRetrier(Database database, JoinService joins) {
        this.database = database;
        this.joins = joins;
    }

    public PendingJoinRetrier start() {
        timer.scheduleWithFixedDelay(this::retryAll, 5, INTERVAL.toSeconds(), TimeUnit.SECONDS);
        return this;
    }

    void retryAll() {
        List<PendingJoin> waiting = database.read(store -> store.pendingJoins().all());
        for (PendingJoin join : waiting) {
            try {
                JoinService.Result result = joins.join(join.inviteToken());
                if ("joined".equals(result.status())) {
                    LOG.info("joined swarm {} ({}): {} approved the request", result.name(), result.swarmId(),
                            result.master());
                }
            } catch (SwarmException e) {
                if (FINAL.contains(e.code())) {
                    LOG.warn("gave up joining swarm {}: {}", join.swarmId(), e.getMessage());
                    database.write(store -> {
                        store.pendingJoins().delete(join.swarmId());
                        return null;
                    });
                }
            } catch (RuntimeException e) {
                LOG.warn("could not retry joining swarm {}: {}", join.swarmId(), e.toString());
            }
        }
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
