package dev.swarm.node.coordination;

import static org.assertj.core.api.Assertions.assertThat;

import dev.swarm.node.identity.Identity;
import dev.swarm.node.messaging.Envelopes;
import dev.swarm.node.protocol.EndpointPolicy;
import dev.swarm.node.protocol.Envelope;
import dev.swarm.node.protocol.EnvelopeCodec;
import dev.swarm.node.protocol.MessageType;
import dev.swarm.node.support.Schemas;
import dev.swarm.node.support.Vectors;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/**
 * The acknowledgement's wire form: what the master builds matches {@code coordination-ack.schema.json}
 * and reads back the same; every malformed one is refused by the schema and by the parser alike (and
 * then counts as an ordinary notification).
 */
class AcknowledgementsTest {
    private static final String SCHEMA = "coordination-ack.schema.json";
    private static final String SWARM = "660e8400-e29b-41d4-a716-446655440001";
    private static final String EPOCH = "2026-02-01T08:00:00.000Z";
    private static final String ID = "550e8400-e29b-41d4-a716-446655440000";
    private static final String OTHER_ID = "550e8400-e29b-41d4-a716-446655440009";
    private final Envelopes envelopes = new Envelopes(new Identity("alice", "https://alice.example.com/swarm",
            Vectors.seed()), Clock.fixed(Instant.parse("2026-02-05T14:30:00.123Z"), ZoneOffset.UTC));

    private Envelope notification(Map<String, Object> metadata) {
        Envelope built = envelopes.build(new Envelopes.Draft(SWARM, "broadcast", MessageType.NOTIFICATION,
                "acknowledged", null, null, null, null, null, null, metadata));
        // as a receiver reads it off the wire
        return EnvelopeCodec.parse(EnvelopeCodec.toBytes(built), new EndpointPolicy(false)).envelope();
    }

    private static String wire(Envelope envelope) {
        return new String(EnvelopeCodec.toBytes(envelope), StandardCharsets.UTF_8);
    }

    @Test
    void whatTheMasterBuildsMatchesTheSchemaAndReadsBackTheSame() {
        List<Acknowledgements.Entry> entries = new ArrayList<>();
        for (int i = 1; i <= Acknowledgements.MAX_ENTRIES; i++) {
            entries.add(new Acknowledgements.Entry(i % 2 == 0 ? "bob" : "a".repeat(256), ID, 999_999_999_999_999L - i));
        }
        for (List<Acknowledgements.Entry> some : List.of(entries.subList(0, 1), entries)) {
            Acknowledgements.Ack ack = new Acknowledgements.Ack(EPOCH, some);
            Envelope envelope = notification(Acknowledgements.metadata(ack));

            Schemas.assertValid(SCHEMA, wire(envelope));
            Schemas.assertValid("envelope.schema.json", wire(envelope));
            assertThat(Acknowledgements.parse(envelope)).contains(ack);
            assertThat(Acknowledgements.marked(envelope.metadata())).isTrue();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "", " ", "1:bob:" + ID + " ", "1:bob:" + ID + "  2:bob:" + OTHER_ID, "0:bob:" + ID, "01:bob:" + ID,
        "-1:bob:" + ID, "1234567890123456:bob:" + ID, "x:bob:" + ID, "1:bob", "1::" + ID, "1:bob:" + ID + ":x",
        "1:bro adcast:" + ID, "1:broadcast:" + ID, "1:b\u00f6b:" + ID,
        "1:bob:" + "550E8400-E29B-41D4-A716-446655440000",
        "1:bob:not-a-uuid", "1:bob:" + ID + ",2:bob:" + OTHER_ID})
    void aMalformedListIsRefusedByTheSchemaAndTheParser(String list) {
        Envelope envelope = notification(Map.of(Acknowledgements.EPOCH, EPOCH, Acknowledgements.KEY, list));

        Schemas.assertInvalid(SCHEMA, wire(envelope));
        assertThat(Acknowledgements.parse(envelope)).isEmpty();
        assertThat(Acknowledgements.marked(envelope.metadata())).as("it still never wakes anyone").isTrue();
    }

    @Test
    void aMissingOrMalformedEpochTooManyEntriesOrTheWrongTypeIsRefusedByBoth() {
        String one = "1:bob:" + ID;
        List<Map<String, Object>> bad = new ArrayList<>();
        bad.add(Map.of(Acknowledgements.KEY, one));
        bad.add(Map.of(Acknowledgements.EPOCH, "2026-02-01T08:00:00Z", Acknowledgements.KEY, one));
        bad.add(Map.of(Acknowledgements.EPOCH, 7L, Acknowledgements.KEY, one));
        bad.add(Map.of(Acknowledgements.EPOCH, EPOCH, Acknowledgements.KEY, 1L));
        bad.add(Map.of(Acknowledgements.EPOCH, EPOCH, Acknowledgements.KEY,
                String.join(" ", java.util.Collections.nCopies(Acknowledgements.MAX_ENTRIES + 1, one))));
        for (Map<String, Object> metadata : bad) {
            Envelope envelope = notification(metadata);
            Schemas.assertInvalid(SCHEMA, wire(envelope));
            assertThat(Acknowledgements.parse(envelope)).as("%s", metadata).isEmpty();
        }
        Map<String, Object> good = new LinkedHashMap<>(Map.of(Acknowledgements.EPOCH, EPOCH,
                Acknowledgements.KEY, one));
        Envelope asMessage = envelopes.build(new Envelopes.Draft(SWARM, "broadcast", MessageType.MESSAGE, "x", null,
                null, null, null, null, null, good));
        Schemas.assertInvalid(SCHEMA, wire(asMessage));
        assertThat(Acknowledgements.parse(asMessage)).as("only a notification acknowledges")
                .isEqualTo(Optional.empty());
    }
}
