package dev.swarm.node.bench;

import dev.swarm.node.SwarmNode;
import dev.swarm.node.messaging.ReceiveLimits;
import dev.swarm.node.server.EmptyServer;
import dev.swarm.node.server.ServerConfig;
import dev.swarm.node.state.Swarm;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * What the ingest and latency benchmarks post to: one real node on loopback (HTTPS, HTTP/2, its
 * own SQLite file) whose swarm lists the load generator's senders as members, and beside it the
 * empty-handler server on the same certificate, the anchor.
 */
final class IngestTarget implements AutoCloseable {
    private final LocalCluster cluster;
    private final EmptyServer anchor;
    private final String anchorEndpoint;
    private final Senders senders;

    private IngestTarget(LocalCluster cluster, EmptyServer anchor, String anchorEndpoint, Senders senders) {
        this.cluster = cluster;
        this.anchor = anchor;
        this.anchorEndpoint = anchorEndpoint;
        this.senders = senders;
    }

    static IngestTarget start(int senderCount) {
        LocalCluster cluster = LocalCluster.start(1);
        try {
            Swarm swarm = cluster.formSwarm("bench");
            SwarmNode node = cluster.nodes().get(0);
            Senders senders = new Senders(senderCount, swarm.swarmId(), node.identity().agentId(),
                    LocalCluster.clientConfig(cluster.tls()));
            cluster.addMembers(senders.members(swarm.createdAt()));
            int port = LocalCluster.freePort();
            EmptyServer anchor = new EmptyServer(new ServerConfig("127.0.0.1", port, cluster.tls().certFile(),
                    cluster.tls().keyFile(), ReceiveLimits.DEFAULTS)).start();
            return new IngestTarget(cluster, anchor, "https://127.0.0.1:" + port + "/swarm", senders);
        } catch (IOException e) {
            cluster.close();
            throw new UncheckedIOException(e);
        } catch (RuntimeException e) {
            cluster.close();
            throw e;
        }
    }

    String nodeEndpoint() {
        return cluster.nodes().get(0).identity().endpoint();
    }

    String anchorEndpoint() {
        return anchorEndpoint;
    }

    Senders senders() {
        return senders;
    }

    /** Messages in the node's inbox: every one answered 200 must be there, exactly once. */
    long stored() {
        return cluster.nodes().get(0).database().read(store -> store.inbox().total());
    }

    @Override
    public void close() {
        senders.close();
        anchor.close();
        cluster.close();
    }
}
