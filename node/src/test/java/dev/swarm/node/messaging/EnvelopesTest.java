package dev.swarm.node.messaging;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.swarm.node.crypto.EnvelopeSignature;
import dev.swarm.node.crypto.LegacySignature;
import dev.swarm.node.identity.Identity;
import dev.swarm.node.protocol.Envelope;
import dev.swarm.node.protocol.EnvelopeCodec;
import dev.swarm.node.protocol.Json;
import dev.swarm.node.protocol.MessageType;
import dev.swarm.node.protocol.Priority;
import dev.swarm.node.protocol.Reference;
import dev.swarm.node.support.Vectors;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The envelopes this node sends carry both signatures, and both verify over what goes on the wire. */
class EnvelopesTest {
    private static final String SWARM = "660e8400-e29b-41d4-a716-446655440001";
    private static final Instant NOW = Instant.parse("2026-02-05T14:30:00.123Z");
    private final Identity alice = new Identity("alice", "https://alice.example.com/swarm", Vectors.seed());

    @Test
    void aBuiltEnvelopeCarriesAnEnvelopeSignatureOverEveryFieldAsItGoesOnTheWire() {
        Map<String, Object> metadata = new LinkedHashMap<>();
        metadata.put("run", 42L);
        metadata.put("note", null);
        metadata.put("ci", true);
        Envelope built = new Envelopes(alice, Clock.fixed(NOW, ZoneOffset.UTC)).build(new Envelopes.Draft(SWARM,
                "bob", MessageType.MESSAGE, "d\u00e9j\u00e0 vu \ud83d\ude80", Priority.HIGH,
                null, null, null, null, List.of(new Reference("github_issue", "octo/widgets", 7L, null, null,
                "claimed")), metadata));

        ObjectNode wire = (ObjectNode) Json.readTree(new String(EnvelopeCodec.toBytes(built),
                StandardCharsets.UTF_8));

        assertThat(built.envelopeSignature()).isNotNull();
        assertThat(wire.get("envelope_signature").asText()).isEqualTo(built.envelopeSignature());
        assertThat(EnvelopeSignature.verify(alice.publicKey(), wire, built.envelopeSignature())).isTrue();
        assertThat(LegacySignature.verify(alice.publicKey(), Envelopes.signedFields(built), built.signature())).isTrue();
        wire.put("priority", "low");
        assertThat(EnvelopeSignature.verify(alice.publicKey(), wire, built.envelopeSignature())).isFalse();
    }

    @Test
    void aRestampedEnvelopeIsSignedAgainOverItsNewTimestampWithTheSameMessageId() {
        Envelope first = new Envelopes(alice, Clock.fixed(NOW, ZoneOffset.UTC))
                .build(Envelopes.Draft.system(SWARM, "broadcast", "{\"action\":\"member_left\",\"agent_id\":\"alice\"}"));

        Envelope later = new Envelopes(alice, Clock.fixed(NOW.plus(Duration.ofHours(2)), ZoneOffset.UTC))
                .restamp(first);

        assertThat(later.messageId()).isEqualTo(first.messageId());
        assertThat(later.timestamp()).isEqualTo("2026-02-05T16:30:00.123Z");
        assertThat(later.envelopeSignature()).isNotEqualTo(first.envelopeSignature());
        ObjectNode wire = (ObjectNode) Json.toTree(later);
        assertThat(EnvelopeSignature.verify(alice.publicKey(), wire, later.envelopeSignature())).isTrue();
        assertThat(LegacySignature.verify(alice.publicKey(), Envelopes.signedFields(later), later.signature())).isTrue();
    }

    @Test
    void aRestampedMessageKeepsWhenItWasFirstWrittenAndEveryLaterCopyAgreesOnIt() {
        Envelope first = new Envelopes(alice, Clock.fixed(NOW, ZoneOffset.UTC))
                .build(Envelopes.Draft.message(SWARM, "broadcast", "claimed octo/widgets#7"));
        Envelopes later = new Envelopes(alice, Clock.fixed(NOW.plus(Duration.ofHours(3)), ZoneOffset.UTC));

        Envelope second = later.restamp(first);
        Envelope third = later.restamp(second);

        assertThat(Envelopes.sentAt(first)).isEqualTo("2026-02-05T14:30:00.123Z");
        assertThat(second.metadata()).containsEntry("sent_at", "2026-02-05T14:30:00.123Z");
        assertThat(Envelopes.sentAt(second)).isEqualTo("2026-02-05T14:30:00.123Z");
        assertThat(Envelopes.sentAt(third)).isEqualTo("2026-02-05T14:30:00.123Z");
    }

    @Test
    void aSentAtAfterTheTimestampOrMoreThanAWeekBeforeItIsIgnored() {
        Envelopes now = new Envelopes(alice, Clock.fixed(NOW, ZoneOffset.UTC));

        assertThat(Envelopes.sentAt(withSentAt(now, "2026-02-05T14:31:00.000Z"))).isEqualTo("2026-02-05T14:30:00.123Z");
        assertThat(Envelopes.sentAt(withSentAt(now, "2026-01-20T00:00:00.000Z"))).isEqualTo("2026-02-05T14:30:00.123Z");
        assertThat(Envelopes.sentAt(withSentAt(now, "yesterday"))).isEqualTo("2026-02-05T14:30:00.123Z");
        assertThat(Envelopes.sentAt(withSentAt(now, "2026-02-01T09:00:00.000Z"))).isEqualTo("2026-02-01T09:00:00.000Z");
    }

    private static Envelope withSentAt(Envelopes envelopes, String sentAt) {
        return envelopes.build(new Envelopes.Draft(SWARM, "broadcast", MessageType.MESSAGE, "claimed octo/widgets#7",
                null, null, null, null, null, null, Map.of("sent_at", sentAt)));
    }
}
