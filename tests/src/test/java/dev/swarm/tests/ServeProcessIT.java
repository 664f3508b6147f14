package dev.swarm.tests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.swarm.node.error.ErrorCode.ExitCodes;
import dev.swarm.node.protocol.Json;
import dev.swarm.node.support.FreePort;
import dev.swarm.node.support.RawClient;
import dev.swarm.node.support.Schemas;
import dev.swarm.node.support.TestCa;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import okhttp3.Protocol;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code swarm serve} as the daemon it is in production: a separate operating-system process
 * started with only SWARM_HOME, stopped with SIGTERM. The other commands run in this JVM against
 * the same SWARM_HOME, as a user's shell beside the daemon would.
 */
class ServeProcessIT {
    /** Generous: a JVM starting on a busy two-core machine. Nothing here measures speed. */
    private static final Duration START = Duration.ofSeconds(90);
    private static final Duration STOP = Duration.ofSeconds(30);

    @TempDir
    Path root;

    private Path home;
    private int port;
    private TestCa.ServerFiles tls;
    private Cli shell;

    @BeforeEach
    void initialiseTheNode() {
        home = root.resolve("daemon-home");
        port = FreePort.next();
        tls = TestCa.get().issue(root.resolve("tls"));
        shell = new Cli("daemon", Map.of("SWARM_HOME", home.toString(),
                "SWARM_CA_FILE", TestCa.get().caFile().toString()));
        JsonNode init = shell.json("init", "--agent-id", "daemon", "--endpoint", endpoint());
        assertThat(init.get("agent_id").asText()).isEqualTo("daemon");
        assertThat(shell.json("status").get("serving").get("running").asBoolean()).isFalse();
        Map<String, JsonNode> settings = new HashMap<>();
        shell.json("config").get("settings").forEach(s -> settings.put(s.get("key").asText(), s));
        assertThat(settings.get("agent_id").get("value").asText()).isEqualTo("daemon");
        assertThat(settings.get("agent_id").get("source").asText()).isEqualTo("file");
        assertThat(settings.get("ca_file").get("value").asText()).isEqualTo(TestCa.get().caFile().toString());
        assertThat(settings.get("ca_file").get("source").asText()).isEqualTo("env");
    }

    @Test
    void aServeProcessAnswersHealthOverTlsAndStatusReportsItServing() {
        try (ServeProcess serve = startServe("serve", port); RawClient http = new RawClient()) {
            RawClient.Answer health = awaitHealthy(serve, http);

            assertThat(health.protocol()).isEqualTo(Protocol.HTTP_2);
            Schemas.assertValid("health.schema.json", health.body());
            assertThat(health.json().get("status").asText()).isEqualTo("healthy");
            assertThat(health.json().get("agent_id").asText()).isEqualTo("daemon");
            assertThat(health.json().get("protocol_version").asText()).isEqualTo("0.1.0");

            String announced = await("serve prints what it listens on").atMost(START)
                    .until(serve::stdout, out -> !out.isBlank());
            Schemas.assertValid("cli/serve.schema.json", announced);
            JsonNode serving = Json.readTree(announced);
            assertThat(serving.get("status").asText()).isEqualTo("serving");
            assertThat(serving.get("agent_id").asText()).isEqualTo("daemon");
            assertThat(serving.get("endpoint").asText()).isEqualTo(endpoint());
            assertThat(serving.get("listen").asText()).isEqualTo("https://127.0.0.1:" + port);
            assertThat(serving.get("tls").asBoolean()).isTrue();

            JsonNode status = shell.json("status");
            assertThat(status.get("serving").get("running").asBoolean()).isTrue();
            assertThat(status.get("serving").get("detail").asText()).contains("pid " + serve.pid());
        }
    }

    @Test
    void aSecondServeOnTheSameHomeIsRefusedWithExitCodeSeven() {
        try (ServeProcess serve = startServe("serve", port); RawClient http = new RawClient()) {
            awaitHealthy(serve, http);

            // another port, so only the one-daemon-per-identity rule can refuse it
            try (ServeProcess second = startServe("serve-again", FreePort.next())) {
                assertThat(second.awaitExit(START)).as("second serve ends by itself: %s", second).isTrue();
                assertThat(second.exitValue()).as("%s", second).isEqualTo(ExitCodes.STATE);
                Schemas.assertValid("cli/error.schema.json", second.stdout());
                JsonNode error = Json.readTree(second.stdout()).get("error");
                assertThat(error.get("code").asText()).isEqualTo("CONFLICT");
                assertThat(error.get("message").asText()).contains("already running").contains("pid " + serve.pid());
            }

            assertThat(serve.isAlive()).isTrue();
            assertThat(http.get(endpoint() + "/health").status()).isEqualTo(200);
        }
    }

