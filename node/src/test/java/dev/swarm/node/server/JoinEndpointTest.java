package dev.swarm.node.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.swarm.node.crypto.Ed25519;
import dev.swarm.node.invite.InviteClaims;
import dev.swarm.node.invite.InviteTokens;
import dev.swarm.node.membership.InviteService;
import dev.swarm.node.membership.SystemMessage;
import dev.swarm.node.protocol.Json;
import dev.swarm.node.protocol.Timestamps;
import dev.swarm.node.state.Invite;
import dev.swarm.node.state.Member;
import dev.swarm.node.state.Swarm;
import dev.swarm.node.support.DbDump;
import dev.swarm.node.support.RawClient;
import dev.swarm.node.support.TestNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code POST /swarm/join} against a real master node over HTTP/2 and TLS: who gets in, who waits, and
 * one test per class of bad request, each proving the refusal and that no row changed anywhere.
 */
class JoinEndpointTest {
    @TempDir
    Path dir;

    private TestNode alice;
    private RawClient client;
    private Swarm swarm;
    private InviteService.Issued invite;
    private final FakePeer bob = FakePeer.named("bob");
    private final FakePeer carol = FakePeer.named("carol");

    @BeforeEach
    void setUp() {
        alice = TestNode.start(dir, "alice");
        client = new RawClient();
        swarm = alice.node().swarms().create("build-team", false);
        invite = issue(swarm, null);
    }

    @AfterEach
    void tearDown() {
        client.close();
        alice.close();
    }

    // --- accepted and waiting --------------------------------------------------------------------

    @Test
    void validJoinIsAcceptedWithTheMembersAndStoresTheJoinerWithItsKey() {
        RawClient.Answer answer = post(joinRequest(token(), bob));

        assertThat(answer.status()).as(answer.body()).isEqualTo(200);
        JsonNode body = answer.json();
        assertThat(body.path("status").asText()).isEqualTo("accepted");
        assertThat(body.path("swarm_id").asText()).isEqualTo(swarm.swarmId());
        assertThat(body.path("swarm_name").asText()).isEqualTo("build-team");
        assertThat(memberKeys(body)).containsOnly(entry("alice", alice.identity().publicKeyBase64()),
                entry("bob", bob.publicKey()));
        assertThat(storedMember(swarm, "bob")).hasValueSatisfying(member -> {
            assertThat(member.publicKey()).isEqualTo(bob.publicKey());
            assertThat(member.endpoint()).isEqualTo(bob.endpoint());
        });
        assertThat(uses(invite)).isEqualTo(1);
    }

    @Test
    void joiningAgainWithTheSameKeyIsAcceptedWithoutAnotherRowOrUse() {
        assertThat(post(joinRequest(token(), bob)).status()).isEqualTo(200);
        DbDump afterFirst = alice.dump();

        RawClient.Answer again = post(joinRequest(token(), bob));

        assertThat(again.status()).as(again.body()).isEqualTo(200);
        assertThat(memberKeys(again.json())).containsOnlyKeys("alice", "bob");
        assertThat(alice.dump()).isEqualTo(afterFirst);
        assertThat(afterFirst.rows("members")).filteredOn(row -> "bob".equals(row.get("agent_id"))).hasSize(1);
        assertThat(uses(invite)).isEqualTo(1);
    }

    @Test
    void approvalSwarmAnswers202AndARetryWaitsWithoutUsingTheInviteAgainUntilApproved() {
        Swarm gated = alice.node().swarms().create("gated", true);
        InviteService.Issued gatedInvite = issue(gated, 2);
        ObjectNode request = joinRequest(gatedInvite.url().token(), bob);

        RawClient.Answer first = post(request);

        assertThat(first.status()).as(first.body()).isEqualTo(202);
        assertThat(first.json().path("status").asText()).isEqualTo("pending");
        assertThat(first.json().path("swarm_id").asText()).isEqualTo(gated.swarmId());
        assertThat(alice.node().approvals().pending(gated.swarmId())).singleElement().satisfies(pending -> {
            assertThat(pending.agentId()).isEqualTo("bob");
            assertThat(pending.publicKey()).isEqualTo(bob.publicKey());
        });
        assertThat(storedMember(gated, "bob")).isEmpty();
        assertThat(uses(gatedInvite)).isEqualTo(1);

        DbDump waiting = alice.dump();
        RawClient.Answer retry = post(request);
        assertThat(retry.status()).as(retry.body()).isEqualTo(202);
        assertThat(alice.dump()).isEqualTo(waiting);

        alice.node().approvals().approve(gated, "bob");
        RawClient.Answer approved = post(request);

        assertThat(approved.status()).as(approved.body()).isEqualTo(200);
        assertThat(memberKeys(approved.json())).containsOnly(entry("alice", alice.identity().publicKeyBase64()),
                entry("bob", bob.publicKey()));
        assertThat(uses(gatedInvite)).isEqualTo(1);
    }

