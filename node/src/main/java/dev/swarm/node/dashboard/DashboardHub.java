package dev.swarm.node.dashboard;

import dev.swarm.node.observe.NodeMetrics;
import dev.swarm.node.observe.RateHistory;
import dev.swarm.node.protocol.Json;
import io.javalin.http.sse.SseClient;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps open browsers up to date over server-sent events, on one thread of its own. While a browser
 * is connected it looks four times a second whether anything moved (the metrics' running totals:
 * reading counters, no database), and re-renders the panels when something did, or every
 * {@link #REFRESH} anyway (a read mark, a wake); a panel goes out only when its HTML changed. With no
 * browser connected it only samples the chart's history. Nothing is added to the receive path.
 */
final class DashboardHub implements AutoCloseable {
    static final Duration TICK = Duration.ofMillis(250);
    static final Duration REFRESH = Duration.ofSeconds(2);
    static final Duration HEARTBEAT = Duration.ofSeconds(15);
    private static final Logger LOG = LoggerFactory.getLogger(DashboardHub.class);

    private final List<Panel> panels;
    private final NodeMetrics metrics;
    private final RateHistory history;
    private final Clock clock;
    private final Set<SseClient> clients = ConcurrentHashMap.newKeySet();
    private final Map<SseClient, java.util.function.BooleanSupplier> allowed = new ConcurrentHashMap<>();
    private final Map<String, String> sent = new HashMap<>();
    private final Map<String, Instant> renderedAt = new HashMap<>();
    private final ScheduledExecutorService thread = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread t = new Thread(runnable, "dashboard");
        t.setDaemon(true);
        return t;
    });
    private NodeMetrics.Totals seen;
    private Instant lastRefresh = Instant.EPOCH;
    private Instant lastSample = Instant.EPOCH;
    private Instant lastHeartbeat = Instant.EPOCH;

    DashboardHub(List<Panel> panels, NodeMetrics metrics, RateHistory history, Clock clock) {
        this.panels = panels;
        this.metrics = metrics;
        this.history = history;
        this.clock = clock;
    }

    DashboardHub start() {
        thread.scheduleWithFixedDelay(this::tick, 0, TICK.toMillis(), TimeUnit.MILLISECONDS);
        return this;
    }

    /** Every panel's HTML now, for the page itself. */
    Map<Panel, String> renderAll() {
        Map<Panel, String> all = new LinkedHashMap<>();
        panels.forEach(panel -> all.put(panel, safeRender(panel)));
        return all;
    }

    /**
     * A browser connected: it gets every panel at once (the page it loaded may be a moment old), then
     * changes, for as long as {@code stillAllowed} (its session) holds, checked at each heartbeat.
     */
    void join(SseClient client, java.util.function.BooleanSupplier stillAllowed) {
        client.keepAlive();
        allowed.put(client, stillAllowed);
        client.onClose(() -> {
            clients.remove(client);
            allowed.remove(client);
        });
        thread.execute(() -> {
            for (Panel panel : panels) {
                String html = sent.computeIfAbsent(panel.id(), id -> safeRender(panel));
                send(client, panel.id(), html);
            }
            clients.add(client);
        });
    }

    private void tick() {
        try {
            Instant now = clock.instant();
            if (Duration.between(lastSample, now).compareTo(RateHistory.STEP) >= 0) {
                history.sample(metrics.totals(), now);
                lastSample = now;
            }
            clients.removeIf(SseClient::terminated);
            if (clients.isEmpty()) {
                sent.clear();
                return;
            }
            NodeMetrics.Totals totals = metrics.totals();
            boolean moved = !totals.equals(seen);
            if (moved || Duration.between(lastRefresh, now).compareTo(REFRESH) >= 0) {
                seen = totals;
                lastRefresh = now;
                refresh(now);
            }
            if (Duration.between(lastHeartbeat, now).compareTo(HEARTBEAT) >= 0) {
                lastHeartbeat = now;
                for (SseClient client : clients) {
                    if (allowed.getOrDefault(client, () -> false).getAsBoolean()) {
                        client.sendComment("alive");
                    } else {
                        clients.remove(client);
                        client.close();
                    }
                }
            }
        } catch (RuntimeException e) {
            LOG.warn("dashboard update failed: {}", e.toString());
        }
    }

    private void refresh(Instant now) {
        for (Panel panel : panels) {
            Instant last = renderedAt.get(panel.id());
            if (last != null && Duration.between(last, now).compareTo(panel.every()) < 0) {
                continue;
            }
            renderedAt.put(panel.id(), now);
            String html = safeRender(panel);
            if (!html.equals(sent.get(panel.id()))) {
                sent.put(panel.id(), html);
                clients.forEach(client -> send(client, panel.id(), html));
            }
        }
    }

    private static void send(SseClient client, String id, String html) {
        if (!client.terminated()) {
            client.sendEvent("panel", Json.toText(Map.of("id", id, "html", html)));
        }
    }

    private static String safeRender(Panel panel) {
        try {
            return panel.render();
        } catch (RuntimeException e) {
            LOG.warn("dashboard panel {} failed: {}", panel.id(), e.toString());
            return new Html().element("p", "error", "This panel cannot be shown: " + e.getMessage()).toString();
        }
    }

    @Override
    public void close() {
        thread.shutdownNow();
        for (SseClient client : clients) {
            try {
                client.close();
            } catch (RuntimeException e) {
                // the browser went away already
            }
        }
        clients.clear();
    }
}
