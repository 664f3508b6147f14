package dev.swarm.node.bench;

import dev.swarm.node.client.PeerClient;
import dev.swarm.node.state.Swarm;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Resident memory of {@code swarm serve} in a child process started as users start it (the
 * launcher's JVM flags): once idle after start, then sampled while fresh signed messages arrive at a
 * fixed rate for a long while. Reports the samples, their trend after warm-up, and every error the
 * load met (a refused or unanswered message).
 */
public final class MemoryBenchmark {
    private static final Duration START_TIMEOUT = Duration.ofSeconds(60);
    private static final int SENDERS = 4;

    private MemoryBenchmark() {
    }

    public record Result(String launcher, double idleRssMib, double loadSeconds, double rate, long sent, long ok,
                         long errors, String firstError, double maxRssMib, Trend trend, List<Trend.Sample> samples) {
    }

    public static Result run(SwarmLauncher launcher, Duration idle, Duration load, double rate, Duration sampleEvery) {
        if (rate <= 0 || load.isNegative() || sampleEvery.isZero() || sampleEvery.isNegative()) {
            throw new IllegalArgumentException("rate and the sampling interval must be positive");
        }
        Path dir = null;
        ScheduledExecutorService sampler = Executors.newSingleThreadScheduledExecutor();
        try {
            dir = Files.createTempDirectory("swarm-bench-memory");
            BenchTls tls = BenchTls.create(dir);
            ChildNode child = ChildNode.init(launcher, dir, tls);
            Swarm swarm = child.createSwarm();
            try (Senders senders = new Senders(SENDERS, swarm.swarmId(), child.agentId(),
                    LocalCluster.clientConfig(tls)); PeerClient probe = new PeerClient(LocalCluster.clientConfig(tls),
                    "bench")) {
                child.addMembers(senders.members(swarm.createdAt()));
                Process serve = child.serve();
                try {
                    child.awaitHealthy(probe, serve, START_TIMEOUT);
                    Thread.sleep(idle.toMillis());
                    double idleRss = rss(serve);
                    List<Trend.Sample> samples = Collections.synchronizedList(new ArrayList<>());
                    long begin = System.nanoTime();
                    sampler.scheduleAtFixedRate(() -> samples.add(new Trend.Sample((System.nanoTime() - begin) / 1e9,
                            rss(serve))), 0, sampleEvery.toMillis(), TimeUnit.MILLISECONDS);
                    Counts counts = post(senders, child.endpoint(), rate, load, begin);
                    double seconds = (System.nanoTime() - begin) / 1e9;
                    sampler.shutdown();
                    sampler.awaitTermination(10, TimeUnit.SECONDS);
                    samples.add(new Trend.Sample(seconds, rss(serve)));
                    if (!serve.isAlive()) {
                        throw new IllegalStateException("swarm serve died under load: " + child.stderrTail("serve"));
                    }
                    List<Trend.Sample> copy = List.copyOf(samples);
                    double max = copy.stream().mapToDouble(Trend.Sample::rssMib).max().orElse(idleRss);
                    return new Result(launcher.description(), idleRss, seconds, rate, counts.sent(), counts.ok.get(),
                            counts.errors.get(), counts.firstError.get(), max, Trend.of(copy), copy);
                } finally {
                    ChildNode.stop(serve);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        } finally {
            sampler.shutdownNow();
            TempDirs.deleteTree(dir);
        }
    }

    private record Counts(AtomicLong sentCount, AtomicLong ok, AtomicLong errors, AtomicReference<String> firstError) {
        long sent() {
            return sentCount.get();
        }
    }

    /** Open loop at {@code rate}, signing each message just before it is due; waits for the last answers. */
    private static Counts post(Senders senders, String endpoint, double rate, Duration load, long begin)
            throws InterruptedException {
        Counts counts = new Counts(new AtomicLong(), new AtomicLong(), new AtomicLong(), new AtomicReference<>());
        AtomicInteger outstanding = new AtomicInteger();
        RatePacer pacer = new RatePacer(rate, begin);
        long end = begin + load.toNanos();
        for (long i = 0; pacer.dueNanos(i) < end; i++) {
            byte[] body = senders.sign((int) (i % senders.size()), i);
            pacer.awaitDue(i);
            outstanding.incrementAndGet();
            counts.sentCount().incrementAndGet();
            senders.client((int) (i % senders.size())).post(endpoint, "/message", body)
                    .whenComplete((response, failure) -> {
                        if (failure == null && response.isSuccess()) {
                            counts.ok().incrementAndGet();
                        } else {
                            counts.errors().incrementAndGet();
                            counts.firstError().compareAndSet(null, failure != null ? failure.toString()
                                    : "HTTP " + response.status());
                        }
                        outstanding.decrementAndGet();
                    });
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
        while (outstanding.get() > 0 && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        return counts;
    }

    private static double rss(Process process) {
        return ProcessMemory.rssMib(process.pid()).orElse(0);
    }
}
