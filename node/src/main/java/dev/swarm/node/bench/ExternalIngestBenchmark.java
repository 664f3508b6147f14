package dev.swarm.node.bench;

import dev.swarm.node.client.PeerClient;
import dev.swarm.node.state.Swarm;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.IntStream;

/**
 * Ingest of {@code swarm serve} run as users run it (a child process through the launcher), by two
 * load generators, each beside the same node's {@code /swarm/health} rate measured by the same
 * generator in the same run: Debian's {@code wrk} posting pre-signed bodies (HTTP/1.1 over TLS, each
 * body once: {@link Wrk}), and the built-in one (OkHttp over HTTP/2, as {@code bench ingest}), with
 * {@code h2load}'s HTTP/2 health rate beside them when it is installed. The node's CPU time per
 * message is read from {@code /proc}. At the end every message answered 200 must be in the inbox,
 * once (ids are unique and the inbox keeps one row per id; each answered id is looked up).
 */
public final class ExternalIngestBenchmark {
    private static final Duration START_TIMEOUT = Duration.ofSeconds(60);

    private ExternalIngestBenchmark() {
    }

    /**
     * {@code connections} for both generators; wrk's bodies and seconds; the built-in's messages; the
     * seconds wrk posts before it is measured (HTTP/1.1's path through the node is not the built-in
     * generator's HTTP/2 one, and a node runs for days: what is measured is the compiled code).
     */
    public record Plan(int connections, int wrkThreads, int seconds, int wrkMessages, int builtInMessages,
                       int warmupMessages, int wrkWarmupSeconds) {
        public Plan {
            if (connections < 1 || wrkThreads < 1 || wrkThreads > connections || seconds < 1 || wrkMessages < wrkThreads
                    || builtInMessages < connections || warmupMessages < 0 || wrkWarmupSeconds < 0) {
                throw new IllegalArgumentException("connections, threads and seconds at least 1 (threads at most the"
                        + " connections), messages at least one per thread and connection");
            }
        }
    }

    /** One generator's figures: messages stored per second beside health's rate, and the node's CPU per message. */
    public record Generator(String name, String protocol, double messagesPerSecond, long ok, long refused,
                            long errors, double healthPerSecond, double ratio, double nodeCpuMicrosPerMessage,
                            double nodeCpuMicrosPerHealth, Double p50Ms, Double p99Ms, boolean bodiesRanOut) {
    }

    public record Result(String launcher, int connections, int wrkThreads, int seconds, List<Generator> generators,
                         Double h2loadHealthPerSecond, long answered, long stored, boolean exactlyOnce) {
    }