    @Test
    void sigtermStopsServeGracefullyAndStatusThenReportsNotServing() {
        try (ServeProcess serve = startServe("serve", port); RawClient http = new RawClient()) {
            awaitHealthy(serve, http);

            serve.terminate();

            assertThat(serve.awaitExit(STOP)).as("serve stops after SIGTERM: %s", serve).isTrue();
            assertThat(serve.exitValue()).as("%s", serve).isIn(0, 128 + 15);
            assertThat(serve.stderr()).doesNotContain("Exception");
            assertThat(Json.readTree(serve.stdout()).get("status").asText())
                    .as("stdout stays one JSON document").isEqualTo("serving");
            assertThat(shell.json("status").get("serving").get("running").asBoolean()).isFalse();
            assertThatThrownBy(() -> http.get(endpoint() + "/health")).isInstanceOf(UncheckedIOException.class);
        }
    }

    @Test
    void sigtermLosesNoMessageThatServeAcknowledged() throws Exception {
        String swarmId = shell.json("create", "--name", "ops").get("swarm_id").asText();
        String invite = shell.json("invite").get("invite_token").asText();
        try (ServeProcess serve = startServe("serve", port); RawClient http = new RawClient();
             LegacyPeer py = LegacyPeer.start(root.resolve("py"), "py")) {
            awaitHealthy(serve, http);
            assertThat(py.join(invite.substring(invite.indexOf("?token=") + 7)).status()).isEqualTo(200);

            // four senders post as fast as they can until the server goes away
            List<String> acknowledged = new CopyOnWriteArrayList<>();
            ExecutorService senders = Executors.newFixedThreadPool(4);
            List<Future<?>> running = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                running.add(senders.submit(() -> {
                    for (int i = 0; i < 2_000; i++) {
                        ObjectNode message = py.envelope(swarmId, "daemon", "message", "status report " + i);
                        RawClient.Answer answer;
                        try {
                            answer = py.send(endpoint(), message);
                        } catch (UncheckedIOException serverGone) {
                            return;
                        }
                        if (answer.status() == 200) {
                            acknowledged.add(message.get("message_id").asText());
                        }
                    }
                }));
            }
            await("some messages acknowledged").atMost(START).until(() -> acknowledged.size() >= 20);

            serve.terminate();

            assertThat(serve.awaitExit(STOP)).as("serve stops after SIGTERM: %s", serve).isTrue();
            for (Future<?> sender : running) {
                sender.get();
            }
            senders.shutdown();
            JsonNode inbox = shell.json("messages", "--status", "all", "--limit", "100000", "--no-mark-read");
            Set<String> stored = new HashSet<>();
            inbox.get("messages").forEach(m -> stored.add(m.get("message_id").asText()));
            assertThat(stored).as("every message answered 200 is in the inbox").containsAll(acknowledged);
        }
    }

    @Test
    void aServeThatWasKilledLeavesNoStaleLockBehind() {
        try (ServeProcess crashed = startServe("crashed", port); RawClient http = new RawClient()) {
            awaitHealthy(crashed, http);
            crashed.kill();
            assertThat(crashed.awaitExit(STOP)).as("%s", crashed).isTrue();

            assertThat(shell.json("status").get("serving").get("running").asBoolean()).isFalse();
            try (ServeProcess restarted = startServe("restarted", port)) {
                RawClient.Answer health = awaitHealthy(restarted, http);
                assertThat(health.json().get("agent_id").asText()).isEqualTo("daemon");
                assertThat(shell.json("status").get("serving").get("detail").asText())
                        .contains("pid " + restarted.pid());
            }
        }
    }

    private ServeProcess startServe(String name, int listenPort) {
        return ServeProcess.start(root.resolve("logs"), name, Map.of("SWARM_HOME", home.toString()),
                "serve", "--listen", "127.0.0.1:" + listenPort, "--tls-cert", tls.certificate().toString(),
                "--tls-key", tls.key().toString(), "--json");
    }

    private RawClient.Answer awaitHealthy(ServeProcess serve, RawClient http) {
        return await("serve answers /swarm/health").atMost(START).ignoreExceptionsInstanceOf(UncheckedIOException.class)
                .until(() -> {
                    assertThat(serve.isAlive()).as("serve is running: %s", serve).isTrue();
                    return http.get(endpoint() + "/health");
                }, answer -> answer.status() == 200);
    }

    private String endpoint() {
        return "https://127.0.0.1:" + port + "/swarm";
    }
}
