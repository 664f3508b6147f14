package dev.swarm.node.messaging;

import dev.swarm.node.delivery.Restamper;
import dev.swarm.node.protocol.EndpointPolicy;
import dev.swarm.node.protocol.Envelope;
import dev.swarm.node.protocol.EnvelopeCodec;
import dev.swarm.node.protocol.Timestamps;
import dev.swarm.node.state.OutboxRow;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * Re-stamps outbox envelopes older than a minute before they are sent again (see {@link Restamper}).
 * A minute keeps well inside any receiver's skew window: ours allows five by default, and a receiver
 * configured tighter than a minute would refuse even first attempts from a slightly slow clock.
 */
public final class Restamping implements Restamper {
    static final Duration AFTER = Duration.ofSeconds(60);
    private static final EndpointPolicy OWN_ENVELOPES = new EndpointPolicy(true);

    private final Envelopes envelopes;

    public Restamping(Envelopes envelopes) {
        this.envelopes = envelopes;
    }

    @Override
    public Optional<String> refresh(OutboxRow row, Instant now) {
        Envelope stored = EnvelopeCodec.parse(row.envelope().getBytes(StandardCharsets.UTF_8), OWN_ENVELOPES)
                .envelope();
        if (Duration.between(Timestamps.parse(stored.timestamp()), now).compareTo(AFTER) < 0) {
            return Optional.empty();
        }
        return Optional.of(new String(EnvelopeCodec.toBytes(envelopes.restamp(stored)), StandardCharsets.UTF_8));
    }
}
