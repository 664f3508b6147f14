package dev.swarm.node.github;

import static org.assertj.core.api.Assertions.assertThat;

import dev.swarm.node.identity.Identity;
import dev.swarm.node.messaging.Envelopes;
import dev.swarm.node.protocol.Envelope;
import dev.swarm.node.protocol.MessageType;
import dev.swarm.node.protocol.Reference;
import dev.swarm.node.support.Vectors;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Which messages are coordination events, and the time an issue event is believed to have been written. */
class IssueEventsTest {
    private static final String SWARM = "660e8400-e29b-41d4-a716-446655440001";
    private static final Instant NOW = Instant.parse("2026-02-05T14:30:00.123Z");
    private final Envelopes envelopes = new Envelopes(new Identity("alice", "https://alice.example.com/swarm",
            Vectors.seed()), Clock.fixed(NOW, ZoneOffset.UTC));

    private Envelope message(List<Reference> references, Map<String, Object> metadata) {
        return envelopes.build(new Envelopes.Draft(SWARM, "broadcast", MessageType.MESSAGE, "about octo/widgets#7",
                null, null, null, null, null, references, metadata));
    }

    private static Reference issue(String action) {
        return new Reference("github_issue", "octo/widgets", 7L, null, null, action);
    }

    @Test
    void aMessageThatChangesAnIssuesStateIsACoordinationEventAndAMentionIsNot() {
        assertThat(IssueEvents.coordinates(message(List.of(issue("claimed")), null))).isTrue();
        assertThat(IssueEvents.coordinates(message(List.of(issue(null)), Map.of("issue_event", "released")))).isTrue();
        assertThat(IssueEvents.coordinates(message(List.of(new Reference("github_pr", "octo/widgets", 9L, null, null,
                "completed")), null))).isTrue();

        assertThat(IssueEvents.coordinates(message(List.of(issue("mention")), null))).isFalse();
        assertThat(IssueEvents.coordinates(message(List.of(issue(null)), Map.of("issue_event", "started")))).isFalse();
        assertThat(IssueEvents.coordinates(message(List.of(new Reference("url", null, null, null,
                "https://example.com/x", null)), Map.of("issue_event", "claimed")))).as("no issue named").isFalse();
        assertThat(IssueEvents.coordinates(message(null, Map.of("issue_event", "claimed")))).isFalse();
    }

    @Test
    void aStatedSentTimeIsBelievedWithinTheRetryHorizonAndMovedUpToItWhenEarlier() {
        assertThat(IssueEvents.writtenAt(message(List.of(issue("claimed")), null)))
                .isEqualTo("2026-02-05T14:30:00.123Z");
        assertThat(IssueEvents.writtenAt(message(List.of(issue("claimed")), Map.of("sent_at",
                "2026-02-03T09:00:00.000Z")))).as("two days back: a retry").isEqualTo("2026-02-03T09:00:00.000Z");
        assertThat(IssueEvents.writtenAt(message(List.of(issue("claimed")), Map.of("sent_at",
                "2026-01-29T15:30:00.123Z")))).as("6 days 23 h back: at most 72 h")
                .isEqualTo("2026-02-02T14:30:00.123Z");
        assertThat(IssueEvents.writtenAt(message(List.of(issue("claimed")), Map.of("sent_at",
                "2026-02-05T14:31:00.000Z")))).as("after the timestamp").isEqualTo("2026-02-05T14:30:00.123Z");
        assertThat(IssueEvents.writtenAt(message(List.of(issue("claimed")), Map.of("sent_at", "yesterday"))))
                .isEqualTo("2026-02-05T14:30:00.123Z");
    }

    @Test
    void noMessageSaysItWasWrittenLongBeforeItsSenderJoined() {
        assertThat(BoardSource.notBeforeJoining("2026-01-29T15:30:00.123Z", "2026-02-05T10:00:00.000Z"))
                .isEqualTo("2026-02-05T09:55:00.000Z");
        assertThat(BoardSource.notBeforeJoining("2026-02-05T09:58:00.000Z", "2026-02-05T10:00:00.000Z"))
                .as("within the clock skew of the join: left alone").isEqualTo("2026-02-05T09:58:00.000Z");
        assertThat(BoardSource.notBeforeJoining("2026-01-29T15:30:00.123Z", null))
                .isEqualTo("2026-01-29T15:30:00.123Z");
    }
}
