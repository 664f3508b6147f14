package dev.swarm.node.observe;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * The last few minutes of traffic for the dashboard's chart: every {@link #STEP} a sample of the
 * metrics' running totals becomes one point (messages stored and delivered per minute, and the mean
 * delivery latency of that step). Sampled by the dashboard's own thread; nothing on the receive path.
 */
public final class RateHistory {
    public static final Duration STEP = Duration.ofSeconds(10);
    public static final int POINTS = 60;

    /** One step: its end, messages per minute received (stored) and delivered, mean latency (null: none delivered). */
    public record Point(Instant at, double receivedPerMinute, double deliveredPerMinute, Double latencySeconds) {
    }

    private final Deque<Point> points = new ArrayDeque<>();
    private NodeMetrics.Totals previous;
    private Instant previousAt;

    /** Adds the step ending now from the totals now; the first call only sets the start. */
    public synchronized void sample(NodeMetrics.Totals totals, Instant now) {
        if (previous != null && now.isAfter(previousAt)) {
            double minutes = Duration.between(previousAt, now).toMillis() / 60_000.0;
            long delivered = totals.delivered() - previous.delivered();
            Double latency = delivered > 0 ? (totals.latencySeconds() - previous.latencySeconds()) / delivered : null;
            points.addLast(new Point(now, (totals.stored() - previous.stored()) / minutes, delivered / minutes, latency));
            while (points.size() > POINTS) {
                points.removeFirst();
            }
        }
        previous = totals;
        previousAt = now;
    }

    public synchronized List<Point> points() {
        return new ArrayList<>(points);
    }
}
