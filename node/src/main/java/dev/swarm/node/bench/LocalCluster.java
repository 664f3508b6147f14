package dev.swarm.node.bench;

import dev.swarm.node.NodeOptions;
import dev.swarm.node.SwarmNode;
import dev.swarm.node.client.ClientConfig;
import dev.swarm.node.identity.Identity;
import dev.swarm.node.identity.IdentityStore;
import dev.swarm.node.identity.SwarmHome;
import dev.swarm.node.messaging.ReceiveLimits;
import dev.swarm.node.protocol.EndpointPolicy;
import dev.swarm.node.server.ServerConfig;
import dev.swarm.node.state.Member;
import dev.swarm.node.state.Swarm;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * N real nodes in this process for benchmarks: each with its own directory and SQLite file, serving
 * HTTPS with HTTP/2 on a loopback port, with a certificate from a CA made for the run (and deleted
 * with it). Membership is written straight into every node's database: the benchmarks measure
 * messaging, not N joins.
 */
public final class LocalCluster implements AutoCloseable {
    private final Path dir;
    private final List<SwarmNode> nodes = new ArrayList<>();
    private final BenchTls tls;

    private LocalCluster(Path dir, BenchTls tls) {
        this.dir = dir;
        this.tls = tls;
    }

    public static LocalCluster start(int size) {
        try {
            Path dir = Files.createTempDirectory("swarm-bench");
            BenchTls tls = BenchTls.create(dir);
            LocalCluster cluster = new LocalCluster(dir, tls);
            ClientConfig client = clientConfig(tls);
            for (int i = 0; i < size; i++) {
                int port = freePort();
                SwarmHome home = new SwarmHome(dir.resolve("node-" + i));
                Identity identity = IdentityStore.init(home, "node-" + i, "https://127.0.0.1:" + port + "/swarm", false,
                        new EndpointPolicy(false));
                SwarmNode node = SwarmNode.open(home, identity, NodeOptions.DEFAULTS.withClient(client));
                node.serve(new ServerConfig("127.0.0.1", port, tls.certFile(), tls.keyFile(), ReceiveLimits.DEFAULTS));
                cluster.nodes.add(node);
            }
            return cluster;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public List<SwarmNode> nodes() {
        return nodes;
    }

    public Path caFile() {
        return tls.caFile();
    }

    public BenchTls tls() {
        return tls;
    }

    /** The directory of this run, deleted on close. */
    public Path dir() {
        return dir;
    }

    /** How benchmark clients call these nodes: trusting the run's CA, with generous timeouts. */
    public static ClientConfig clientConfig(BenchTls tls) {
        // the benchmark's own clients have no endpoint of their own: they call the loopback nodes it starts
        return new ClientConfig(tls.caFile(), false, Duration.ofSeconds(5), Duration.ofSeconds(60), "loopback");
    }

    /** Writes members that exist only as keys (load generators) into node 0's member list. */
    public void addMembers(List<Member> members) {
        nodes.get(0).database().write(store -> {
            members.forEach(store.members()::upsert);
            return null;
        });
    }

    /** Makes node 0 the master of a new swarm whose members are all the nodes; every node knows every key. */
    public Swarm formSwarm(String name) {
        Swarm created = nodes.get(0).swarms().create(name, false);
        List<Member> members = nodes.stream().map(node -> new Member(created.swarmId(), node.identity().agentId(),
                node.identity().endpoint(), node.identity().publicKeyBase64(), List.of(), created.createdAt())).toList();
        for (SwarmNode node : nodes) {
            node.database().write(store -> {
                if (store.swarms().find(created.swarmId()).isEmpty()) {
                    store.swarms().insert(created);
                }
                members.forEach(store.members()::upsert);
                return null;
            });
        }
        return created;
    }

    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    @Override
    public void close() {
        nodes.forEach(SwarmNode::close);
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            // a temporary directory left behind is not worth failing a benchmark for
        }
    }
}