    public static Result run(SwarmLauncher launcher, Plan plan) {
        if (!Wrk.installed()) {
            throw new IllegalStateException("wrk is not installed (Debian: apt-get install wrk)");
        }
        Path dir = null;
        try {
            dir = Files.createTempDirectory("swarm-bench-external");
            BenchTls tls = BenchTls.create(dir);
            ChildNode child = ChildNode.init(launcher, dir, tls);
            Swarm swarm = child.createSwarm();
            try (Senders senders = new Senders(plan.connections(), swarm.swarmId(), child.agentId(),
                    LocalCluster.clientConfig(tls)); PeerClient probe = new PeerClient(LocalCluster.clientConfig(tls),
                    "bench")) {
                child.addMembers(senders.members(swarm.createdAt()));
                Process serve = child.serve();
                try {
                    child.awaitHealthy(probe, serve, START_TIMEOUT);
                    return measure(launcher, plan, dir, child, serve, senders, swarm.swarmId());
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
            TempDirs.deleteTree(dir);
        }
    }

    private static Result measure(SwarmLauncher launcher, Plan plan, Path dir, ChildNode child, Process serve,
                                  Senders senders, String swarmId) throws IOException, InterruptedException {
        String endpoint = child.endpoint();
        int per = Math.max(1, plan.builtInMessages() / plan.connections());
        if (plan.warmupMessages() > 0) {
            Load.closed(senders, endpoint, senders.signBatches(plan.connections(),
                    Math.max(1, plan.warmupMessages() / plan.connections())));
        }
        // every body is signed before anything is timed; all are used within the protocol's clock skew
        List<List<byte[]>> builtInBodies = senders.signBatches(plan.connections(), per);
        Path bodies = Files.createDirectories(dir.resolve("bodies"));
        writeBodies(senders, plan.wrkMessages(), plan.wrkThreads(), 1_000_000L, bodies);
        Set<String> answeredIds = new HashSet<>();
        if (plan.wrkWarmupSeconds() > 0) {
            // bodies of their own (sequence numbers above the measured run's), so each is new to the node
            Path warmupBodies = Files.createDirectories(dir.resolve("warmup-bodies"));
            writeBodies(senders, (int) Math.min(Integer.MAX_VALUE,
                    (long) plan.wrkMessages() * plan.wrkWarmupSeconds() / plan.seconds() + plan.wrkThreads()),
                    plan.wrkThreads(), 100_000_000L, warmupBodies);
            Path warmupAnswered = dir.resolve("warmup-answered.txt");
            Wrk.run(dir, endpoint + "/message", plan.wrkThreads(), plan.connections(), plan.wrkWarmupSeconds(),
                    warmupBodies, warmupAnswered);
            answeredIds.addAll(Files.readAllLines(warmupAnswered, StandardCharsets.US_ASCII));
        }

        long pid = serve.pid();
        double cpu = ProcessCpu.seconds(pid);
        Load.Run posted = Load.closed(senders, endpoint, builtInBodies);
        double postCpu = ProcessCpu.seconds(pid) - cpu;
        cpu = ProcessCpu.seconds(pid);
        Load.Run health = Load.closedHealth(senders, endpoint, plan.connections(), per);
        double healthCpu = ProcessCpu.seconds(pid) - cpu;
        Generator builtIn = new Generator("built-in", "HTTP/2", posted.perSecond(), posted.ok(), 0, posted.errors(),
                health.perSecond(), ratio(posted.perSecond(), health.perSecond()), micros(postCpu, posted.ok()),
                micros(healthCpu, health.ok()), null, null, false);

        cpu = ProcessCpu.seconds(pid);
        Wrk.Run wrkHealth = Wrk.run(dir, endpoint + "/health", plan.wrkThreads(), plan.connections(), plan.seconds(),
                null, null);
        double wrkHealthCpu = ProcessCpu.seconds(pid) - cpu;
        Path answeredFile = dir.resolve("answered.txt");
        cpu = ProcessCpu.seconds(pid);
        Wrk.Run wrkPosted = Wrk.run(dir, endpoint + "/message", plan.wrkThreads(), plan.connections(), plan.seconds(),
                bodies, answeredFile);
        double wrkPostCpu = ProcessCpu.seconds(pid) - cpu;
        Generator wrk = new Generator("wrk", "HTTP/1.1", wrkPosted.okPerSecond(), wrkPosted.ok(), wrkPosted.refused(),
                wrkPosted.socketErrors() + wrkPosted.timeouts(), wrkHealth.okPerSecond(),
                ratio(wrkPosted.okPerSecond(), wrkHealth.okPerSecond()), micros(wrkPostCpu, wrkPosted.ok()),
                micros(wrkHealthCpu, wrkHealth.ok()), wrkPosted.p50Ms(), wrkPosted.p99Ms(),
                wrkPosted.exhaustedThreads() > 0);

        Double h2loadHealth = H2Load.installed() ? H2Load.run(endpoint + "/health", plan.wrkThreads(),
                plan.connections(), plan.seconds()).perSecond() : null;

        ChildNode.stop(serve);
        int warmupAnswered = answeredIds.size();
        answeredIds.addAll(Files.readAllLines(answeredFile, StandardCharsets.US_ASCII));
        long answered = plan.warmupMessages() == 0 ? 0 : senders.size() * (long) Math.max(1,
                plan.warmupMessages() / plan.connections());
        answered += posted.ok() + answeredIds.size();
        ChildNode.Stored stored = child.stored(swarmId, answeredIds);
        // a wrk run that ends may leave each connection's last request stored but unanswered to wrk
        int wrkRuns = plan.wrkWarmupSeconds() > 0 ? 2 : 1;
        boolean exactlyOnce = stored.missing() == 0 && answeredIds.size() - warmupAnswered == wrkPosted.ok()
                && stored.total() >= answered && stored.total() <= answered + wrkRuns * plan.connections();
        return new Result(launcher.description(), plan.connections(), plan.wrkThreads(), plan.seconds(),
                List.of(builtIn, wrk), h2loadHealth, answered, stored.total(), exactlyOnce);
    }

    /**
     * {@code bodies-N.txt} for each wrk thread: fresh messages of every sender in turn, one JSON body a
     * line, with sequence numbers from {@code first} on.
     */
    private static void writeBodies(Senders senders, int messages, int threads, long first, Path dir) {
        int perThread = messages / threads;
        IntStream.range(0, threads).parallel().forEach(thread -> {
            try (BufferedWriter out = Files.newBufferedWriter(dir.resolve("bodies-" + thread + ".txt"),
                    StandardCharsets.UTF_8)) {
                for (int i = 0; i < perThread; i++) {
                    int sender = (thread + i * threads) % senders.size();
                    // sequence numbers above the built-in generator's, so every body differs from theirs
                    out.write(new String(senders.sign(sender, first + (long) thread * perThread + i),
                            StandardCharsets.UTF_8));
                    out.write('\n');
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }

    private static double ratio(double messages, double health) {
        return health == 0 ? 0 : messages / health;
    }

    private static double micros(double cpuSeconds, long operations) {
        return operations == 0 ? 0 : cpuSeconds * 1e6 / operations;
    }
}
