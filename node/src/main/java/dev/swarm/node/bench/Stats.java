package dev.swarm.node.bench;

import java.util.List;

/** Summary of measured durations in milliseconds. */
public record Stats(int samples, double min, double median, double p95, double max) {

    public static Stats of(List<Double> millis) {
        double[] sorted = millis.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        if (sorted.length == 0) {
            return new Stats(0, 0, 0, 0, 0);
        }
        return new Stats(sorted.length, sorted[0], percentile(sorted, 50), percentile(sorted, 95),
                sorted[sorted.length - 1]);
    }

    static double percentile(double[] sorted, int percent) {
        int index = (int) Math.ceil(percent / 100.0 * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, index))];
    }

    @Override
    public String toString() {
        return String.format("median %.1f ms, p95 %.1f ms (min %.1f, max %.1f, n=%d)", median, p95, min, max,
                samples);
    }

}
