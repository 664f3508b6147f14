package dev.swarm.node.presence;

import dev.swarm.node.coordination.CoordinationConfig;
import dev.swarm.node.protocol.Timestamps;
import dev.swarm.node.state.Database;
import dev.swarm.node.state.Swarm;
import dev.swarm.node.wake.WakeService;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * On the master's node: looks every so often (a quarter of {@code stuck_after}, between one second
 * and a minute) for members that hold a claim or a lease and have been silent past {@code stuck_after}
 * ({@link WhoService}), and tells the master's agent with one urgent wake line per member and silence
 * (remembered in {@code stuck_notices}, so neither a restart nor the next look repeats it; a member
 * that acts again and falls silent again is a new silence).
 */
public final class StuckWatch implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(StuckWatch.class);

    private final String selfId;
    private final WhoService who;
    private final Database database;
    private final WakeService wake;
    private final Clock clock;
    private final Duration every;
    private final ScheduledExecutorService thread = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread worker = new Thread(runnable, "stuck-watch");
        worker.setDaemon(true);
        return worker;
    });

    public StuckWatch(String selfId, WhoService who, Database database, WakeService wake, CoordinationConfig config,
                      Clock clock) {
        this.selfId = selfId;
        this.who = who;
        this.database = database;
        this.wake = wake;
        this.clock = clock;
        Duration quarter = config.stuckAfter().dividedBy(4);
        this.every = quarter.compareTo(Duration.ofSeconds(1)) < 0 ? Duration.ofSeconds(1)
                : quarter.compareTo(Duration.ofMinutes(1)) > 0 ? Duration.ofMinutes(1) : quarter;
    }

    public StuckWatch start() {
        thread.scheduleWithFixedDelay(() -> {
            try {
                look();
            } catch (RuntimeException e) {
                LOG.warn("stuck watch: {}", e.toString());
            }
        }, every.toMillis(), every.toMillis(), TimeUnit.MILLISECONDS);
        return this;
    }

    /** One look at every swarm this node is the master of; returns how many were told. */
    int look() {
        if (wake == null) {
            return 0;
        }
        Instant now = clock.instant();
        int told = 0;
        for (Swarm swarm : database.read(store -> store.swarms().all())) {
            if (!swarm.isActive() || !swarm.master().equals(selfId)) {
                continue;
            }
            for (MemberPresence member : who.members(swarm, now, true).members()) {
                if (!member.stuck() || member.you()) {
                    continue;
                }
                boolean first = database.write(store -> store.presence().markStuckNoticed(swarm.swarmId(),
                        member.agentId(), member.silentSince(), Timestamps.format(now)));
                if (first) {
                    List<String> held = new ArrayList<>(member.claims());
                    held.addAll(member.leases());
                    wake.notice("swarm: " + member.agentId() + " holds " + String.join(", ", held)
                            + " in " + swarm.name() + " but has been silent for "
                            + words(Duration.between(Timestamps.parse(member.silentSince()), now)) + "; "
                            + wake.hint().who());
                    told++;
                }
            }
        }
        return told;
    }

    /** "40 s", "12 min", "3 h". */
    static String words(Duration silence) {
        long seconds = Math.max(0, silence.toSeconds());
        return seconds < 120 ? seconds + " s" : seconds < 7200 ? seconds / 60 + " min" : seconds / 3600 + " h";
    }

    @Override
    public void close() {
        thread.shutdownNow();
        try {
            // a tick in progress finishes before the database it reads is closed
            thread.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
