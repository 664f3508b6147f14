package dev.swarm.node.observe;

import dev.swarm.node.delivery.DeliveryStats;
import dev.swarm.node.error.ErrorCode;
import dev.swarm.node.messaging.Incoming;
import dev.swarm.node.protocol.Timestamps;
import dev.swarm.node.server.TrafficCounter;
import dev.swarm.node.state.Database;
import dev.swarm.node.state.OutboxRow;
import io.prometheus.metrics.core.datapoints.CounterDataPoint;
import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.IOException;
import java.io.OutputStream;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.concurrent.atomic.DoubleAdder;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The daemon's Prometheus metrics (official Java client, one registry per node, the JVM's own in
 * {@link JvmCollectors}). On the receive path they are counter increments and nothing more: a route's
 * answers and refusals by code through {@link TrafficCounter}, and stored messages through the receiver's
 * listener. Deliveries are counted per peer from {@link DeliveryStats}; sizes of the inbox and the outbox
 * and the wake log's outcomes are read from the database when scraped ({@link StoreGauges}).
 */
public final class NodeMetrics implements TrafficCounter.Routes, DeliveryStats.Listener {
    /** Queued-to-delivered seconds: from a local peer's few milliseconds to an outage of an hour. */
    static final double[] LATENCY_BUCKETS = {0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300,
            1800, 3600};

    private static final Logger LOG = LoggerFactory.getLogger(NodeMetrics.class);

    private final PrometheusRegistry registry = new PrometheusRegistry();
    private final Counter received;
    private final Counter refused;
    private final Counter stored;
    private final Counter deliveries;
    private final Histogram latency;
    private final Map<String, RouteCounter> routes = new ConcurrentHashMap<>();
    private final LongAdder deliveredTotal = new LongAdder();
    private final DoubleAdder latencySum = new DoubleAdder();
    private final PrometheusTextFormatWriter writer = PrometheusTextFormatWriter.create();
    private final StoreGauges gauges;

    public NodeMetrics(Database database, Clock clock) {
        received = Counter.builder().name("swarm_received").help("Requests to a public route answered 2xx (message: stored"
                        + " or a duplicate)").labelNames("route").withoutExemplars().register(registry);
        refused = Counter.builder().name("swarm_refused").help("Requests to a public route refused, by the wire error"
                + " code of the answer").labelNames("route", "code").withoutExemplars().register(registry);
        stored = Counter.builder().name("swarm_stored").help("Messages newly stored in the inbox (not duplicates)")
                .withoutExemplars().register(registry);
        deliveries = Counter.builder().name("swarm_deliveries").help("Delivery outcomes per peer: delivered, retried"
                + " (a retryable failure), failed (refused for good), dead (given up)").labelNames("peer", "outcome")
                .withoutExemplars().register(registry);
        latency = Histogram.builder().name("swarm_delivery_latency_seconds").help("Seconds from queueing a message to"
                + " the peer's 2xx").classicOnly().classicUpperBounds(LATENCY_BUCKETS).withoutExemplars()
                .register(registry);
        for (String route : new String[] {"message", "join", "probe"}) {
            received.initLabelValues(route);
        }
        stored.initLabelValues();
        gauges = new StoreGauges(database, clock);
        gauges.register(registry);
    }

    /** The receiver's listener: one increment per newly stored message. */
    public void stored(Incoming incoming) {
        stored.inc();
    }

    @Override
    public TrafficCounter route(String route) {
        return routes.computeIfAbsent(route, name -> new RouteCounter(name, received.labelValues(name)));
    }

    @Override
    public void delivered(OutboxRow row, Instant at) {
        deliveries.labelValues(row.recipientId(), "delivered").inc();
        double seconds = Math.max(0, Duration.between(Timestamps.parse(row.ageFrom()), at).toNanos() / 1e9);
        latency.observe(seconds);
        deliveredTotal.increment();
        latencySum.add(seconds);
    }

    @Override
    public void retried(OutboxRow row, String code, String message) {
        deliveries.labelValues(row.recipientId(), "retried").inc();
    }

    @Override
    public void ended(OutboxRow row, String status, String code, String message) {
        deliveries.labelValues(row.recipientId(), status).inc();
        LOG.atWarn().addKeyValue("code", code).addKeyValue("peer", row.recipientId())
                .addKeyValue("message_id", row.messageId()).log("delivery {}: {}", OutboxRow.DEAD.equals(status)
                        ? "given up (dead)" : "refused for good (failed)", message);
    }

    /** Writes every metric, the node's and the JVM's, in the Prometheus text format. */
    public synchronized void write(OutputStream out) throws IOException {
        gauges.refresh();
        writer.write(out, registry.scrape());
        writer.write(out, JvmCollectors.registry().scrape());
    }

    public String contentType() {
        return writer.getContentType();
    }

    /** Running totals for the dashboard's chart: stored and delivered messages, and delivery latency. */
    public record Totals(long stored, long delivered, double latencySeconds) {
    }

    public Totals totals() {
        return new Totals((long) stored.get(), deliveredTotal.sum(), latencySum.sum());
    }

    /** One route's counters, resolved once so that counting is an increment; a code's on its first refusal. */
    private final class RouteCounter implements TrafficCounter {
        private final String route;
        private final CounterDataPoint answered;
        private final AtomicReferenceArray<CounterDataPoint> byCode =
                new AtomicReferenceArray<>(ErrorCode.values().length);

        RouteCounter(String route, CounterDataPoint answered) {
            this.route = route;
            this.answered = answered;
        }

        @Override
        public void answered() {
            answered.inc();
        }

        @Override
        public void refused(ErrorCode code) {
            CounterDataPoint point = byCode.get(code.ordinal());
            if (point == null) {
                point = refused.labelValues(route, code.name());
                byCode.set(code.ordinal(), point);
            }
            point.inc();
        }
    }
}
