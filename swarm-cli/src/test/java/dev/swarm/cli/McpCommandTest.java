package dev.swarm.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code swarm mcp} as a process sees it: JSON-RPC on stdin and stdout, nothing else on stdout. */
class McpCommandTest {
    @TempDir
    Path home;

    @Test
    void mcpAnswersOnStdoutWithNothingButJsonRpcAndEndsWhenStdinCloses() throws Exception {
        Cli.home(home).json("init", "--agent-id", "alice", "--endpoint", "https://127.0.0.1:9443/swarm");
        PipedOutputStream client = new PipedOutputStream();
        PipedInputStream stdin = new PipedInputStream(client, 65_536);
        ByteArrayOutputStream stdout = new ByteArrayOutputStream();
        ByteArrayOutputStream stderr = new ByteArrayOutputStream();
        PrintStream systemOut = System.out;
        CompletableFuture<Integer> serving = CompletableFuture.supplyAsync(() -> Main.run(new String[] {"mcp"},
                Map.of("SWARM_HOME", home.toString()), stdin, new PrintStream(stdout, true, StandardCharsets.UTF_8),
                new PrintStream(stderr, true, StandardCharsets.UTF_8), false));

        send(client, "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\",\"params\":{\"protocolVersion\":"
                + "\"2025-06-18\",\"capabilities\":{},\"clientInfo\":{\"name\":\"test\",\"version\":\"1\"}}}");
        await().atMost(Duration.ofSeconds(60)).until(() -> lines(stdout).size() == 1);
        send(client, "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}");
        send(client, "{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"tools/list\"}");
        send(client, "{\"jsonrpc\":\"2.0\",\"id\":3,\"method\":\"tools/call\",\"params\":{\"name\":\"swarm_send\","
                + "\"arguments\":{\"to\":\"bob\"}}}");
        await().atMost(Duration.ofSeconds(60)).until(() -> lines(stdout).size() == 3);
        client.close();

        assertThat(serving.get(60, TimeUnit.SECONDS)).as("exit code; stderr: %s", stderr).isZero();
        assertThat(System.out).as("System.out is restored").isSameAs(systemOut);
        List<JsonNode> answers = lines(stdout).stream().map(McpCommandTest::parse).toList();
        assertThat(answers).allSatisfy(a -> assertThat(a.get("jsonrpc").asText()).isEqualTo("2.0"));
        JsonNode initialized = answer(answers, 1);
        assertThat(initialized.get("serverInfo").get("name").asText()).isEqualTo("swarm");
        assertThat(initialized.get("instructions").asText()).contains("swarm serve is not running");
        assertThat(answer(answers, 2).get("tools")).extracting(t -> t.get("name").asText())
                .containsExactly("swarm_send", "swarm_request", "swarm_inbox", "swarm_read", "swarm_members",
                        "swarm_who", "swarm_status", "swarm_issue_board", "swarm_issue_claim", "swarm_issue_update",
                        "swarm_lease_list", "swarm_lease_take", "swarm_lease_renew", "swarm_lease_release",
                        "swarm_lease_check");
        JsonNode refused = answer(answers, 3);
        assertThat(refused.get("isError").asBoolean()).isTrue();
        assertThat(refused.get("content").get(0).get("text").asText())
                .startsWith("INVALID_ARGUMENT: argument 'message' is required");
        assertThat(stderr.toString(StandardCharsets.UTF_8)).contains("warning: swarm serve is not running");
    }

    @Test
    void inputTheSdkCannotReadEndsTheSessionAndTheCommandInsteadOfLeavingItHanging() throws Exception {
        Cli.home(home).json("init", "--agent-id", "alice", "--endpoint", "https://127.0.0.1:9443/swarm");
        PipedOutputStream client = new PipedOutputStream();
        PipedInputStream stdin = new PipedInputStream(client, 65_536);
        ByteArrayOutputStream stdout = new ByteArrayOutputStream();
        CompletableFuture<Integer> serving = CompletableFuture.supplyAsync(() -> Main.run(new String[] {"mcp"},
                Map.of("SWARM_HOME", home.toString()), stdin, new PrintStream(stdout, true, StandardCharsets.UTF_8),
                new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8), false));
        try {
            send(client, "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\",\"params\":{\"protocolVersion\":"
                    + "\"2025-06-18\",\"capabilities\":{},\"clientInfo\":{\"name\":\"test\",\"version\":\"1\"}}}");
            await().atMost(Duration.ofSeconds(60)).until(() -> lines(stdout).size() == 1);

            send(client, "this is not JSON-RPC");

            assertThat(serving.get(30, TimeUnit.SECONDS)).as("the command returns with stdin still open").isZero();
        } finally {
            client.close();
        }
    }

    @Test
    void mcpWithoutAnIdentityExitsSevenAndLeavesStdoutEmpty() {
        Cli.Result result = Cli.home(home).run("mcp");

        assertThat(result.exit()).isEqualTo(7);
        assertThat(result.out()).isEmpty();
        assertThat(result.err()).contains("swarm init");
    }

    @Test
    void aLongestWaitBelowOneSecondIsRefusedWithExitTwo() {
        Cli swarm = Cli.home(home);
        swarm.json("init", "--agent-id", "alice", "--endpoint", "https://127.0.0.1:9443/swarm");

        Cli.Result result = swarm.with("SWARM_MCP_MAX_WAIT", "0").run("mcp", "--json");

        assertThat(result.exit()).isEqualTo(2);
        assertThat(result.json().get("error").get("message").asText()).contains("--mcp-max-wait");
    }

    private static void send(PipedOutputStream client, String line) throws IOException {
        client.write((line + "\n").getBytes(StandardCharsets.UTF_8));
        client.flush();
    }

    private static List<String> lines(ByteArrayOutputStream stdout) {
        return stdout.toString(StandardCharsets.UTF_8).lines().filter(line -> !line.isBlank()).toList();
    }

    private static JsonNode parse(String line) {
        try {
            return Cli.JSON.readTree(line);
        } catch (IOException e) {
            throw new AssertionError("not one JSON-RPC message per line: " + line, e);
        }
    }

    private static JsonNode answer(List<JsonNode> answers, int id) {
        return answers.stream().filter(a -> a.path("id").asInt() == id).findFirst().orElseThrow().get("result");
    }
}
