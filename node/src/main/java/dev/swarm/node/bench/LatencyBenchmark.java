package dev.swarm.node.bench;

import java.util.List;

/**
 * Latency under load: fresh signed messages posted at a fixed rate (open loop, round-robin over the
 * senders' connections), each timed from when it was due to its 200. Without a given rate the peak
 * is measured first (closed loop, as in the ingest benchmark) and half of it used.
 */
public final class LatencyBenchmark {
    private static final int PEAK_MESSAGES = 8_000;
    /** Closed-loop messages before the peak is measured (as many as ingest sends before its 16-sender level). */
    private static final int PEAK_WARMUP_MESSAGES = 24_000;

    private LatencyBenchmark() {
    }

    /** {@code peakPerSecond} is 0 when the rate was given rather than measured. */
    public record Result(double peakPerSecond, double rate, int senders, double seconds, int sent, int ok, int errors,
                         double achievedPerSecond, Stats latencyMs, String firstError) {
    }

    public static Result run(double givenRate, double seconds, double warmupSeconds, int senders) {
        if (seconds <= 0 || warmupSeconds < 0 || senders < 1 || givenRate < 0) {
            throw new IllegalArgumentException("seconds and senders must be positive");
        }
        try (IngestTarget target = IngestTarget.start(senders)) {
            Senders load = target.senders();
            double peak = 0;
            double rate = givenRate;
            if (rate == 0) {
                Load.closed(load, target.nodeEndpoint(), load.signBatches(senders, PEAK_WARMUP_MESSAGES / senders + 1));
                peak = Load.closed(load, target.nodeEndpoint(), load.signBatches(senders, PEAK_MESSAGES / senders))
                        .perSecond();
                rate = Math.max(1, peak / 2);
            }
            if (warmupSeconds > 0) {
                Load.open(load, target.nodeEndpoint(), batches(load, senders, rate, warmupSeconds), rate);
            }
            Load.Run run = Load.open(load, target.nodeEndpoint(), batches(load, senders, rate, seconds), rate);
            int sent = run.ok() + run.errors();
            return new Result(peak, rate, senders, run.seconds(), sent, run.ok(), run.errors(), run.perSecond(),
                    Stats.of(run.latenciesMs()), run.firstError());
        }
    }

    private static List<List<byte[]>> batches(Senders load, int senders, double rate, double seconds) {
        int total = (int) Math.max(1, Math.round(rate * seconds));
        return load.signBatches(senders, (total + senders - 1) / senders);
    }
}
