package dev.swarm.node.observe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.swarm.node.crypto.Ed25519;
import dev.swarm.node.identity.AdminToken;
import dev.swarm.node.messaging.SendRequest;
import dev.swarm.node.state.Swarm;
import dev.swarm.node.support.LocalHttp;
import dev.swarm.node.support.PrometheusText;
import dev.swarm.node.support.RawClient;
import dev.swarm.node.support.TestNode;
import dev.swarm.node.support.WireMessages;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code GET /metrics}: parsed by an independent Prometheus parser, and its counters follow real traffic. */
class MetricsEndpointTest {
    @TempDir
    Path dir;

    private static PrometheusText.Parsed scrape(TestNode node) {
        try (LocalHttp http = new LocalHttp(node.home())) {
            LocalHttp.Answer answer = http.get("/metrics", Map.of("Authorization", "Bearer "
                    + AdminToken.load(node.home()).orElseThrow().value()));
            assertThat(answer.status()).isEqualTo(200);
            assertThat(answer.header("Content-Type")).startsWith("text/plain; version=0.0.4");
            return PrometheusText.parse(answer.body());
        }
    }

    @Test
    void countersMoveWithTrafficAndTheTextParses() {
        try (TestNode alice = TestNode.start(dir, "alice"); TestNode bob = TestNode.start(dir, "bob");
             RawClient raw = new RawClient()) {
            Swarm swarm = alice.node().swarms().create("team", false);
            bob.node().joins().join(alice.node().invites().issue(swarm, Duration.ofHours(1), null).url().toString());
            PrometheusText.Parsed aliceBefore = scrape(alice);
            PrometheusText.Parsed bobBefore = scrape(bob);

            for (int i = 0; i < 3; i++) {
                bob.node().messages().send(SendRequest.text(swarm.swarmId(), "alice", "hello " + i),
                        Duration.ofSeconds(5));
            }
            byte[] stranger = Ed25519.newSeed(new SecureRandom());
            RawClient.Answer refused = raw.post(alice.endpoint() + "/message", WireMessages.bytes(WireMessages.signed(
                    stranger, "mallory", "https://127.0.0.1:1/swarm", swarm.swarmId(), "alice", "message", "let me in")));
            assertThat(refused.errorCode()).isEqualTo("NOT_MEMBER");

            PrometheusText.Parsed alice1 = scrape(alice);
            assertThat(alice1.value("swarm_received_total{route=\"message\"}")
                    - aliceBefore.value("swarm_received_total{route=\"message\"}")).as("every 200, a redelivery too")
                    .isGreaterThanOrEqualTo(3);
            assertThat(alice1.value("swarm_stored_total") - aliceBefore.value("swarm_stored_total")).isEqualTo(3);
            assertThat(alice1.value("swarm_refused_total{code=\"NOT_MEMBER\",route=\"message\"}")
                    - aliceBefore.valueOrZero("swarm_refused_total{code=\"NOT_MEMBER\",route=\"message\"}"))
                    .isEqualTo(1);
            assertThat(alice1.value("swarm_inbox_messages{status=\"unread\"}")).isGreaterThanOrEqualTo(3);
            assertThat(alice1.value("swarm_members{swarm_id=\"" + swarm.swarmId() + "\"}")).isEqualTo(2);
            await("bob's deliveries are counted").atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
                PrometheusText.Parsed bob1 = scrape(bob);
                assertThat(bob1.value("swarm_deliveries_total{outcome=\"delivered\",peer=\"alice\"}")
                        - bobBefore.valueOrZero("swarm_deliveries_total{outcome=\"delivered\",peer=\"alice\"}"))
                        .isEqualTo(3);
                assertThat(bob1.value("swarm_delivery_latency_seconds_count")
                        - bobBefore.value("swarm_delivery_latency_seconds_count")).isEqualTo(3);
            });
            assertThat(alice1.types()).containsEntry("swarm_delivery_latency_seconds", "histogram")
                    .containsEntry("swarm_received", "counter").containsEntry("swarm_outbox_deliveries", "gauge")
                    .containsKeys("jvm_memory_used_bytes", "process_cpu_seconds", "jvm_threads_current");
        }
    }

    @Test
    void metricsNeedTheLocalToken() {
        try (TestNode alice = TestNode.start(dir, "alice"); LocalHttp http = new LocalHttp(alice.home())) {
            assertThat(http.get("/metrics", Map.of()).status()).isEqualTo(401);
            assertThat(http.get("/metrics", Map.of("Authorization", "Bearer " + "f".repeat(64))).status())
                    .isEqualTo(401);
            assertThat(http.get("/metrics", Map.of("Authorization", "Bearer "
                    + AdminToken.load(alice.home()).orElseThrow().value())).status()).isEqualTo(200);
        }
    }
}
