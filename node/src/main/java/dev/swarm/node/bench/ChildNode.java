package dev.swarm.node.bench;

import dev.swarm.node.NodeOptions;
import dev.swarm.node.SwarmNode;
import dev.swarm.node.client.PeerClient;
import dev.swarm.node.client.PeerResponse;
import dev.swarm.node.identity.Identity;
import dev.swarm.node.identity.IdentityStore;
import dev.swarm.node.identity.SwarmHome;
import dev.swarm.node.protocol.EndpointPolicy;
import dev.swarm.node.state.Member;
import dev.swarm.node.state.Swarm;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * A node in a directory of its own that the benchmark runs as {@code swarm serve} in a child process
 * (HTTPS on a loopback port with the run's certificate), so what is timed and measured is a real
 * process as users start it.
 */
final class ChildNode {
    /** Variables of the launcher script ({@code ./swarm}), not settings of the node: passed on. */
    private static final Set<String> LAUNCHER_VARIABLES = Set.of("SWARM_JAVA_OPTS", "SWARM_NO_CDS");

    private final SwarmLauncher launcher;
    private final SwarmHome home;
    private final BenchTls tls;
    private final int port;
    private final Identity identity;

    private ChildNode(SwarmLauncher launcher, SwarmHome home, BenchTls tls, int port, Identity identity) {
        this.launcher = launcher;
        this.home = home;
        this.tls = tls;
        this.port = port;
        this.identity = identity;
    }

    /** Makes the node's directory (identity and key) under {@code dir}; nothing runs yet. */
    static ChildNode init(SwarmLauncher launcher, Path dir, BenchTls tls) {
        try {
            int port = LocalCluster.freePort();
            SwarmHome home = new SwarmHome(dir.resolve("child"));
            Identity identity = IdentityStore.init(home, "bench-child", "https://127.0.0.1:" + port + "/swarm", false,
                    new EndpointPolicy(false));
            return new ChildNode(launcher, home, tls, port, identity);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    String endpoint() {
        return identity.endpoint();
    }

    String agentId() {
        return identity.agentId();
    }

    /** Creates a swarm in the node's database (before it runs). */
    Swarm createSwarm() {
        try (SwarmNode node = SwarmNode.open(home, identity, NodeOptions.DEFAULTS)) {
            return node.swarms().create("bench", false);
        }
    }

    /** Adds members to the node's database (before it runs). */
    void addMembers(List<Member> members) {
        try (SwarmNode node = SwarmNode.open(home, identity, NodeOptions.DEFAULTS)) {
            node.database().write(store -> {
                members.forEach(store.members()::upsert);
                return null;
            });
        }
    }

    /** Messages in the node's inbox (read once it has stopped). */
    long storedMessages() {
        try (SwarmNode node = SwarmNode.open(home, identity, NodeOptions.DEFAULTS)) {
            return node.database().read(store -> store.inbox().total());
        }
    }

    /** The inbox's size, and how many of {@code messageIds} (in {@code swarmId}) it lacks. */
    record Stored(long total, long missing) {
    }

    /** Reads the node's inbox once it has stopped. */
    Stored stored(String swarmId, java.util.Collection<String> messageIds) {
        try (SwarmNode node = SwarmNode.open(home, identity, NodeOptions.DEFAULTS)) {
            return node.database().read(store -> new Stored(store.inbox().total(), messageIds.stream()
                    .filter(id -> store.inbox().findByMessageId(id, swarmId, null).isEmpty()).count()));
        }
    }

    /** Starts {@code swarm serve}; stdout and stderr go to files beside the node's directory. */
    Process serve() throws IOException {
        return serve(List.of());
    }

    /** The same with JVM flags added to the launcher's (for example {@code -Xmx512m}). */
    Process serve(List<String> jvmFlags) throws IOException {
        return start(jvmFlags, "serve", "--listen", "127.0.0.1:" + port, "--tls-cert", tls.certFile().toString(),
                "--tls-key", tls.keyFile().toString());
    }

    int port() {
        return port;
    }

    Process start(String... args) throws IOException {
        return start(List.of(), args);
    }

    private Process start(List<String> jvmFlags, String... args) throws IOException {
        ProcessBuilder builder = new ProcessBuilder(launcher.command(jvmFlags, args));
        Map<String, String> env = builder.environment();
        // the user's settings must not change the run; the launcher's own variables are the exception
        env.keySet().removeIf(name -> name.startsWith("SWARM_") && !LAUNCHER_VARIABLES.contains(name));
        if (!jvmFlags.isEmpty() && launcher.prefix().size() == 1) {
            // the launcher script takes extra JVM flags from SWARM_JAVA_OPTS
            env.merge("SWARM_JAVA_OPTS", String.join(" ", jvmFlags), (mine, added) -> mine + " " + added);
        }
        env.put("SWARM_HOME", home.dir().toString());
        String name = args[0];
        builder.redirectOutput(home.dir().resolveSibling(name + ".out").toFile());
        builder.redirectError(home.dir().resolveSibling(name + ".err").toFile());
        return builder.start();
    }

    /** The last lines a child wrote on stderr, for an error message. */
    String stderrTail(String command) {
        try {
            List<String> lines = Files.readAllLines(home.dir().resolveSibling(command + ".err"), StandardCharsets.UTF_8);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 10), lines.size()));
        } catch (IOException e) {
            return "";
        }
    }

    /** Polls {@code /health} until it answers 200; returns when it did ({@link System#nanoTime}). */
    long awaitHealthy(PeerClient client, Process process, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("swarm serve exited with " + process.exitValue() + ": "
                        + stderrTail("serve"));
            }
            CompletableFuture<PeerResponse> call = client.get(endpoint(), "/health");
            try {
                PeerResponse response = call.get(5, TimeUnit.SECONDS);
                if (response.status() == 200) {
                    return System.nanoTime();
                }
            } catch (Exception notYet) {
                // not listening yet
            }
            Thread.sleep(2);
        }
        throw new IllegalStateException("swarm serve did not answer /health within " + timeout.toSeconds() + " s: "
                + stderrTail("serve"));
    }

    /** SIGTERM, as systemd stops it; waits for the node to close its database. */
    static void stop(Process process) throws InterruptedException {
        process.destroy();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor();
        }
    }
}
