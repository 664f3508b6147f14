package dev.swarm.node.jmh;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.swarm.node.crypto.Ed25519;
import dev.swarm.node.identity.Identity;
import dev.swarm.node.messaging.Envelopes;
import dev.swarm.node.protocol.EndpointPolicy;
import dev.swarm.node.protocol.Envelope;
import dev.swarm.node.protocol.EnvelopeCodec;
import java.security.SecureRandom;
import java.time.Clock;

/** One message as a peer sends it (both signatures), in the forms the receive path sees it. */
final class SignedMessage {
    static final String CONTENT = "benchmark message: a line of about the length agents send each other,"
            + " with a few words more so it is not trivially small.";

    final Identity sender;
    final byte[] body;
    final Envelope envelope;
    final ObjectNode tree;

    private SignedMessage(Identity sender, byte[] body, EnvelopeCodec.Parsed parsed) {
        this.sender = sender;
        this.body = body;
        this.envelope = parsed.envelope();
        this.tree = parsed.tree();
    }

    static SignedMessage create() {
        Identity sender = new Identity("bench-sender", "https://sender.bench.invalid/swarm",
                Ed25519.newSeed(new SecureRandom()));
        Envelope envelope = new Envelopes(sender, Clock.systemUTC()).build(Envelopes.Draft.message(
                "3f1c9f2e-8a51-4c8e-9a57-2d1b6c0e4f11", "bench-receiver", CONTENT));
        byte[] body = EnvelopeCodec.toBytes(envelope);
        return new SignedMessage(sender, body, EnvelopeCodec.parse(body, new EndpointPolicy(false)));
    }
}
