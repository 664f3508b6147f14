package dev.swarm.node.bench;

import java.util.List;

/**
 * Whether a series of memory samples grows: a least-squares line through the samples after a
 * warm-up share of the run (the heap grows to its working size first, the JIT fills its code cache),
 * judged flat when the line's rise over the fitted span stays within a tolerance of
 * {@value #TOLERANCE_MIB} MiB or {@value #TOLERANCE_SHARE} of the mean, whichever is larger.
 */
public record Trend(int fittedSamples, double slopeMibPerMinute, double riseMib, double meanMib, boolean flat) {
    static final double TOLERANCE_MIB = 10;
    static final double TOLERANCE_SHARE = 0.05;
    static final double WARMUP_SHARE = 0.2;

    /** One measurement: seconds since the load started, resident MiB. */
    public record Sample(double seconds, double rssMib) {
    }

    public static Trend of(List<Sample> samples) {
        if (samples.isEmpty()) {
            return new Trend(0, 0, 0, 0, true);
        }
        double end = samples.get(samples.size() - 1).seconds();
        double from = samples.get(0).seconds() + WARMUP_SHARE * (end - samples.get(0).seconds());
        List<Sample> fitted = samples.stream().filter(s -> s.seconds() >= from).toList();
        int n = fitted.size();
        double meanX = fitted.stream().mapToDouble(Sample::seconds).average().orElse(0);
        double meanY = fitted.stream().mapToDouble(Sample::rssMib).average().orElse(0);
        double sxy = 0;
        double sxx = 0;
        for (Sample s : fitted) {
            sxy += (s.seconds() - meanX) * (s.rssMib() - meanY);
            sxx += (s.seconds() - meanX) * (s.seconds() - meanX);
        }
        double slope = sxx == 0 ? 0 : sxy / sxx;
        double span = n < 2 ? 0 : fitted.get(n - 1).seconds() - fitted.get(0).seconds();
        double rise = slope * span;
        boolean flat = rise <= Math.max(TOLERANCE_MIB, TOLERANCE_SHARE * meanY);
        return new Trend(n, slope * 60, rise, meanY, flat);
    }
}
