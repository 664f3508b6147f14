package dev.swarm.node.presence;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.swarm.node.coordination.CoordinationConfig;
import dev.swarm.node.crypto.Ed25519;
import dev.swarm.node.client.PeerResponse;
import dev.swarm.node.identity.Identity;
import dev.swarm.node.messaging.Envelopes;
import dev.swarm.node.protocol.InfoResponse;
import dev.swarm.node.protocol.Json;
import dev.swarm.node.protocol.Timestamps;
import dev.swarm.node.state.Database;
import dev.swarm.node.state.Member;
import dev.swarm.node.state.OutboxRow;
import dev.swarm.node.state.PresenceRepository;
import dev.swarm.node.state.PresenceRow;
import dev.swarm.node.state.Swarm;
import dev.swarm.node.wake.AgentActivity;
import dev.swarm.node.wake.AgentSignal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Presence announcements with a clock the test moves: when one is sent (start, a change that lasted
 * the debounce, the heartbeat), to whom (only members whose nodes speak presence), what it says, that
 * nothing goes into the outbox, that one post at a time goes to a member, and how posts are recorded.
 */
class PresenceServiceTest {
    private static final String SWARM = "660e8400-e29b-41d4-a716-446655440001";
    private static final Duration DEBOUNCE = Duration.ofSeconds(10);
    private static final Duration HEARTBEAT = Duration.ofSeconds(300);

    @TempDir
    Path dir;

    private final MutableClock clock = new MutableClock(Instant.parse("2026-03-02T10:00:00Z"));
    private final List<String> claims = new CopyOnWriteArrayList<>();
    private Database database;
    private AgentActivity activity;
    private PresenceService presence;
    private final List<String> announced = new ArrayList<>();
    private final List<Post> posts = new CopyOnWriteArrayList<>();
    private final List<String> asked = new CopyOnWriteArrayList<>();

    /** One post the service made, and the answer the test gives it. */
    private record Post(String endpoint, JsonNode envelope, CompletableFuture<PeerResponse> answer) {
    }

    private CompletableFuture<PeerResponse> post(String endpoint, byte[] body) {
        Post post = new Post(endpoint, Json.readTree(new String(body, StandardCharsets.UTF_8)), new CompletableFuture<>());
        posts.add(post);
        return post.answer();
    }

    @BeforeEach
    void setUp() {
        database = Database.open(dir.resolve("node.db"));
        String now = Timestamps.format(clock.instant());
        database.write(store -> {
            store.swarms().insert(new Swarm(SWARM, "build-team", "alice", Swarm.ACTIVE, false, now, now));
            store.members().upsert(new Member(SWARM, "alice", "https://alice.example/swarm", key(), List.of(
                    "envelope-signature-v1", "presence-v1"), now));
            store.members().upsert(new Member(SWARM, "bob", "https://bob.example/swarm", key(), List.of(
                    "envelope-signature-v1", "presence-v1"), now));
            store.members().upsert(new Member(SWARM, "dave", "https://dave.example/swarm", key(), List.of(), now));
            store.members().upsert(new Member(SWARM, "erin", "https://erin.example/swarm", key(), List.of(
                    "envelope-signature-v1"), now));
            return null;
        });
        activity = new AgentActivity(clock);
        Identity alice = new Identity("alice", "https://alice.example/swarm", Ed25519.newSeed(new SecureRandom()));
        CoordinationConfig config = CoordinationConfig.from(setting -> switch (setting) {
            case PRESENCE_DEBOUNCE -> "10";
            case PRESENCE_HEARTBEAT -> "300";
            case PRESENCE_AWAY_AFTER -> "1800";
            default -> setting.defaultValue();
        });
        presence = new PresenceService("alice", database, new Envelopes(alice, clock), new PresenceService.Poster() {
            @Override
            public CompletableFuture<PeerResponse> post(String endpoint, byte[] envelope) {
                return PresenceServiceTest.this.post(endpoint, envelope);
            }

            @Override
            public CompletableFuture<InfoResponse> info(String endpoint) {
                asked.add(endpoint);
                return CompletableFuture.completedFuture(new InfoResponse("erin", endpoint, key(), "0.1.0",
                        List.of("envelope-signature-v1", "presence-v1"), null));
            }
        }, activity, config, clock, swarmId -> List.copyOf(claims));
    }

