package dev.swarm.node.bench;

import java.util.Arrays;
import java.util.List;

/** Summary of measured durations in milliseconds (nearest-rank percentiles). */
public record Stats(int samples, double min, double median, double p95, double p99, double max) {

    public static Stats of(List<Double> millis) {
        return of(millis.stream().mapToDouble(Double::doubleValue).toArray());
    }

    public static Stats of(double[] millis) {
        double[] sorted = millis.clone();
        Arrays.sort(sorted);
        if (sorted.length == 0) {
            return new Stats(0, 0, 0, 0, 0, 0);
        }
        return new Stats(sorted.length, sorted[0], percentile(sorted, 50), percentile(sorted, 95),
                percentile(sorted, 99), sorted[sorted.length - 1]);
    }

    /** The nearest-rank percentile: the smallest value at or below which {@code percent}% of the samples lie. */
    static double percentile(double[] sorted, double percent) {
        int index = (int) Math.ceil(percent / 100.0 * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, index))];
    }

    @Override
    public String toString() {
        return String.format("median %.1f ms, p95 %.1f ms, p99 %.1f ms (min %.1f, max %.1f, n=%d)", median, p95, p99,
                min, max, samples);
    }
}
