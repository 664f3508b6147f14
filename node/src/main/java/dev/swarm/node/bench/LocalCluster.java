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
import dev.swarm.node.tls.Certificates;
import dev.swarm.node.tls.PemFiles;
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
    private final Path caFile;

    private LocalCluster(Path dir, Path caFile) {
        this.dir = dir;
        this.caFile = caFile;
    }

    public static LocalCluster start(int size) {
        try {
            Path dir = Files.createTempDirectory("swarm-bench");
            Certificates.Issued ca = Certificates.certificateAuthority("swarm bench CA", Duration.ofDays(1));
            Path caFile = dir.resolve("ca.pem");
            PemFiles.writeCertificate(caFile, ca.certificate());
            Certificates.Issued server = Certificates.server(ca, List.of("127.0.0.1", "localhost"), Duration.ofDays(1));
            Path cert = dir.resolve("cert.pem");
            Path key = dir.resolve("key.pem");
            PemFiles.writeCertificate(cert, server.certificate(), ca.certificate());
            PemFiles.writePrivateKey(key, server.keys().getPrivate());
            LocalCluster cluster = new LocalCluster(dir, caFile);
            ClientConfig client = new ClientConfig(caFile, false, Duration.ofSeconds(5), Duration.ofSeconds(30));
            for (int i = 0; i < size; i++) {
                int port = freePort();
                SwarmHome home = new SwarmHome(dir.resolve("node-" + i));
                Identity identity = IdentityStore.init(home, "node-" + i, "https://127.0.0.1:" + port + "/swarm", false,
                        new EndpointPolicy(false));
                SwarmNode node = SwarmNode.open(home, identity, NodeOptions.DEFAULTS.withClient(client));
                node.serve(new ServerConfig("127.0.0.1", port, cert, key, ReceiveLimits.DEFAULTS));
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
        return caFile;
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

    private static int freePort() throws IOException {
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
