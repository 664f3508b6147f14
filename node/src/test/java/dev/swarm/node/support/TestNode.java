package dev.swarm.node.support;

import dev.swarm.node.NodeOptions;
import dev.swarm.node.SwarmNode;
import dev.swarm.node.client.ClientConfig;
import dev.swarm.node.identity.Identity;
import dev.swarm.node.identity.IdentityStore;
import dev.swarm.node.identity.SwarmHome;
import dev.swarm.node.messaging.ReceiveLimits;
import dev.swarm.node.protocol.EndpointPolicy;
import dev.swarm.node.server.IngressLimits;
import dev.swarm.node.server.ServerConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/**
 * A real node for tests: its own SWARM_HOME and SQLite file, an identity made by {@code swarm init}'s
 * code, and {@code swarm serve}'s server over real TLS (a certificate from {@link TestCa}) on a
 * loopback port. It trusts the test CA for its own peer calls.
 */
public final class TestNode implements AutoCloseable {
    private final SwarmHome home;
    private final int port;
    private Identity identity;
    private final TestCa.ServerFiles tls;
    private final ReceiveLimits limits;
    private final NodeOptions options;
    private IngressLimits ingress = IngressLimits.DEFAULTS;
    private ClientConfig client = clientConfig();
    private SwarmNode node;

    private TestNode(SwarmHome home, int port, Identity identity, TestCa.ServerFiles tls, ReceiveLimits limits,
                     NodeOptions options) {
        this.home = home;
        this.port = port;
        this.identity = identity;
        this.tls = tls;
        this.limits = limits;
        this.options = options;
    }

    public static TestNode start(Path root, String agentId) {
        return start(root, agentId, ReceiveLimits.DEFAULTS);
    }

    public static TestNode start(Path root, String agentId, ReceiveLimits limits) {
        TestNode node = create(root, agentId, limits);
        node.startServer();
        return node;
    }

    /**
     * A node whose daemon runs with {@code options} (what flags, environment and config.yaml would give
     * {@code swarm serve}: wake settings, retries, a clock), except its client, which always trusts the
     * test CA. The receive limits are {@code options.limits()}.
     */
    public static TestNode start(Path root, String agentId, NodeOptions options) {
        TestNode node = create(root, agentId, options.limits(), options);
        node.startServer();
        return node;
    }

    /** A node whose server applies {@code ingress} to unauthenticated requests. */
    public static TestNode start(Path root, String agentId, IngressLimits ingress) {
        TestNode node = create(root, agentId, ReceiveLimits.DEFAULTS);
        node.ingress = ingress;
        node.startServer();
        return node;
    }

    /**
     * A node whose client may also call {@code http://} loopback endpoints (as with
     * {@code --allow-insecure-loopback}), for peers a test plays with a {@link ScriptedPeer}.
     */
    public static TestNode startAllowingLoopbackHttp(Path root, String agentId) {
        TestNode node = create(root, agentId, ReceiveLimits.DEFAULTS);
        ClientConfig trusted = clientConfig();
        node.client = new ClientConfig(trusted.caFile(), true, trusted.connectTimeout(), trusted.requestTimeout());
        node.startServer();
        return node;
    }

    /** Creates the identity (as {@code swarm init} does) without starting the server. */
    public static TestNode create(Path root, String agentId, ReceiveLimits limits) {
        return create(root, agentId, limits, NodeOptions.DEFAULTS);
    }

    private static TestNode create(Path root, String agentId, ReceiveLimits limits, NodeOptions options) {
        SwarmHome home = new SwarmHome(root.resolve(agentId));
        int port = FreePort.next();
        Identity identity = IdentityStore.init(home, agentId, "https://127.0.0.1:" + port + "/swarm", false,
                new EndpointPolicy(false));
        return new TestNode(home, port, identity, TestCa.get().issue(home.dir().resolve("tls")), limits, options);
    }

    public static ClientConfig clientConfig() {
        return new ClientConfig(TestCa.get().caFile(), false, Duration.ofSeconds(5), Duration.ofSeconds(10));
    }

    public synchronized void startServer() {
        node = SwarmNode.open(home, identity, options.withClient(client).withLimits(limits));
        node.serve(new ServerConfig("127.0.0.1", port, tls.certificate(), tls.key(), limits, ingress));
    }

    /** Reads agent.key again (after a key rotation), for the next {@link #startServer}. */
    public synchronized void reloadKey() {
        identity = new Identity(identity.agentId(), identity.endpoint(), seed());
    }

    /** Stops the server and closes the database, as a graceful shutdown does. */
    public synchronized void stop() {
        if (node != null) {
            node.close();
            node = null;
        }
    }

    public SwarmNode node() {
        if (node == null) {
            throw new IllegalStateException(identity.agentId() + " is stopped");
        }
        return node;
    }

    public String agentId() {
        return identity.agentId();
    }

    public String endpoint() {
        return identity.endpoint();
    }

    public int port() {
        return port;
    }

    public Identity identity() {
        return identity;
    }

    public SwarmHome home() {
        return home;
    }

    public Path databaseFile() {
        return home.database();
    }

    /** The raw Ed25519 seed from agent.key, for tests that sign by hand. */
    public byte[] seed() {
        try {
            return Files.readAllBytes(home.keyFile());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** What the CLI needs to act as this node: SWARM_HOME and the test CA. */
    public Map<String, String> env() {
        return Map.of("SWARM_HOME", home.dir().toString(), "SWARM_CA_FILE", TestCa.get().caFile().toString());
    }

    /** Every row of every table, for "nothing changed" assertions. */
    public DbDump dump() {
        return DbDump.of(databaseFile());
    }

    @Override
    public void close() {
        stop();
    }
}
