package dev.swarm.node;

import dev.swarm.node.client.ClientConfig;
import dev.swarm.node.config.Setting;
import dev.swarm.node.delivery.RetryPolicy;
import dev.swarm.node.messaging.ReceiveLimits;
import dev.swarm.node.wake.WakeConfig;
import java.time.Clock;
import java.time.ZoneId;

/** Everything a node needs besides its home and identity; each part validates itself. */
public record NodeOptions(ClientConfig client, ReceiveLimits limits, RetryPolicy retry, Clock clock,
                          WakeConfig wake, ZoneId zone) {
    public static final NodeOptions DEFAULTS = new NodeOptions(ClientConfig.DEFAULTS, ReceiveLimits.DEFAULTS,
            RetryPolicy.DEFAULTS, Clock.systemUTC(), WakeConfig.from(Setting::defaultValue), ZoneId.systemDefault());

    public NodeOptions withWake(WakeConfig newWake) {
        return new NodeOptions(client, limits, retry, clock, newWake, zone);
    }

    public NodeOptions withClient(ClientConfig newClient) {
        return new NodeOptions(newClient, limits, retry, clock, wake, zone);
    }

    public NodeOptions withRetry(RetryPolicy newRetry) {
        return new NodeOptions(client, limits, newRetry, clock, wake, zone);
    }

    public NodeOptions withLimits(ReceiveLimits newLimits) {
        return new NodeOptions(client, newLimits, retry, clock, wake, zone);
    }
}
