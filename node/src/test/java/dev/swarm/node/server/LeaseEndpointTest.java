package dev.swarm.node.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.swarm.node.lease.LeaseService;
import dev.swarm.node.lease.LeaseTable;
import dev.swarm.node.protocol.Timestamps;
import dev.swarm.node.state.Swarm;
import dev.swarm.node.support.DbDump;
import dev.swarm.node.support.RawClient;
import dev.swarm.node.support.TestNode;
import dev.swarm.node.support.WireMessages;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Lease messages at {@code POST /swarm/message}, over real HTTP/2 and TLS, at the master's node: a
 * member's take is recorded, numbered by the master and kept out of the inbox; every class of hostile
 * lease is refused with nothing stored, or (a release of someone else's lease) changes nothing.
 */
class LeaseEndpointTest {
    @TempDir
    Path dir;

    private TestNode alice;
    private RawClient client;
    private Swarm swarm;
    private final FakePeer bob = FakePeer.named("bob");
    private final FakePeer carol = FakePeer.named("carol");
    private final FakePeer mallory = FakePeer.named("mallory");

    @BeforeEach
    void setUp() {
        alice = TestNode.start(dir, "alice");
        client = new RawClient();
        swarm = alice.node().swarms().create("build-team", false);
        alice.node().database().write(store -> {
            store.members().upsert(bob.memberOf(swarm.swarmId()));
            store.members().upsert(carol.memberOf(swarm.swarmId()));
            return null;
        });
    }

    @AfterEach
    void tearDown() {
        client.close();
        alice.close();
    }

    @Test
    void aMembersTakeIsRecordedNumberedByTheMasterAndKeptOutOfTheInbox() {
        ObjectNode take = take(bob, swarm.swarmId(), m -> { });

        assertThat(post(take).status()).isEqualTo(200);

        LeaseService.Table table = alice.node().leases().table(swarm.swarmId());
        assertThat(table.leases()).singleElement().satisfies(lease -> {
            assertThat(lease.leaseId()).isEqualTo(take.get("message_id").asText());
            assertThat(lease.holder()).isEqualTo("bob");
            assertThat(lease.paths()).containsExactly("src/**", "docs/my notes.md");
            assertThat(lease.status()).isEqualTo(LeaseTable.ACTIVE);
            assertThat(lease.acknowledged()).as("alice is the master: she numbered it").isTrue();
        });
        assertThat(alice.dump().rows("coordination_acks")).singleElement()
                .satisfies(row -> assertThat(row.get("message_id")).isEqualTo(take.get("message_id").asText()));
        assertThat(alice.dump().count("inbox")).as("a lease is not a message for the agent").isZero();
    }

    @Test
    void aLeaseFromANonMemberIsRefusedAndNothingIsStored() {
        assertRefusedAndNothingStored(take(mallory, swarm.swarmId(), m -> { }), 403, "NOT_MEMBER");
    }

    @Test
    void aLeaseInASwarmThisNodeIsNotInIsRefusedAndNothingIsStored() {
        assertRefusedAndNothingStored(take(bob, UUID.randomUUID().toString(), m -> { }), 404, "SWARM_NOT_FOUND");
    }

    @Test
    void aLeaseNamingAnotherHolderIsRefusedAndNothingIsStored() {
        JsonNode error = assertRefusedAndNothingStored(take(bob, swarm.swarmId(), m -> m.put("lease_holder", "carol")),
                403, "NOT_AUTHORIZED");
        assertThat(error.get("details").get("field").asText()).isEqualTo("metadata.lease_holder");
    }

    @ParameterizedTest(name = "{0} = {1}")
    @CsvSource(delimiter = '|', value = {
            "lease_event|stolen|metadata.lease_event",
            "lease_repo|not a repo|metadata.lease_repo",
            "lease_mode|mine|metadata.lease_mode",
            "lease_paths|../../etc/passwd|metadata.lease_paths",
            "lease_paths|/etc/passwd|metadata.lease_paths",
            "lease_paths|src/a**b|metadata.lease_paths",
            "lease_paths|''|metadata.lease_paths",
            "lease_expires_at|tomorrow|metadata.lease_expires_at",
            "lease_expires_at|2020-01-01T00:00:00.000Z|metadata.lease_expires_at",
            "lease_id|6b1d7c1e-0000-4000-8000-000000000000|metadata.lease_id"})
    void aMalformedLeaseIsRefusedNamingTheFieldAndNothingIsStored(String key, String value, String field) {
        JsonNode error = assertRefusedAndNothingStored(take(bob, swarm.swarmId(), m -> m.put(key, value)), 400,
                "INVALID_FORMAT");
        assertThat(error.get("details").get("field").asText()).isEqualTo(field);
    }

    @Test
    void anExpiryBeyondTheMaximumOrBeforeTheLeaseBeganIsRefused() {
        String tooFar = Timestamps.format(Instant.now().plus(Duration.ofHours(24)).plus(Duration.ofMinutes(1)));
        String past = Timestamps.format(Instant.now().minus(Duration.ofSeconds(1)));
        assertRefusedAndNothingStored(take(bob, swarm.swarmId(), m -> m.put("lease_expires_at", tooFar)), 400,
                "INVALID_FORMAT");
        assertRefusedAndNothingStored(take(bob, swarm.swarmId(), m -> m.put("lease_expires_at", past)), 400,
                "INVALID_FORMAT");
    }

    @Test
    void anOversizedOrOverlongListOfGlobsIsRefused() {
        String many = IntStream.range(0, 33).mapToObj(i -> "dir" + i + "/**").collect(Collectors.joining("\n"));
        assertRefusedAndNothingStored(take(bob, swarm.swarmId(), m -> m.put("lease_paths", many)), 400,
                "INVALID_FORMAT");
        assertRefusedAndNothingStored(take(bob, swarm.swarmId(), m -> m.put("lease_paths", "a".repeat(257))), 400,
                "INVALID_FORMAT");
        assertRefusedAndNothingStored(take(bob, swarm.swarmId(), m -> m.put("lease_paths", 7)), 400, "INVALID_FORMAT");
    }

    @Test
    void aMemberReleasingOrRenewingAnotherMembersLeaseChangesNothing() {
        ObjectNode carols = take(carol, swarm.swarmId(), m -> { });
        assertThat(post(carols).status()).isEqualTo(200);
        String leaseId = carols.get("message_id").asText();

        ObjectNode release = lease(bob, swarm.swarmId(), "released", m -> m.put("lease_id", leaseId));
        ObjectNode renew = lease(bob, swarm.swarmId(), "renewed", m -> m.put("lease_id", leaseId)
                .put("lease_expires_at", Timestamps.format(Instant.now().plusSeconds(60))));
        assertThat(post(release).status()).isEqualTo(200);
        assertThat(post(renew).status()).isEqualTo(200);

        LeaseTable.Lease lease = alice.node().leases().table(swarm.swarmId()).leases().get(0);
        assertThat(lease.holder()).isEqualTo("carol");
        assertThat(lease.status()).isEqualTo(LeaseTable.ACTIVE);
        assertThat(lease.expiresAt()).isEqualTo(carols.get("metadata").get("lease_expires_at").asText());
    }

    private ObjectNode take(FakePeer from, String swarmId, Consumer<ObjectNode> change) {
        return lease(from, swarmId, "taken", m -> {
            m.put("lease_repo", "octo/widgets").put("lease_mode", "exclusive")
                    .put("lease_paths", "src/**\ndocs/my notes.md")
                    .put("lease_expires_at", Timestamps.format(Instant.now().plus(Duration.ofHours(1))));
            change.accept(m);
        });
    }

    private ObjectNode lease(FakePeer from, String swarmId, String event, Consumer<ObjectNode> change) {
        ObjectNode envelope = WireMessages.signed(from.seed(), from.agentId(), from.endpoint(), swarmId, "broadcast",
                "notification", "lease: " + from.agentId() + " " + event);
        ObjectNode metadata = envelope.putObject("metadata").put("lease_event", event)
                .put("lease_holder", from.agentId());
        change.accept(metadata);
        return envelope;
    }

    private RawClient.Answer post(ObjectNode envelope) {
        return client.post(alice.endpoint() + "/message", WireMessages.bytes(envelope));
    }

    private JsonNode assertRefusedAndNothingStored(ObjectNode envelope, int status, String code) {
        DbDump before = alice.dump();
        JsonNode error = ProtocolErrors.assertError(post(envelope), status, code);
        assertThat(alice.dump()).as("database after the refusal").isEqualTo(before);
        return error;
    }

}