    @Test
    void approvedMemberWhoLeftCanAskToJoinAgain() {
        Swarm gated = alice.node().swarms().create("gated", true);
        ObjectNode request = joinRequest(issue(gated, null).url().token(), bob);
        assertThat(post(request).status()).isEqualTo(202);
        alice.node().approvals().approve(gated, "bob");
        assertThat(post(request).status()).isEqualTo(200);
        ObjectNode left = bob.system(gated.swarmId(), SystemMessage.body(SystemMessage.MEMBER_LEFT, "bob"));
        assertThat(client.post(alice.endpoint() + "/message", Json.toBytes(left)).status()).isEqualTo(200);
        assertThat(storedMember(gated, "bob")).isEmpty();

        RawClient.Answer again = post(request);

        assertThat(again.status()).as(again.body()).isEqualTo(202);
        assertThat(alice.node().approvals().pending(gated.swarmId()))
                .singleElement().satisfies(pending -> assertThat(pending.agentId()).isEqualTo("bob"));
    }

    // --- the body is not a join request ----------------------------------------------------------

    @ParameterizedTest
    @ValueSource(strings = {"{\"type\":\"system\",", "join me", "", "[]", "{\"type\":\"system\"} {}"})
    void bodyThatIsNotAJsonObjectIsRefusedAndNothingIsStored(String body) {
        assertRefusedAndNothingStored(body.getBytes(StandardCharsets.UTF_8), 400, "INVALID_FORMAT");
    }

    @ParameterizedTest
    @ValueSource(strings = {"type", "action", "invite_token", "sender", "sender.agent_id", "sender.endpoint",
            "sender.public_key"})
    void joinRequestMissingARequiredFieldIsRefusedAndNothingIsStored(String field) {
        ObjectNode request = joinRequest(token(), bob);
        int dot = field.indexOf('.');
        ObjectNode parent = dot < 0 ? request : (ObjectNode) request.get(field.substring(0, dot));
        parent.remove(field.substring(dot + 1));

        JsonNode error = assertRefusedAndNothingStored(request, 400, "INVALID_FORMAT");

        assertThat(error.path("details").path("field").asText()).isEqualTo(field);
    }

    @ParameterizedTest(name = "{0} = {1}")
    @CsvSource({"action, leave_request", "action, JOIN_REQUEST", "type, message"})
    void joinRequestWithTheWrongActionOrTypeIsRefusedAndNothingIsStored(String field, String value) {
        ObjectNode request = joinRequest(token(), bob);
        request.put(field, value);

        JsonNode error = assertRefusedAndNothingStored(request, 400, "INVALID_FORMAT");

        assertThat(error.path("details").path("field").asText()).isEqualTo(field);
    }

    @ParameterizedTest
    @ValueSource(strings = {"not-a-key", "", "short", "hex"})
    void publicKeyThatIsNotAnEd25519KeyIsRefusedAndNothingIsStored(String variant) {
        byte[] raw = Base64.getDecoder().decode(bob.publicKey());
        String key = switch (variant) {
            case "short" -> Base64.getEncoder().encodeToString(Arrays.copyOf(raw, 31));
            case "hex" -> HexFormat.of().formatHex(raw);
            default -> variant;
        };
        ObjectNode request = joinRequest(token(), bob);
        ((ObjectNode) request.get("sender")).put("public_key", key);

        JsonNode error = assertRefusedAndNothingStored(request, 400, "INVALID_FORMAT");

        assertThat(error.path("details").path("field").asText()).isEqualTo("sender.public_key");
    }

    @ParameterizedTest
    @ValueSource(strings = {"http://bob.example/swarm", "http://127.0.0.1:8443/swarm", "ftp://bob.example/swarm",
            "bob.example/swarm"})
    void joinerEndpointThatIsNotHttpsIsRefusedAndNothingIsStored(String endpoint) {
        ObjectNode request = joinRequest(token(), bob);
        ((ObjectNode) request.get("sender")).put("endpoint", endpoint);

        JsonNode error = assertRefusedAndNothingStored(request, 400, "INVALID_FORMAT");

        assertThat(error.path("details").path("field").asText()).isEqualTo("sender.endpoint");
    }

