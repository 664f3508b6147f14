package dev.swarm.node.identity;

import static org.assertj.core.api.Assertions.assertThat;

import dev.swarm.node.error.SwarmException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every command asks whether a daemon serves this identity ({@link ServeLock#holder}): a send leaves
 * delivery to that daemon, {@code swarm status} reports it. Asking must neither make a daemon appear
 * that is not running (a send would then leave its message to nobody) nor keep one from starting.
 * Commands ask at the same time whenever scripts or agents run several at once.
 */
class ServeLockProbeTest {
    @TempDir
    Path dir;

    @Test
    void commandsAskingAtTheSameTimeNeverSeeADaemonThatIsNotRunning() throws Exception {
        SwarmHome home = new SwarmHome(dir.resolve("home"));
        ServeLock.acquire(home, "an earlier swarm serve, since stopped").close();
        AtomicInteger seen = new AtomicInteger();
        ExecutorService commands = Executors.newFixedThreadPool(4);
        try {
            List<Future<?>> asking = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                asking.add(commands.submit(() -> {
                    for (int i = 0; i < 1_000; i++) {
                        if (ServeLock.holder(home).isPresent()) {
                            seen.incrementAndGet();
                        }
                    }
                }));
            }
            for (Future<?> each : asking) {
                each.get();
            }
        } finally {
            commands.shutdownNow();
        }

        assertThat(seen).as("answers 'a daemon is running' out of 4,000, with none running").hasValue(0);
    }

    @Test
    void aDaemonStartsWhileACommandAsksWhetherOneRuns() throws Exception {
        SwarmHome home = new SwarmHome(dir.resolve("home"));
        ServeLock.acquire(home, "an earlier swarm serve, since stopped").close();
        AtomicBoolean done = new AtomicBoolean();
        ExecutorService command = Executors.newSingleThreadExecutor();
        int refused = 0;
        try {
            Future<?> asking = command.submit(() -> {
                while (!done.get()) {
                    ServeLock.holder(home);
                }
            });
            for (int i = 0; i < 2_000; i++) {
                try (ServeLock lock = ServeLock.acquire(home, "swarm serve " + i)) {
                    assertThat(lock).isNotNull();
                } catch (SwarmException e) {
                    refused++;
                }
            }
            done.set(true);
            asking.get();
        } finally {
            done.set(true);
            command.shutdownNow();
        }

        assertThat(refused).as("starts refused as 'already running' out of 2,000, with no daemon running").isZero();
    }
}
