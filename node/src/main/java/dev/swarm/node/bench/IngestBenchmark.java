package dev.swarm.node.bench;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Ingest: fresh signed messages per second that one node accepts (parses, verifies, stores durably
 * and answers 200) from M concurrent senders over HTTP/2 with TLS, for several M. At each level the
 * same messages are first posted to the empty-handler server (the anchor), so the node's figure can
 * be read as a share of what the HTTP stack alone does on this machine in the same run. Messages are
 * signed before the clock starts: the load generator's signing is not the node's work.
 */
public final class IngestBenchmark {
    private IngestBenchmark() {
    }

    /** One concurrency level: the node's rate beside the anchor's. */
    public record Level(int senders, int messages, double seconds, double perSecond, int errors,
                        double anchorPerSecond, int anchorErrors, double ratio, double serverCpuMicros,
                        double anchorServerCpuMicros, double processCpuMicros, String firstError) {
        /**
         * The rate the node's server side could reach with every core to itself: cores divided by its
         * CPU time per message (the load generator and everything else on the machine left out).
         */
        public double serverCpuBound() {
            return serverCpuMicros == 0 ? 0 : Runtime.getRuntime().availableProcessors() * 1e6 / serverCpuMicros;
        }
    }

    /** Every level, the best one, and whether the inbox holds exactly the messages answered 200. */
    public record Result(List<Level> levels, Level peak, long answered, long stored, boolean exactlyOnce) {
    }

    public static Result run(List<Integer> levels, int messagesPerLevel, int warmupMessages) {
        if (levels.isEmpty() || levels.stream().anyMatch(l -> l < 1) || messagesPerLevel < 1 || warmupMessages < 0) {
            throw new IllegalArgumentException("levels must be at least 1 and messages positive");
        }
        int most = levels.stream().max(Integer::compare).orElseThrow();
        try (IngestTarget target = IngestTarget.start(most)) {
            long answered = 0;
            if (warmupMessages > 0) {
                int per = Math.max(1, warmupMessages / most);
                Load.closed(target.senders(), target.anchorEndpoint(), target.senders().signBatches(most, per));
                answered += Load.closed(target.senders(), target.nodeEndpoint(),
                        target.senders().signBatches(most, per)).ok();
            }
            List<Level> results = new ArrayList<>();
            for (int senders : levels) {
                int per = Math.max(1, messagesPerLevel / senders);
                List<List<byte[]>> bodies = target.senders().signBatches(senders, per);
                CpuMeter anchorCpu = CpuMeter.start();
                Load.Run anchor = Load.closed(target.senders(), target.anchorEndpoint(), bodies);
                CpuMeter.Used anchorUsed = anchorCpu.stop();
                CpuMeter nodeCpu = CpuMeter.start();
                Load.Run node = Load.closed(target.senders(), target.nodeEndpoint(), bodies);
                CpuMeter.Used nodeUsed = nodeCpu.stop();
                answered += node.ok();
                double ratio = anchor.perSecond() == 0 ? 0 : node.perSecond() / anchor.perSecond();
                results.add(new Level(senders, senders * per, node.seconds(), node.perSecond(), node.errors(),
                        anchor.perSecond(), anchor.errors(), ratio, nodeUsed.serverMicrosPer(node.ok()),
                        anchorUsed.serverMicrosPer(anchor.ok()), nodeUsed.processMicrosPer(node.ok()),
                        node.firstError() != null ? node.firstError() : anchor.firstError()));
            }
            long stored = target.stored();
            Level peak = results.stream().max(Comparator.comparingDouble(Level::perSecond)).orElseThrow();
            return new Result(results, peak, answered, stored, stored == answered);
        }
    }
}