    /* The master would post to the joiner's endpoint: one in a network it never calls is refused at the join. */
    @ParameterizedTest
    @ValueSource(strings = {"https://169.254.169.254/latest/meta-data", "https://[fe80::1]:9443/swarm",
            "https://[::ffff:169.254.169.254]/swarm", "https://0.0.0.0:9443/swarm", "https://224.0.0.1/swarm",
            "https://10.0.0.7:9443/swarm", "https://2130706433:9443/swarm"})
    void joinerEndpointInANetworkTheMasterNeverCallsIsRefusedAndNothingIsStored(String endpoint) {
        ObjectNode request = joinRequest(token(), bob);
        ((ObjectNode) request.get("sender")).put("endpoint", endpoint);

        JsonNode error = assertRefusedAndNothingStored(request, 400, "INVALID_FORMAT");

        assertThat(error.path("details").path("field").asText()).isEqualTo("sender.endpoint");
    }

    // --- the token -------------------------------------------------------------------------------

    @ParameterizedTest
    @ValueSource(strings = {"garbage", "a.b.c", "", "eyJhbGciOiJIUzI1NiJ9.e30.c2lnbmF0dXJl", "truncated"})
    void tokenThatIsNotASignedInviteIsRefusedWithInvalidTokenAndNothingIsStored(String token) {
        String sent = token.equals("truncated") ? token().substring(0, token().length() - 4) : token;
        assertRefusedAndNothingStored(joinRequest(sent, bob), 400, "INVALID_TOKEN");
    }

    @Test
    void tokenSignedByAnotherKeyIsRefusedWithInvalidTokenAndNothingIsStored() {
        PrivateKey otherKey = Ed25519.toJdkPrivateKey(Ed25519.newSeed(new SecureRandom()));
        String forged = tokenSignedBy(otherKey, swarm.swarmId(), null, null);
        assertRefusedAndNothingStored(joinRequest(forged, bob), 400, "INVALID_TOKEN");
    }

    @ParameterizedTest(name = "recorded by this master: {0}")
    @ValueSource(booleans = {true, false})
    void expiredTokenIsRefusedWithTokenExpiredAndNothingIsStored(boolean recorded) {
        String expiresAt = Timestamps.format(Instant.now().minus(Duration.ofMinutes(1)));
        String jti = recorded ? UUID.randomUUID().toString() : null; // an older master's token has no jti
        String expired = tokenSignedBy(masterKey(), swarm.swarmId(), expiresAt, jti);
        if (recorded) {
            alice.node().database().write(store -> {
                store.invites().insert(new Invite(jti, swarm.swarmId(), InviteTokens.contentId(expired),
                        Timestamps.format(Instant.now().minus(Duration.ofHours(2))), expiresAt, null, 0, null));
                return null;
            });
        }
        assertRefusedAndNothingStored(joinRequest(expired, bob), 401, "TOKEN_EXPIRED");
    }

    @Test
    void tokenUsedUpByAnotherAgentIsRefusedWithTokenExhaustedAndNothingIsStored() {
        InviteService.Issued once = issue(swarm, 1);
        assertThat(post(joinRequest(once.url().token(), bob)).status()).isEqualTo(200);

        assertRefusedAndNothingStored(joinRequest(once.url().token(), carol), 401, "TOKEN_EXHAUSTED");

        assertThat(storedMember(swarm, "carol")).isEmpty();
    }

    @Test
    void revokedTokenIsRefusedWithInvalidTokenAndNothingIsStored() {
        alice.node().database().write(store -> store.invites().revoke(invite.invite().inviteId(),
                Timestamps.format(Instant.now())));
        assertRefusedAndNothingStored(joinRequest(token(), bob), 400, "INVALID_TOKEN");
    }

    @Test
    void tokenForASwarmThisMasterDoesNotHaveIsRefusedWithSwarmNotFoundAndNothingIsStored() {
        String foreign = tokenSignedBy(masterKey(), UUID.randomUUID().toString(), null, UUID.randomUUID().toString());
        assertRefusedAndNothingStored(joinRequest(foreign, bob), 404, "SWARM_NOT_FOUND");
    }

    @Test
    void tokenForASwarmWhereThisNodeIsNotMasterIsRefusedWithNotMasterAndNothingIsStored() {
        FakePeer zed = FakePeer.named("zed");
        String now = Timestamps.format(Instant.now());
        Swarm theirs = new Swarm(UUID.randomUUID().toString(), "their-team", zed.agentId(), Swarm.ACTIVE, false, now,
                now);
        alice.node().database().write(store -> {
            store.swarms().insert(theirs);
            store.members().upsert(zed.memberOf(theirs.swarmId()));
            store.members().upsert(new Member(theirs.swarmId(), alice.agentId(), alice.endpoint(),
                    alice.identity().publicKeyBase64(), List.of(), now));
            return null;
        });
        String token = tokenSignedBy(masterKey(), theirs.swarmId(), null, UUID.randomUUID().toString());

        assertRefusedAndNothingStored(joinRequest(token, bob), 403, "NOT_MASTER");
    }

