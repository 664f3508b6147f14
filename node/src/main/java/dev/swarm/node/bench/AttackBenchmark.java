package dev.swarm.node.bench;

import dev.swarm.node.client.ClientConfig;
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
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * A node under each attack of the exposure issue while a member posts at a fixed rate: {@code swarm
 * serve} runs as a child process (the launcher's flags, optionally a heap limit), the attacker in
 * another, at a lower CPU priority ({@link AttackProcess}), from loopback addresses of its own. After a closed-loop warm-up of the
 * member's messages (not measured), first a baseline without attack, then
 * each attack for a while and a few seconds after it; for each phase the member's latency and
 * refusals, the answer time of {@code /health}, the node's resident memory and heap (sampled with
 * {@code jstat}), and what the node answered the attacker. At the end the node must be alive and
 * its inbox must hold exactly the member's accepted messages: nothing of the attacker's.
 */
public final class AttackBenchmark {
    private static final Duration START_TIMEOUT = Duration.ofSeconds(60);
    /** After an attack stops, the phase goes on this long: what the attack leaves behind counts too. */
    static final Duration RECOVERY = Duration.ofSeconds(3);
    private static final Duration LIVE_TIMEOUT = Duration.ofSeconds(30);
    private static final String MEMBER_ENDPOINT = "https://127.0.0.1:9/swarm";

    private AttackBenchmark() {
    }

    /**
     * What to run: which attacks, how long each, the member's rate, the attacker's addresses, the
     * node's heap; {@code liveEvery} is how often the node's live heap is measured after a full
     * collection asked of it (zero: never, since the collection pauses the node).
     */
    public record Plan(List<AttackKind> attacks, int warmupMessages, Duration baseline, Duration perAttack, double rate,
                       int addresses, Duration sampleEvery, String nodeHeap, Duration liveEvery) {
        public Plan {
            if (warmupMessages < 0 || rate <= 0 || perAttack.isNegative() || perAttack.isZero() || baseline.isNegative()
                    || sampleEvery.isNegative() || sampleEvery.isZero()) {
                throw new IllegalArgumentException("rate, the attack time and the sampling interval must be positive");
            }
            if (liveEvery.isNegative()) {
                throw new IllegalArgumentException("the live heap's interval is a number of seconds, 0 for never");
            }
            if (nodeHeap != null && !nodeHeap.matches("[1-9][0-9]*[mMgG]")) {
                throw new IllegalArgumentException("the node's heap is a size such as 512m or 2g");
            }
            attacks = List.copyOf(attacks);
            AttackTarget.loopbackAddresses(addresses);
        }
    }

    /**
     * One phase: the baseline or an attack (and {@link #RECOVERY} after it). {@code nodeCpuCores} is
     * the node's CPU time over the phase's wall time: how many of the machine's cores it used (the
     * attacker and the member run on the same machine and take the rest).
     */
    public record Phase(String name, double seconds, long memberSent, long memberOk, long memberRefused,
                        long memberFailed, String memberFirstError, Stats memberLatencyMs, long healthProbes,
                        long healthFailures, Stats healthMs, double nodeCpuCores, double rssMaxMib, double rssEndMib, Double heapUsedMaxMib,
                        Double oldGenEndMib, Trend rssTrend, Trend oldGenTrend, Double liveEndMib, Trend liveTrend,
                        Map<String, Long> attack, String attackerError) {
    }

    /** One memory reading of the node; the heap figures are null without {@code jstat}. */
    public record Sample(double seconds, String phase, double rssMib, Double heapUsedMib, Double oldGenMib,
                         Double heapCapacityMib) {
    }

    /** The heap left after a full collection the benchmark asked of the node, and the heap's size then. */
    public record LiveSample(double seconds, String phase, double liveMib, double capacityMib) {
    }

    /** {@code memberAccepted} counts the warm-up's messages too, and those sent after the last phase. */
    public record Result(String launcher, String nodeHeap, double rate, List<String> attackerAddresses,
                         List<Phase> phases, List<Sample> samples, List<LiveSample> live, boolean nodeAlive, long memberAccepted,
                         long stored, boolean onlyMembersStored, String nodeError) {
    }