    @AfterEach
    void tearDown() {
        presence.close();
        database.close();
    }

    @Test
    void theFirstLookAnnouncesAwayToMembersThatSpeakPresenceOnlyAndQueuesNothing() {
        tick();

        assertThat(announced).hasSize(1);
        assertThat(posts).extracting(Post::endpoint).as("not alice herself, not dave's older node")
                .containsExactlyInAnyOrder("https://bob.example/swarm", "https://erin.example/swarm");
        JsonNode envelope = posts.get(0).envelope();
        assertThat(envelope.get("type").asText()).isEqualTo("notification");
        assertThat(envelope.get("recipient").asText()).isEqualTo("broadcast");
        assertThat(envelope.get("message_id").asText()).isEqualTo(announced.get(0));
        JsonNode metadata = envelope.get("metadata");
        assertThat(metadata.get("presence").asText()).as("no hook has reported").isEqualTo("away");
        assertThat(metadata.get("presence_agent").asText()).isEqualTo("alice");
        assertThat(metadata.get("presence_roles").asText()).isEmpty();
        assertThat(envelope.has("envelope_signature")).isTrue();
        assertThat(own().state()).isEqualTo("away");
        List<OutboxRow> queued = database.read(store -> store.outbox().list(SWARM, 100));
        assertThat(queued).as("presence is not queued").isEmpty();
    }

    @Test
    void aMemberOfOurOwnThatJoinedBeforeItSpokePresenceIsAskedOnceAndThenGetsIt() {
        tick();
        assertThat(asked).as("erin's node adds envelope signatures, so it is ours; dave's is not asked")
                .containsExactly("https://erin.example/swarm");
        Member erin = database.read(store -> store.members().find(SWARM, "erin")).orElseThrow();
        assertThat(erin.capabilities()).as("its node said so").contains("presence-v1");
        assertThat(posts).extracting(Post::endpoint).contains("https://erin.example/swarm");
        clock.advance(HEARTBEAT);
        tick();
        assertThat(asked).as("once per run").hasSize(1);
    }

    @Test
    void aMemberThatJoinsIsAnnouncedToOnceTheDebounceHasPassed() {
        tick();
        database.write(store -> {
            store.members().upsert(new Member(SWARM, "frank", "https://frank.example/swarm", key(), List.of(
                    "envelope-signature-v1", "presence-v1"), Timestamps.format(clock.instant())));
            return null;
        });
        tick();
        assertThat(posts).extracting(Post::endpoint).doesNotContain("https://frank.example/swarm");
        clock.advance(DEBOUNCE);
        tick();
        assertThat(posts).extracting(Post::endpoint).contains("https://frank.example/swarm");
        assertThat(announced).hasSize(2);
    }

    @Test
    void oneMemberGetsOnePostAtATimeAndHowItWentIsRecorded() {
        tick();
        clock.advance(HEARTBEAT);
        tick();
        assertThat(announced).hasSize(2);
        assertThat(bobsPosts()).as("bob's first post has no answer yet").hasSize(1);

        bobsPosts().get(0).answer().completeExceptionally(new java.net.ConnectException("connection refused"));
        PresenceRepository.Delivery failed = lastDelivery();
        assertThat(failed.answered()).isFalse();
        assertThat(failed.errorCode()).isEqualTo("PEER_UNREACHABLE");
        clock.advance(HEARTBEAT);
        tick();
        assertThat(bobsPosts()).hasSize(2);
        bobsPosts().get(1).answer().complete(new PeerResponse(403, ("{\"error\":{\"code\":\"NOT_MEMBER\",\"message\":"
                + "\"who?\",\"details\":null}}").getBytes(StandardCharsets.UTF_8), null));
        PresenceRepository.Delivery refused = lastDelivery();
        assertThat(refused.answered()).as("it answered, so it is reachable").isTrue();
        assertThat(refused.errorCode()).isEqualTo("NOT_MEMBER");
    }

