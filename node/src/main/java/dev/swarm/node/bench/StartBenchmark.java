package dev.swarm.node.bench;

import dev.swarm.node.client.PeerClient;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Start time as users feel it, with real child processes: from launching {@code swarm serve} to its
 * first 200 on {@code /health}, and the wall time of {@code swarm status --json} (started, run, exited)
 * while that daemon serves. The first runs are not measured (they create the database, and the
 * launcher may create its class-data-sharing archive then).
 */
public final class StartBenchmark {
    private static final Duration START_TIMEOUT = Duration.ofSeconds(60);

    private StartBenchmark() {
    }

    public record Result(String launcher, int runs, Stats startToHealthyMs, Stats statusMs) {
    }

    public static Result run(SwarmLauncher launcher, int runs, int warmup) {
        if (runs < 1 || warmup < 0) {
            throw new IllegalArgumentException("runs must be at least 1");
        }
        Path dir = null;
        try {
            dir = Files.createTempDirectory("swarm-bench-start");
            BenchTls tls = BenchTls.create(dir);
            ChildNode child = ChildNode.init(launcher, dir, tls);
            List<Double> start = new ArrayList<>();
            List<Double> status = new ArrayList<>();
            try (PeerClient client = new PeerClient(LocalCluster.clientConfig(tls), "bench")) {
                for (int round = 0; round < warmup + runs; round++) {
                    long begin = System.nanoTime();
                    Process serve = child.serve();
                    try {
                        long healthy = child.awaitHealthy(client, serve, START_TIMEOUT);
                        double statusMs = timeStatus(child);
                        if (round >= warmup) {
                            start.add((healthy - begin) / 1e6);
                            status.add(statusMs);
                        }
                    } finally {
                        ChildNode.stop(serve);
                    }
                }
            }
            return new Result(launcher.description(), runs, Stats.of(start), Stats.of(status));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        } finally {
            TempDirs.deleteTree(dir);
        }
    }

    private static double timeStatus(ChildNode child) throws IOException, InterruptedException {
        long begin = System.nanoTime();
        Process status = child.start("status", "--json");
        if (!status.waitFor(60, TimeUnit.SECONDS)) {
            status.destroyForcibly();
            throw new IllegalStateException("swarm status --json did not finish within a minute");
        }
        double millis = (System.nanoTime() - begin) / 1e6;
        if (status.exitValue() != 0) {
            throw new IllegalStateException("swarm status --json exited with " + status.exitValue() + ": "
                    + child.stderrTail("status"));
        }
        return millis;
    }
}