    // --- the agent id ----------------------------------------------------------------------------

    @Test
    void agentIdTakenByAMemberWithAnotherKeyIsRefusedAndTheMemberKeepsItsKey() {
        assertThat(post(joinRequest(token(), bob)).status()).isEqualTo(200);

        assertRefusedAndNothingStored(joinRequest(token(), bob.withNewKey()), 403, "NOT_AUTHORIZED");

        assertThat(storedMember(swarm, "bob"))
                .hasValueSatisfying(member -> assertThat(member.publicKey()).isEqualTo(bob.publicKey()));
    }

    @Test
    void agentIdWaitingForApprovalWithAnotherKeyIsRefusedAndNothingIsStored() {
        Swarm gated = alice.node().swarms().create("gated", true);
        String gatedToken = issue(gated, null).url().token();
        assertThat(post(joinRequest(gatedToken, bob)).status()).isEqualTo(202);

        assertRefusedAndNothingStored(joinRequest(gatedToken, bob.withNewKey()), 403, "NOT_AUTHORIZED");
    }

    @Test
    void joiningUnderTheMastersOwnIdIsRefusedAndNothingIsStored() {
        assertRefusedAndNothingStored(joinRequest(token(), FakePeer.named("alice")), 403, "NOT_AUTHORIZED");
    }

    @Test
    void deniedAgentJoiningAgainIsRefusedWithNotAuthorizedAndNothingIsStored() {
        Swarm gated = alice.node().swarms().create("gated", true);
        ObjectNode request = joinRequest(issue(gated, null).url().token(), bob);
        assertThat(post(request).status()).isEqualTo(202);
        alice.node().approvals().deny(gated, "bob");

        assertRefusedAndNothingStored(request, 403, "NOT_AUTHORIZED");

        assertThat(storedMember(gated, "bob")).isEmpty();
    }

    // --- helpers ---------------------------------------------------------------------------------

    private String token() {
        return invite.url().token();
    }

    private InviteService.Issued issue(Swarm target, Integer maxUses) {
        return alice.node().invites().issue(target, Duration.ofHours(1), maxUses);
    }

    private PrivateKey masterKey() {
        return Ed25519.toJdkPrivateKey(alice.seed());
    }

    /** A token naming alice as master, signed by {@code key}, issued an hour ago. */
    private String tokenSignedBy(PrivateKey key, String swarmId, String expiresAt, String jti) {
        long issuedAt = Instant.now().minus(Duration.ofHours(1)).getEpochSecond();
        return InviteTokens.issue(new InviteClaims(swarmId, alice.agentId(), alice.endpoint(), issuedAt, expiresAt,
                null, jti), key);
    }

    private static ObjectNode joinRequest(String token, FakePeer joiner) {
        return joiner.joinRequest(token);
    }

    private RawClient.Answer post(ObjectNode request) {
        return client.post(alice.endpoint() + "/join", Json.toBytes(request));
    }

    private JsonNode assertRefusedAndNothingStored(ObjectNode request, int status, String code) {
        return assertRefusedAndNothingStored(Json.toBytes(request), status, code);
    }

    /** Posts the body and checks the refusal (status, code, error shape) and that no row changed anywhere. */
    private JsonNode assertRefusedAndNothingStored(byte[] body, int status, String code) {
        DbDump before = alice.dump();
        JsonNode error = ProtocolErrors.assertError(client.post(alice.endpoint() + "/join", body), status, code);
        assertThat(alice.dump()).as("database after the refusal").isEqualTo(before);
        return error;
    }

    private static Map<String, String> memberKeys(JsonNode joinResponse) {
        Map<String, String> keys = new LinkedHashMap<>();
        joinResponse.path("members").forEach(m -> keys.put(m.path("agent_id").asText(), m.path("public_key").asText()));
        return keys;
    }

    private Optional<Member> storedMember(Swarm target, String agentId) {
        return alice.node().database().read(store -> store.members().find(target.swarmId(), agentId));
    }

    private int uses(InviteService.Issued issued) {
        return alice.node().database().read(store -> store.invites().find(issued.invite().inviteId()))
                .map(Invite::uses).orElseThrow();
    }
}
