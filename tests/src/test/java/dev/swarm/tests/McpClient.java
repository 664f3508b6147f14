package dev.swarm.tests;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.swarm.cli.Main;
import dev.swarm.node.protocol.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * A coding agent's MCP client that this project did not write: the official TypeScript SDK client
 * ({@code @modelcontextprotocol/sdk}, pinned in {@code tests/mcp-client/package-lock.json}) run by
 * {@code tests/mcp-client/driver.mjs}. It starts {@code swarm mcp} as its own child process over
 * stdio (this JVM's java and class path running {@link Main}), runs the planned steps in order and
 * reports everything it saw as one JSON document. {@code npm ci} runs once when node_modules is
 * missing.
 */
public final class McpClient {
    /** Generous: node and a JVM starting on a busy two-core machine. */
    private static final Duration INSTALL = Duration.ofMinutes(5);

    private final Path logDir;
    private final Map<String, String> env;
    private final List<String> mcpOptions;
    private final ArrayNode steps = Json.mapper().createArrayNode();

    private McpClient(Path logDir, Map<String, String> env, List<String> mcpOptions) {
        this.logDir = logDir;
        this.env = Map.copyOf(env);
        this.mcpOptions = List.copyOf(mcpOptions);
    }

    /** A client that will start {@code swarm mcp [options]} with {@code env} (SWARM_HOME, the test CA). */
    public static McpClient of(Path logDir, Map<String, String> env, String... mcpOptions) {
        return new McpClient(logDir, env, List.of(mcpOptions));
    }

    public McpClient list() {
        steps.addObject().put("op", "list");
        return this;
    }

    public McpClient call(String tool, Map<String, Object> arguments) {
        return call(tool, arguments, Duration.ofSeconds(60));
    }

    /** A tool call the client gives up on after {@code timeout}, asking for progress notifications. */
    public McpClient call(String tool, Map<String, Object> arguments, Duration timeout) {
        ObjectNode step = steps.addObject().put("op", "call").put("name", tool).put("timeout_ms", timeout.toMillis())
                .put("progress", true);
        step.set("arguments", Json.toTree(arguments));
        return this;
    }

    /** Runs the steps and returns the report; fails when the driver itself failed. */
    public Report run() {
        return start().join();
    }

    /** Runs the steps in the background (the test acts as the peer meanwhile). */
    public CompletableFuture<Report> start() {
        Path driverDir = driverDir();
        installOnce(driverDir);
        List<String> server = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), Main.class.getName(), "mcp"));
        server.addAll(mcpOptions);
        ObjectNode plan = Json.mapper().createObjectNode().put("command", server.get(0));
        plan.set("args", Json.toTree(server.subList(1, server.size())));
        plan.set("env", Json.toTree(env));
        plan.set("steps", steps.deepCopy());
        return CompletableFuture.supplyAsync(() -> execute(driverDir, plan));
    }

    private Report execute(Path driverDir, ObjectNode plan) {
        try {
            Files.createDirectories(logDir);
            Path planFile = Files.createTempFile(logDir, "plan-", ".json");
            Files.writeString(planFile, Json.toText(plan));
            Path out = Path.of(planFile.toString().replace(".json", ".out"));
            Path err = Path.of(planFile.toString().replace(".json", ".err"));
            Process driver = new ProcessBuilder("node", "driver.mjs", planFile.toString()).directory(driverDir.toFile())
                    .redirectOutput(out.toFile()).redirectError(err.toFile()).start();
            if (!driver.waitFor(10, TimeUnit.MINUTES)) {
                driver.destroyForcibly();
                throw new AssertionError("the MCP driver did not finish: " + Files.readString(err));
            }
            String stdout = Files.readString(out, StandardCharsets.UTF_8);
            assertThat(driver.exitValue()).as("driver exit; stderr: %s", Files.readString(err)).isZero();
            JsonNode report = Json.readTree(stdout);
            assertThat(report.has("fatal")).as("the client connected: %s", stdout).isFalse();
            assertThat(report.get("transport_errors")).as("only MCP on the server's stdout: %s", stdout).isEmpty();
            return new Report(report);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** What the client saw: the server's self-description and one entry per step. */
    public record Report(JsonNode document) {
        public JsonNode server() {
            return document.get("server");
        }

        public JsonNode step(int index) {
            return document.get("steps").get(index);
        }

        /** The structured result of a successful call (isError false), checked against its schema. */
        public JsonNode ok(int index, String schema) {
            JsonNode result = call(index);
            assertThat(result.path("isError").asBoolean(false)).as("step %s: %s", index, result).isFalse();
            dev.swarm.node.support.Schemas.assertValid("mcp/" + schema + ".schema.json",
                    Json.toText(result.get("structuredContent")));
            return result.get("structuredContent");
        }

        /** The error of a call that was answered with a tool error (isError true), checked against its schema. */
        public JsonNode toolError(int index) {
            JsonNode result = call(index);
            assertThat(result.path("isError").asBoolean(false)).as("step %s: %s", index, result).isTrue();
            dev.swarm.node.support.Schemas.assertValid("mcp/error.schema.json",
                    Json.toText(result.get("structuredContent")));
            JsonNode error = result.get("structuredContent").get("error");
            assertThat(result.get("content").get(0).get("text").asText())
                    .startsWith(error.get("code").asText() + ": " + error.get("message").asText());
            return error;
        }

        public long elapsedMillis(int index) {
            return step(index).get("elapsed_ms").asLong();
        }

        public String stderr() {
            return document.get("stderr").asText();
        }

        private JsonNode call(int index) {
            JsonNode step = step(index);
            assertThat(step.has("error")).as("step %s answered without a protocol error: %s", index, step).isFalse();
            JsonNode result = step.get("result");
            JsonNode text = result.get("content").get(0).get("text");
            if (!result.path("isError").asBoolean(false)) {
                assertThat(Json.readTree(text.asText())).as("text content of step %s", index)
                        .isEqualTo(result.get("structuredContent"));
            }
            return result;
        }

        @Override
        public String toString() {
            return Json.toPrettyText(document);
        }
    }

    private static Path driverDir() {
        String configured = System.getProperty("swarm.mcp.client.dir");
        Path dir = configured != null ? Path.of(configured) : Path.of("mcp-client").toAbsolutePath();
        assertThat(dir.resolve("driver.mjs")).as("the MCP client driver").exists();
        return dir;
    }

    /** {@code npm ci} once per checkout (node_modules stays out of git). */
    private static synchronized void installOnce(Path driverDir) {
        if (Files.isDirectory(driverDir.resolve("node_modules/@modelcontextprotocol/sdk"))) {
            return;
        }
        try {
            Process npm = new ProcessBuilder("npm", "ci", "--no-audit", "--no-fund").directory(driverDir.toFile())
                    .redirectErrorStream(true).redirectOutput(driverDir.resolve("npm-ci.log").toFile()).start();
            boolean done = npm.waitFor(INSTALL.toMillis(), TimeUnit.MILLISECONDS);
            if (!done) {
                npm.destroyForcibly();
            }
            assertThat(done && npm.exitValue() == 0).as("npm ci in %s: %s", driverDir,
                    Files.readString(driverDir.resolve("npm-ci.log"))).isTrue();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run npm (node and npm are needed for the MCP tests): "
                    + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