    @Test
    void aChangeIsAnnouncedOnceItHasLastedTheDebounceAndAShorterFlapIsNeverSent() {
        tick();
        activity.signal("claude", AgentSignal.PROMPT, Optional.empty());
        tick();
        clock.advance(DEBOUNCE.minusSeconds(1));
        tick();
        assertThat(announced).as("working for 9 s: not yet").hasSize(1);
        clock.advance(Duration.ofSeconds(1));
        tick();
        assertThat(announced).hasSize(2);
        assertThat(own().state()).isEqualTo("working");
        assertThat(own().client()).isEqualTo("claude");

        activity.signal("claude", AgentSignal.TURN_END, Optional.empty());
        tick();
        clock.advance(Duration.ofSeconds(3));
        activity.signal("claude", AgentSignal.TOOL, Optional.empty());
        tick();
        clock.advance(DEBOUNCE.multipliedBy(3));
        tick();
        assertThat(announced).as("idle for three seconds, then working again: nothing to say").hasSize(2);
    }

    @Test
    void nothingChangingMeansOneAnnouncementPerHeartbeat() {
        tick();
        for (int i = 0; i < 299; i++) {
            clock.advance(Duration.ofSeconds(1));
            tick();
        }
        assertThat(announced).hasSize(1);
        clock.advance(Duration.ofSeconds(1));
        tick();
        assertThat(announced).hasSize(2);
        clock.advance(HEARTBEAT.minusSeconds(1));
        tick();
        assertThat(announced).hasSize(2);
    }

    @Test
    void aRoleAndAClaimAreAnnouncedAfterTheDebounce() {
        tick();
        bobsPosts().get(0).answer().complete(new PeerResponse(200, new byte[0], null));
        database.write(store -> store.presence().addLocalRole(SWARM, "reviewer", Timestamps.format(clock.instant())));
        claims.add("acme/app#12");
        database.write(store -> {
            // a message naming an issue changes what the claims fingerprint sees
            store.sentMessages().record("0b9e1c9e-5f7a-4c1e-9a59-2f0c7d2d9b11", SWARM, "{}",
                    Timestamps.format(clock.instant()), true);
            return null;
        });
        tick();
        clock.advance(DEBOUNCE);
        tick();

        assertThat(announced).hasSize(2);
        assertThat(own().roles()).containsExactly("reviewer");
        assertThat(own().claims()).containsExactly("acme/app#12");
        assertThat(bobsPosts()).hasSize(2);
        JsonNode metadata = bobsPosts().get(1).envelope().get("metadata");
        assertThat(metadata.get("presence_roles").asText()).isEqualTo("reviewer");
        assertThat(metadata.get("presence_claims").asText()).isEqualTo("acme/app#12");
    }

    @Test
    void noHookSignalForTheAwayTimeMakesTheAgentAway() {
        activity.signal("codex", AgentSignal.TURN_END, Optional.empty());
        tick();
        assertThat(own().state()).isEqualTo("idle");
        clock.advance(Duration.ofSeconds(1801));
        tick();
        clock.advance(DEBOUNCE);
        tick();
        assertThat(own().state()).isEqualTo("away");
    }

    private void tick() {
        presence.tick();
        PresenceRow row = own();
        if (row != null && (announced.isEmpty() || !announced.get(announced.size() - 1).equals(row.messageId()))) {
            announced.add(row.messageId());
        }
    }

    private PresenceRow own() {
        return database.read(store -> store.presence().own(SWARM)).orElse(null);
    }

    private List<Post> bobsPosts() {
        return posts.stream().filter(p -> p.endpoint().equals("https://bob.example/swarm")).toList();
    }

    private PresenceRepository.Delivery lastDelivery() {
        return database.read(store -> store.presence().lastDelivery(SWARM, "bob")).orElseThrow();
    }

    private static String key() {
        return Ed25519.encode(Ed25519.privateKey(Ed25519.newSeed(new SecureRandom())).generatePublicKey());
    }
}
