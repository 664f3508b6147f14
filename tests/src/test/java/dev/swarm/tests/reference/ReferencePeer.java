package dev.swarm.tests.reference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.swarm.node.protocol.Json;
import dev.swarm.node.support.FreePort;
import dev.swarm.node.support.TestCa;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * One agent running the reference implementation, unmodified: a home folder of its own (the reference
 * keeps everything in {@code ~/.swarm}), its {@code swarm} CLI typed at that home, and its server
 * (uvicorn, started by {@code asp_serve}) on a free loopback port with a certificate from the test CA,
 * trusting that CA for its own calls, as our nodes do. What it holds is read through its CLI and API
 * ({@link ReferenceView}), never from its files. The server can be stopped and started again on the same
 * port; closing the peer stops it.
 */
final class ReferencePeer implements AutoCloseable {
    /** Generous: Python importing FastAPI on a busy two-core machine. Nothing here measures speed. */
    static final Duration START = Duration.ofSeconds(60);
    static final Duration STOP = Duration.ofSeconds(30);
    private static final Duration COMMAND = Duration.ofMinutes(2);
    /** Servers still running, stopped if this JVM ends without closing them (they are not its children). */
    private static final Set<ProcessHandle> SERVERS = ConcurrentHashMap.newKeySet();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> SERVERS.forEach(ProcessHandle::destroyForcibly)));
    }

    private final ReferenceInstall install;
    private final String agentId;
    private final Path home;
    private final int port;
    private final String endpoint;
    private final TestCa.ServerFiles tls;
    private final List<String> serverEnv;
    private String publicKey;
    private ProcessHandle server;
    private int runs;

    private ReferencePeer(Path root, String agentId, int port, String endpoint, List<String> serverEnv) {
        this.install = ReferenceInstall.get();
        this.agentId = agentId;
        this.home = root.resolve(agentId);
        this.port = port;
        this.endpoint = endpoint;
        this.tls = TestCa.get().issue(root.resolve(agentId + "-tls"));
        this.serverEnv = List.copyOf(serverEnv);
    }

    /**
     * {@code swarm init} of the reference for {@code agentId}, its endpoint on a free loopback port.
     * {@code serverEnv} are {@code VAR=value} settings for its server (e.g. {@code
     * RATE_LIMIT_MESSAGES_PER_MINUTE=4}, or {@code AGENT_PRIVATE_KEY_PATH=} for a master that announces
     * no joins, as the reference's own bootstrap leaves it).
     */
    static ReferencePeer init(Path root, String agentId, String... serverEnv) {
        int port = FreePort.next();
        ReferencePeer peer = new ReferencePeer(root, agentId, port, "https://127.0.0.1:" + port + "/swarm",
                Arrays.asList(serverEnv));
        JsonNode init = peer.json("init", "--agent-id", agentId, "--endpoint", peer.endpoint());
        assertThat(init.get("agent_id").asText()).isEqualTo(agentId);
        peer.publicKey = init.get("public_key").asText();
        return peer;
    }

    /**
     * A reference home for an identity that lives elsewhere: {@code swarm init} with that agent's id and
     * endpoint, then its Ed25519 seed in place of the generated key, as a user does who copies
     * {@code agent.key} between the two programs (both keep the raw 32-byte seed). Its server is never
     * started: the endpoint is the other program's.
     */
    static ReferencePeer withIdentity(Path root, String agentId, String endpoint, byte[] seed, String publicKey) {
        ReferencePeer peer = new ReferencePeer(root, agentId, -1, endpoint, List.of());
        peer.json("init", "--agent-id", agentId, "--endpoint", endpoint);
        try {
            Files.write(peer.home.resolve(".swarm").resolve("agent.key"), seed);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        peer.publicKey = publicKey;
        return peer;
    }

    String agentId() {
        return agentId;
    }

    String endpoint() {
        return endpoint;
    }

    /** The public key its {@code swarm init} printed (raw 32 bytes, base64). */
    String publicKey() {
        return publicKey;
    }

    Path home() {
        return home;
    }

    /** What one run of the reference's CLI left behind. */
    record Run(String command, int exitCode, String stdout, String stderr) {
        @Override
        public String toString() {
            return "reference swarm " + command + " -> exit " + exitCode + "\n--- stdout\n" + stdout + "--- stderr\n"
                    + stderr;
        }
    }

    /** The reference's {@code swarm <args>} as this agent, with its client trusting the test CA. */
    Run run(String... args) {
        try {
            Files.createDirectories(home);
            Path out = Files.createTempFile(home.getParent(), agentId + "-cli-", ".out");
            Path err = Files.createTempFile(home.getParent(), agentId + "-cli-", ".err");
            ProcessBuilder builder = new ProcessBuilder(install.command("asp_cli", withHome(args)))
                    .redirectOutput(out.toFile()).redirectError(err.toFile())
                    .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
            // plain UTF-8 JSON on stdout: no colours, no wrapping by rich, whatever the test's terminal
            builder.environment().putAll(Map.of("ASP_CA", TestCa.get().caFile().toString(),
                    "PYTHONIOENCODING", "utf-8", "NO_COLOR", "1", "TERM", "dumb", "COLUMNS", "4000"));
            Process process = builder.start();
            if (!process.waitFor(COMMAND.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                throw new AssertionError("the reference's swarm " + String.join(" ", args) + " did not finish");
            }
            Run run = new Run(String.join(" ", args), process.exitValue(),
                    Files.readString(out, StandardCharsets.UTF_8), Files.readString(err, StandardCharsets.UTF_8));
            Files.delete(out);
            Files.delete(err);
            return run;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** The command with {@code --json}, expected to succeed; returns the document it printed. */
    JsonNode json(String... args) {
        List<String> withJson = new ArrayList<>(Arrays.asList(args));
        withJson.add("--json");
        Run run = run(withJson.toArray(String[]::new));
        assertThat(run.exitCode()).as("%s", run).isZero();
        try {
            return Json.readTree(run.stdout());
        } catch (UncheckedIOException e) {
            throw new AssertionError("not one JSON document: " + run, e);
        }
    }

    /** Starts its server in the background (several start side by side); see {@link #awaitServing()}. */
    ReferencePeer launch() {
        assertThat(port).as("%s's endpoint belongs to another program", agentId).isPositive();
        assertThat(server == null || !server.isAlive()).as("%s is already serving", agentId).isTrue();
        runs++;
        try {
            Path log = home.resolve("server.log");
            if (Files.exists(log)) {
                // asp_serve writes a fresh log each time: keep the earlier run's
                Files.move(log, home.resolve("server-" + (runs - 1) + ".log"));
            }
            List<String> args = new ArrayList<>(List.of(home.toString(), String.valueOf(port),
                    tls.certificate().toString(), tls.key().toString(), TestCa.get().caFile().toString()));
            // uvicorn's own setting (as a unit file could set it): wait at most 2 s for idle keep-alive
            // connections on shutdown, since a Java client does not answer its TLS close at once
            args.add("UVICORN_TIMEOUT_GRACEFUL_SHUTDOWN=2");
            args.addAll(serverEnv);
            Process starter = new ProcessBuilder(install.command("asp_serve", args)).redirectErrorStream(true)
                    .redirectOutput(home.resolveSibling(agentId + "-serve.out").toFile()).start();
            assertThat(starter.waitFor(COMMAND.toMillis(), TimeUnit.MILLISECONDS)).isTrue();
            assertThat(starter.exitValue()).as("asp_serve for %s", agentId).isZero();
            long pid = Long.parseLong(Files.readString(home.resolve("server.pid")).strip());
            server = ProcessHandle.of(pid).orElseThrow(() -> new AssertionError(agentId + "'s server exited at once: "
                    + serverLog()));
            SERVERS.add(server);
            return this;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /**
     * Waits until the server accepts connections (uvicorn listens only once the app has started). A TCP
     * connection, not a request: the reference counts every request against its rate limit.
     */
    ReferencePeer awaitServing() {
        await(agentId + " (reference) listens on " + port).atMost(START).pollInterval(Duration.ofMillis(100))
                .until(() -> {
                    assertThat(server.isAlive()).as("%s's server is running:\n%s", agentId, serverLog()).isTrue();
                    return accepts();
                });
        return this;
    }

    ReferencePeer start() {
        return launch().awaitServing();
    }

    /** SIGTERM, as systemd stops it; waits for the process to end. */
    void stop() {
        if (server == null || !server.isAlive()) {
            return;
        }
        server.destroy();
        try {
            server.onExit().get(STOP.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            server.destroyForcibly();
            throw new AssertionError(agentId + "'s server did not stop after SIGTERM:\n" + serverLog(), e);
        } catch (ExecutionException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } finally {
            SERVERS.remove(server);
        }
    }

    boolean isServing() {
        return server != null && server.isAlive();
    }

    /** What its server logged in this run (requests, and its wake decisions). */
    String serverLog() {
        try {
            Path log = home.resolve("server.log");
            return Files.exists(log) ? Files.readString(log, StandardCharsets.UTF_8) : "(no server log)";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Its server's decision on waking its agent for that message ({@code wake}, {@code skip}), from its log. */
    Optional<String> wakeDecision(String messageId) {
        String marker = "Wake trigger: message=" + messageId + " decision=";
        return serverLog().lines().filter(line -> line.contains(marker))
                .map(line -> line.substring(line.indexOf(marker) + marker.length()).strip()).findFirst();
    }

    private boolean accepts() {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 1_000);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private List<String> withHome(String... args) {
        List<String> all = new ArrayList<>();
        all.add(home.toString());
        all.addAll(Arrays.asList(args));
        return all;
    }

    @Override
    public void close() {
        if (server != null && server.isAlive()) {
            server.destroyForcibly();
            try {
                server.onExit().get(STOP.toMillis(), TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (ExecutionException | TimeoutException e) {
                // gone or going; nothing more to do
            }
            SERVERS.remove(server);
        }
    }
}
