package dev.swarm.tests;

import dev.swarm.node.NodeOptions;
import dev.swarm.node.messaging.ReceiveLimits;
import dev.swarm.node.support.TestNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * N real nodes side by side on loopback: each a {@link TestNode} with its own SWARM_HOME and SQLite
 * file under {@code root}, serving HTTP/2 over real TLS, and a {@link Cli} to type commands at it.
 * Closing the cluster stops every node.
 */
public final class Cluster implements AutoCloseable {
    private final Path root;
    private final Map<String, TestNode> nodes = new LinkedHashMap<>();

    private Cluster(Path root) {
        this.root = root;
    }

    public static Cluster start(Path root, String... agentIds) {
        Cluster cluster = new Cluster(root);
        try {
            for (String agentId : agentIds) {
                cluster.add(agentId, ReceiveLimits.DEFAULTS);
            }
        } catch (RuntimeException e) {
            cluster.close();
            throw e;
        }
        return cluster;
    }

    /** Starts one more node, with its own receive limits (what its {@code swarm serve} would be given). */
    public TestNode add(String agentId, ReceiveLimits limits) {
        if (nodes.containsKey(agentId)) {
            throw new IllegalArgumentException(agentId + " is already in this cluster");
        }
        TestNode node = TestNode.start(root, agentId, limits);
        nodes.put(agentId, node);
        return node;
    }

    /** Starts one more node whose daemon runs with {@code options} (wake settings, say); see {@link TestNode#start}. */
    public TestNode add(String agentId, NodeOptions options) {
        if (nodes.containsKey(agentId)) {
            throw new IllegalArgumentException(agentId + " is already in this cluster");
        }
        TestNode node = TestNode.start(root, agentId, options);
        nodes.put(agentId, node);
        return node;
    }

    public TestNode node(String agentId) {
        TestNode node = nodes.get(agentId);
        if (node == null) {
            throw new IllegalArgumentException("no node " + agentId + " in this cluster: " + nodes.keySet());
        }
        return node;
    }

    /** The command line of that node's user. */
    public Cli cli(String agentId) {
        return new Cli(agentId, node(agentId).env());
    }

    public List<TestNode> nodes() {
        return List.copyOf(nodes.values());
    }

    @Override
    public void close() {
        List<TestNode> reversed = new ArrayList<>(nodes.values());
        java.util.Collections.reverse(reversed);
        for (TestNode node : reversed) {
            node.close();
        }
    }
}
