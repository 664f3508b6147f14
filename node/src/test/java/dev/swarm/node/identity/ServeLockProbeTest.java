package dev.swarm.node.identity;

import static org.assertj.core.api.Assertions.assertThat;

import dev.swarm.node.error.SwarmException;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
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

    /**
     * A daemon rewrites its lock file as it starts (its API's address comes last). A command asking
     * meanwhile read the file between the truncation and the write, found it empty, and answered that
     * no daemon ran: {@code swarm status} said "not serving", and a command could go on without the
     * daemon's API.
     */
    @Test
    void aDaemonRewritingItsLockFileIsSeenRunningWithItsApiByEveryCommandAskingMeanwhile() throws Exception {
        SwarmHome home = new SwarmHome(dir.resolve("home"));
        Process daemon = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), LockRewriter.class.getName(), home.dir().toString())
                .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        try {
            BufferedReader out = new BufferedReader(new InputStreamReader(daemon.getInputStream(),
                    StandardCharsets.UTF_8));
            assertThat(out.readLine()).isEqualTo("held");
            int notRunning = 0;
            int withoutApi = 0;
            for (int i = 0; i < 5_000; i++) {
                if (ServeLock.holder(home).isEmpty()) {
                    notRunning++;
                }
                if (ServeLock.apiUrl(home).isEmpty()) {
                    withoutApi++;
                }
            }

            assertThat(notRunning).as("answers 'no daemon runs' out of 5,000, with one running").isZero();
            assertThat(withoutApi).as("answers without the API's address out of 5,000").isZero();
        } finally {
            daemon.getOutputStream().close();
            if (!daemon.waitFor(30, TimeUnit.SECONDS)) {
                daemon.destroyForcibly();
            }
        }
    }
}