    public static Result run(SwarmLauncher launcher, Plan plan) {
        Path dir = null;
        // two threads: a full collection asked of the node must not hold up the memory samples
        ScheduledExecutorService sampler = Executors.newScheduledThreadPool(2);
        try {
            dir = Files.createTempDirectory("swarm-bench-attack");
            BenchTls tls = BenchTls.create(dir);
            ChildNode child = ChildNode.init(launcher, dir, tls);
            Swarm swarm = child.createSwarm();
            ClientConfig member = new ClientConfig(tls.caFile(), false, Duration.ofSeconds(5), Duration.ofSeconds(10),
                    "loopback");
            // the member's node is on this host and posts from its endpoint's address, 127.0.0.1, as an
            // installed node posts from the address its name resolves to
            try (Senders bob = new Senders(1, swarm.swarmId(), child.agentId(), member, MEMBER_ENDPOINT);
                 PeerClient probe = new PeerClient(member, "bench-probe")) {
                child.addMembers(bob.members(swarm.createdAt()));
                List<String> flags = plan.nodeHeap() == null ? List.of() : List.of("-Xmx" + plan.nodeHeap());
                Process serve = child.serve(flags);
                try {
                    child.awaitHealthy(probe, serve, START_TIMEOUT);
                    // the receive path compiled by the JIT before anything is measured, as on a node that has run a while
                    long warmedUp = plan.warmupMessages() == 0 ? 0 : Load.closed(bob, child.endpoint(),
                            bob.signBatches(1, plan.warmupMessages())).ok();
                    AttackTarget target = new AttackTarget(child.port(), child.endpoint(), tls.caFile(),
                            swarm.swarmId(), child.agentId(), AttackTarget.loopbackAddresses(plan.addresses()));
                    Run run = new Run(serve, JvmHeap.watch(serve.pid(), plan.sampleEvery().toMillis()));
                    sampler.scheduleAtFixedRate(run::sample, 0, plan.sampleEvery().toMillis(), TimeUnit.MILLISECONDS);
                    if (!plan.liveEvery().isZero()) {
                        sampler.scheduleWithFixedDelay(run::measureLive, plan.liveEvery().toMillis(),
                                plan.liveEvery().toMillis(), TimeUnit.MILLISECONDS);
                    }
                    MemberLoad load = new MemberLoad(bob, probe, child.endpoint(), plan.rate());
                    List<Phase> phases = attack(plan, target, load, run);
                    sampler.shutdown();
                    sampler.awaitTermination(10, TimeUnit.SECONDS);
                    run.heap.ifPresent(JvmHeap::close);
                    boolean alive = serve.isAlive();
                    String error = alive ? null : child.stderrTail("serve");
                    ChildNode.stop(serve);
                    long stored = child.storedMessages();
                    long accepted = warmedUp + load.ok();
                    return new Result(launcher.description(), plan.nodeHeap(), plan.rate(), target.addresses(), phases,
                            List.copyOf(run.samples), List.copyOf(run.live), alive, accepted, stored, alive && stored == accepted, error);
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

    /** The node's process and what is sampled from it, labelled with the phase running at the time. */
    private static final class Run {
        final Process serve;
        final Optional<JvmHeap> heap;
        final List<Sample> samples = Collections.synchronizedList(new ArrayList<>());
        final List<LiveSample> live = Collections.synchronizedList(new ArrayList<>());
        final long begin = System.nanoTime();
        volatile String phase = "baseline";

        Run(Process serve, Optional<JvmHeap> heap) {
            this.serve = serve;
            this.heap = heap;
        }

        void sample() {
            double rss = ProcessMemory.rssMib(serve.pid()).orElse(0);
            Optional<JvmHeap.Reading> reading = heap.flatMap(JvmHeap::latest);
            samples.add(new Sample((System.nanoTime() - begin) / 1e9, phase, rss,
                    reading.map(JvmHeap.Reading::usedMib).orElse(null),
                    reading.map(JvmHeap.Reading::oldUsedMib).orElse(null),
                    reading.map(JvmHeap.Reading::capacityMib).orElse(null)));
        }

        void measureLive() {
            String during = phase;
            JvmHeap.afterFullCollection(serve.pid(), LIVE_TIMEOUT).ifPresent(reading -> live.add(new LiveSample(
                    (System.nanoTime() - begin) / 1e9, during, reading.usedMib(), reading.capacityMib())));
        }

        List<Sample> of(String name) {
            synchronized (samples) {
                return samples.stream().filter(s -> s.phase().equals(name)).toList();
            }
        }

        List<LiveSample> liveOf(String name) {
            synchronized (live) {
                return live.stream().filter(s -> s.phase().equals(name)).toList();
            }
        }
    }

    private static List<Phase> attack(Plan plan, AttackTarget target, MemberLoad load, Run run)
            throws InterruptedException {
        List<Phase> phases = new ArrayList<>();
        load.start();
        try {
            if (!plan.baseline().isZero()) {
                long start = System.nanoTime();
                double cpu = ProcessCpu.seconds(run.serve.pid());
                Thread.sleep(plan.baseline().toMillis());
                phases.add(phase("baseline", start, cpu, load.next(), run, Map.of(), null));
            } else {
                load.next();
            }
            for (AttackKind kind : plan.attacks()) {
                if (!run.serve.isAlive()) {
                    break;
                }
                run.phase = kind.wireName();
                long start = System.nanoTime();
                double cpu = ProcessCpu.seconds(run.serve.pid());
                Process attacker = AttackProcess.start(kind, target, plan.perAttack().toSeconds());
                AttackProcess.Report report;
                try {
                    report = AttackProcess.await(attacker, plan.perAttack().toSeconds());
                } finally {
                    attacker.destroyForcibly();
                }
                Thread.sleep(RECOVERY.toMillis());
                phases.add(phase(kind.wireName(), start, cpu, load.next(), run, report.counters(),
                        report.firstFailure()));
            }
        } finally {
            load.close();
        }
        return phases;
    }

    private static Phase phase(String name, long start, double cpuAtStart, MemberLoad.Window window, Run run,
                               Map<String, Long> attack, String attackerError) throws InterruptedException {
        double seconds = (System.nanoTime() - start) / 1e9;
        double cores = (ProcessCpu.seconds(run.serve.pid()) - cpuAtStart) / seconds;
        // the slowest answers are the ones that matter: wait for them (the member's client gives up at 10 s)
        window.awaitAnswered(15_000);
        List<Sample> samples = run.of(name);
        List<Trend.Sample> rss = samples.stream().map(s -> new Trend.Sample(s.seconds(), s.rssMib())).toList();
        List<Trend.Sample> old = samples.stream().filter(s -> s.oldGenMib() != null)
                .map(s -> new Trend.Sample(s.seconds(), s.oldGenMib())).toList();
        List<Trend.Sample> live = run.liveOf(name).stream().map(s -> new Trend.Sample(s.seconds(), s.liveMib())).toList();
        Double heapMax = samples.stream().filter(s -> s.heapUsedMib() != null).mapToDouble(Sample::heapUsedMib).boxed()
                .max(Double::compare).orElse(null);
        synchronized (window) {
            return new Phase(name, seconds, window.sent, window.ok, window.refused, window.failed, window.firstError,
                    Stats.of(window.latencyMs), window.healthMs.size() + window.healthFailures, window.healthFailures,
                    Stats.of(window.healthMs), Math.max(0, cores), rss.stream().mapToDouble(Trend.Sample::rssMib).max().orElse(0),
                    rss.isEmpty() ? 0 : rss.get(rss.size() - 1).rssMib(), heapMax,
                    old.isEmpty() ? null : old.get(old.size() - 1).rssMib(), Trend.of(rss),
                    old.isEmpty() ? null : Trend.of(old), live.isEmpty() ? null : live.get(live.size() - 1).rssMib(),
                    live.isEmpty() ? null : Trend.of(live), attack, attackerError);
        }
    }
}
