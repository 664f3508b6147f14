package dev.swarm.node;

import dev.swarm.node.client.ClientConfig;
import dev.swarm.node.delivery.RetryPolicy;
import dev.swarm.node.messaging.ReceiveLimits;
import java.time.Clock;

/** Everything a node needs besides its home and identity; each part validates itself. */
public record NodeOptions(ClientConfig client, ReceiveLimits limits, RetryPolicy retry, Clock clock) {
    public static final NodeOptions DEFAULTS = new NodeOptions(ClientConfig.DEFAULTS, ReceiveLimits.DEFAULTS,
            RetryPolicy.DEFAULTS, Clock.systemUTC());

    public NodeOptions withClient(ClientConfig newClient) {
        return new NodeOptions(newClient, limits, retry, clock);
    }

    public NodeOptions withRetry(RetryPolicy newRetry) {
        return new NodeOptions(client, limits, newRetry, clock);
    }

    public NodeOptions withLimits(ReceiveLimits newLimits) {
        return new NodeOptions(client, newLimits, retry, clock);
    }
}
