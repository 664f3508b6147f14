package dev.swarm.node;

import dev.swarm.node.client.ClientConfig;
import dev.swarm.node.config.Setting;
import dev.swarm.node.coordination.CoordinationConfig;
import dev.swarm.node.delivery.RetryPolicy;
import dev.swarm.node.github.GitHubConfig;
import dev.swarm.node.messaging.ReceiveLimits;
import dev.swarm.node.wake.WakeConfig;
import java.time.Clock;
import java.time.ZoneId;

/** Everything a node needs besides its home and identity; each part validates itself. */
public record NodeOptions(ClientConfig client, ReceiveLimits limits, RetryPolicy retry, Clock clock,
                          WakeConfig wake, ZoneId zone, GitHubConfig github, CoordinationConfig coordination) {
    public static final NodeOptions DEFAULTS = new NodeOptions(ClientConfig.DEFAULTS, ReceiveLimits.DEFAULTS,
            RetryPolicy.DEFAULTS, Clock.systemUTC(), WakeConfig.from(Setting::defaultValue), ZoneId.systemDefault(),
            GitHubConfig.from(Setting::defaultValue), CoordinationConfig.DEFAULTS);

    public NodeOptions withWake(WakeConfig newWake) {
        return new NodeOptions(client, limits, retry, clock, newWake, zone, github, coordination);
    }

    public NodeOptions withGitHub(GitHubConfig newGitHub) {
        return new NodeOptions(client, limits, retry, clock, wake, zone, newGitHub, coordination);
    }

    public NodeOptions withClient(ClientConfig newClient) {
        return new NodeOptions(newClient, limits, retry, clock, wake, zone, github, coordination);
    }

    public NodeOptions withRetry(RetryPolicy newRetry) {
        return new NodeOptions(client, limits, newRetry, clock, wake, zone, github, coordination);
    }

    public NodeOptions withCoordination(CoordinationConfig newCoordination) {
        return new NodeOptions(client, limits, retry, clock, wake, zone, github, newCoordination);
    }

    public NodeOptions withLimits(ReceiveLimits newLimits) {
        return new NodeOptions(client, newLimits, retry, clock, wake, zone, github, coordination);
    }
}
