package dev.swarm.node.server;

import dev.swarm.node.error.ErrorCode;
import dev.swarm.node.error.SwarmException;
import java.util.concurrent.CompletableFuture;

/**
 * Answers a member's reachability probe ({@code POST /swarm/probe}): verifies the signed request from
 * its body before returning (the admission's share is released then) and completes with the answer
 * record once this node has tried to reach the member back.
 */
@FunctionalInterface
public interface ProbeHandler {
    /** A node that answers no probes: the route is then 404, as on a node that does not know it. */
    ProbeHandler NONE = body -> CompletableFuture.failedFuture(new SwarmException(ErrorCode.NOT_FOUND,
            "this node does not answer reachability probes"));

    CompletableFuture<?> probe(byte[] body);
}
