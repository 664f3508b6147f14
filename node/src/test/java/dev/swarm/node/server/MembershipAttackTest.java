package dev.swarm.node.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.swarm.node.crypto.Ed25519;
import dev.swarm.node.crypto.SignedStatement;
import dev.swarm.node.membership.SystemMessage;
import dev.swarm.node.protocol.Json;
import dev.swarm.node.protocol.ProtocolVersion;
import dev.swarm.node.protocol.Timestamps;
import dev.swarm.node.state.Member;
import dev.swarm.node.state.Swarm;
import dev.swarm.node.support.DbDump;
import dev.swarm.node.support.RawClient;
import dev.swarm.node.support.TestNode;
import dev.swarm.node.support.WireMessages;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Attempts to rewrite a member list or the mastership without the right to, against a real node
 * (alice) over HTTP/2 and TLS. alice is an ordinary member of maria's swarm with bob and carol; the
 * others exist only as keys ({@link FakePeer}). Every refusal is checked for its code and for leaving
 * every table exactly as it was; each attack has a genuine counterpart that is accepted, so a check
 * that refused everything would fail here.
 */
class MembershipAttackTest {
    /** When alice joined, and so since when she knows maria is the master. */
    private static final Duration JOINED_AGO = Duration.ofMinutes(10);

    @TempDir
    Path dir;

    private TestNode alice;
    private RawClient client;
    private Swarm swarm;
    private final FakePeer maria = FakePeer.named("maria");
    private final FakePeer bob = FakePeer.named("bob");
    private final FakePeer carol = FakePeer.named("carol");

    @BeforeEach
    void setUp() {
        alice = TestNode.start(dir, "alice");
        client = new RawClient();
        String joined = Timestamps.format(Instant.now().minus(JOINED_AGO));
        swarm = new Swarm(UUID.randomUUID().toString(), "their-team", "maria", Swarm.ACTIVE, false, joined, joined);
        alice.node().database().write(store -> {
            store.swarms().insert(swarm);
            for (FakePeer peer : List.of(maria, bob, carol)) {
                store.members().upsert(peer.memberOf(swarm.swarmId()));
            }
            store.members().upsert(new Member(swarm.swarmId(), "alice", alice.endpoint(),
                    alice.identity().publicKeyBase64(), List.of(ProtocolVersion.ENVELOPE_SIGNATURE_V1), joined));
            return null;
        });
    }

    @AfterEach
    void tearDown() {
        client.close();
        alice.close();
    }

    // --- member lists ------------------------------------------------------------------------------

    @Test
    void memberKickedForgedByAMemberWhoIsNotTheMasterIsRefusedWithNotMaster() {
        ObjectNode kickCarol = SystemMessage.body(SystemMessage.MEMBER_KICKED, "carol").put("swarm_id", swarm.swarmId());

        assertRefusedAndNothingChanged(bob.system(swarm.swarmId(), kickCarol), 403, "NOT_MASTER");

        assertThat(post(maria.system(swarm.swarmId(), kickCarol)).status()).as("the master's own kick").isEqualTo(200);
        assertThat(members()).containsOnlyKeys("maria", "bob", "alice");
    }

    @Test
    void memberJoinedFromSomeoneOutsideTheSwarmIsRefusedWithNotMember() {
        FakePeer mallory = FakePeer.named("mallory");

        assertRefusedAndNothingChanged(mallory.system(swarm.swarmId(), memberJoined(mallory, true)), 403,
                "NOT_MEMBER");

        assertThat(members()).doesNotContainKey("mallory");
    }

    @Test
    void memberJoinedFromAMemberWhoIsNotTheMasterIsRefusedWithNotMasterWithOrWithoutAKey() {
        FakePeer mallory = FakePeer.named("mallory");

        assertRefusedAndNothingChanged(bob.system(swarm.swarmId(), memberJoined(mallory, true)), 403, "NOT_MASTER");
        assertRefusedAndNothingChanged(bob.system(swarm.swarmId(), memberJoined(mallory, false)), 403, "NOT_MASTER");
    }

    @Test
    void memberLeftNamingAnotherAgentIsRefusedWithNotAuthorized() {
        ObjectNode carolLeft = SystemMessage.body(SystemMessage.MEMBER_LEFT, "carol").put("swarm_id", swarm.swarmId());

        assertRefusedAndNothingChanged(bob.system(swarm.swarmId(), carolLeft), 403, "NOT_AUTHORIZED");

        assertThat(post(carol.system(swarm.swarmId(), carolLeft)).status()).as("carol leaving herself").isEqualTo(200);
        assertThat(members()).containsOnlyKeys("maria", "bob", "alice");
    }

    @Test
    void theMasterCannotRewriteAnExistingMembersKeyOrEndpointAndTheRealMemberStillDelivers() {
        FakePeer impostor = bob.withNewKey();
        ObjectNode newKey = SystemMessage.body(SystemMessage.MEMBER_JOINED, "bob").put("swarm_id", swarm.swarmId())
                .put("endpoint", bob.endpoint()).put("public_key", impostor.publicKey())
                .put("joined_at", Timestamps.format(Instant.now()));
        ObjectNode newEndpoint = newKey.deepCopy().put("public_key", bob.publicKey())
                .put("endpoint", "https://mallory.example/swarm");
        ObjectNode carolsKeyForDave = SystemMessage.body(SystemMessage.MEMBER_JOINED, "dave")
                .put("swarm_id", swarm.swarmId()).put("endpoint", "https://dave.example/swarm")
                .put("public_key", carol.publicKey()).put("joined_at", Timestamps.format(Instant.now()));

        for (ObjectNode rewrite : List.of(newKey, newEndpoint, carolsKeyForDave)) {
            assertRefusedAndNothingChanged(maria.system(swarm.swarmId(), rewrite), 403, "NOT_AUTHORIZED");
        }

        assertThat(members()).containsEntry("bob", bob.publicKey()).doesNotContainKey("dave");
        assertThat(post(bob.message(swarm.swarmId(), "broadcast", "still me")).status()).isEqualTo(200);
        ProtocolErrors.assertError(post(impostor.message(swarm.swarmId(), "broadcast", "now me")), 401,
                "INVALID_SIGNATURE");
    }

    // --- key rotation -------------------------------------------------------------------------------

    @Test
    void aMembersOwnSignedRotationReplacesItsKeyAndEndpoint() {
        FakePeer rotated = bob.withNewKey();

        RawClient.Answer answer = post(bob.system(swarm.swarmId(), rotation(bob, "bob", bob, rotated)));

        assertThat(answer.status()).as(answer.body()).isEqualTo(200);
        assertThat(members()).containsEntry("bob", rotated.publicKey());
        assertThat(post(rotated.message(swarm.swarmId(), "broadcast", "new key")).status()).isEqualTo(200);
        ProtocolErrors.assertError(post(bob.message(swarm.swarmId(), "broadcast", "old key")), 401,
                "INVALID_SIGNATURE");
    }

    @Test
    void aRotationRetriedWithTheNewKeysSignatureIsStillAccepted() {
        FakePeer rotated = bob.withNewKey();
        // bob's node re-signs a retry with the key it now holds; the statement inside carries both proofs
        ObjectNode retry = WireMessages.signed(rotated.seed(), "bob", bob.endpoint(), swarm.swarmId(), "broadcast",
                "system", Json.toText(rotation(bob, "bob", bob, rotated)));

        assertThat(post(retry).status()).isEqualTo(200);

        assertThat(members()).containsEntry("bob", rotated.publicKey());
        // the same new-key signature on anything else is still refused
        ProtocolErrors.assertError(post(WireMessages.signed(FakePeer.named("x").seed(), "carol", carol.endpoint(),
                swarm.swarmId(), "broadcast", "system", Json.toText(rotation(carol, "carol", carol,
                        FakePeer.named("y"))))), 401, "INVALID_SIGNATURE");
    }

    static Stream<Arguments> forgedRotations() {
        return Stream.of(
                rotationCase("announced by the master for bob", (t, bob, fresh) ->
                        t.maria().system(t.swarmId(), t.test().rotation(bob, "bob", bob, fresh))),
                rotationCase("statement not signed by bob's current key", (t, bob, fresh) ->
                        bob.system(t.swarmId(), t.test().rotation(FakePeer.named("bob"), "bob", bob, fresh))),
                rotationCase("without the new key's proof", (t, bob, fresh) -> {
                    ObjectNode body = t.test().rotation(bob, "bob", bob, fresh);
                    body.remove("new_key_signature");
                    return bob.system(t.swarmId(), body);
                }),
                rotationCase("new key's proof made by another key", (t, bob, fresh) -> {
                    ObjectNode body = t.test().rotation(bob, "bob", bob, fresh);
                    body.put("new_key_signature", SignedStatement.sign(Ed25519.privateKey(FakePeer.named("x").seed()),
                            (ObjectNode) body.get("rotation")));
                    return bob.system(t.swarmId(), body);
                }),
                rotationCase("to carol's key", (t, bob, fresh) ->
                        bob.system(t.swarmId(), t.test().rotation(bob, "bob", bob, t.carol()))));
    }

    @ParameterizedTest
    @MethodSource("forgedRotations")
    void aForgedKeyRotationIsRefusedAndTheKeyStays(RotationForgery forgery) {
        ObjectNode envelope = forgery.build(new RotationScene(this, maria, carol, swarm.swarmId()), bob,
                bob.withNewKey());

        assertRefusedAndNothingChanged(envelope, 403, "NOT_AUTHORIZED");

        assertThat(members()).containsEntry("bob", bob.publicKey());
    }

    /** What a forged rotation is built from. */
    record RotationScene(MembershipAttackTest test, FakePeer maria, FakePeer carol, String swarmId) {
    }

    @FunctionalInterface
    interface RotationForgery {
        ObjectNode build(RotationScene scene, FakePeer bob, FakePeer fresh);
    }

    private static Arguments rotationCase(String name, RotationForgery forgery) {
        return Arguments.of(Named.of(name, forgery));
    }

    /** A key_rotated body for {@code agentId}: the statement signed by {@code oldSigner} and by {@code fresh}. */
    ObjectNode rotation(FakePeer oldSigner, String agentId, FakePeer holder, FakePeer fresh) {
        ObjectNode statement = Json.mapper().createObjectNode().put("statement", "key-rotation-v1")
                .put("swarm_id", swarm.swarmId()).put("agent_id", agentId).put("old_public_key", holder.publicKey())
                .put("new_public_key", fresh.publicKey()).put("endpoint", holder.endpoint())
                .put("rotated_at", Timestamps.format(Instant.now()));
        ObjectNode body = SystemMessage.body("key_rotated", agentId).put("swarm_id", swarm.swarmId());
        body.set("rotation", statement);
        body.put("signature", SignedStatement.sign(Ed25519.privateKey(oldSigner.seed()), statement));
        body.put("new_key_signature", SignedStatement.sign(Ed25519.privateKey(fresh.seed()), statement));
        return body;
    }

    // --- the reference implementation's concatenated kick content ----------------------------------

    @Test
    void aReferenceMastersKickWhoseReasonHoldsQuotesRemovesTheMember() {
        String content = "{\"action\":\"member_kicked\",\"agent_id\":\"bob\",\"reason\":\"he said \"no\" twice\"}";

        RawClient.Answer answer = post(WireMessages.signed(maria.seed(), "maria", maria.endpoint(), swarm.swarmId(),
                "broadcast", "system", content));

        assertThat(answer.status()).as(answer.body()).isEqualTo(200);
        assertThat(members()).containsOnlyKeys("maria", "carol", "alice");
    }

    @Test
    void aReasonCraftedToNameAnotherAgentCannotChangeWhoIsKicked() {
        // the reference concatenates: reason = x", "agent_id": "carol  makes valid JSON with a second agent_id
        String content = "{\"action\":\"member_kicked\",\"agent_id\":\"bob\","
                + "\"reason\":\"x\", \"agent_id\": \"carol\"}";

        assertThat(post(WireMessages.signed(maria.seed(), "maria", maria.endpoint(), swarm.swarmId(), "broadcast",
                "system", content)).status()).isEqualTo(200);

        assertThat(members()).containsOnlyKeys("maria", "carol", "alice");
    }

    @Test
    void aReferenceMastersKickOfThisNodeWithQuotesInTheReasonMarksTheSwarmKicked() {
        String content = "{\"action\":\"kicked\",\"agent_id\":\"alice\",\"reason\":\"\"quoted\" reason\"}";

        assertThat(post(WireMessages.signed(maria.seed(), "maria", maria.endpoint(), swarm.swarmId(), "alice",
                "system", content)).status()).isEqualTo(200);

        assertThat(stored().state()).isEqualTo(Swarm.KICKED);
    }

    @Test
    void systemContentWithADuplicatedKeyIsRefused() {
        String content = "{\"action\":\"member_kicked\",\"swarm_id\":\"" + swarm.swarmId()
                + "\",\"agent_id\":\"bob\",\"agent_id\":\"carol\"}";

        assertRefusedAndNothingChanged(WireMessages.signed(maria.seed(), "maria", maria.endpoint(), swarm.swarmId(),
                "broadcast", "system", content), 400, "INVALID_FORMAT");
    }

    // --- master transfer ---------------------------------------------------------------------------

    @Test
    void masterChangedFromTheOldMasterWithTheTransferAndItsCommitMakesTheNewMasterTheMasterHere() {
        ObjectNode proof = transfer(maria, carol, Instant.now().minusSeconds(30));

        RawClient.Answer answer = post(maria.system(swarm.swarmId(), masterChanged(carol, maria, proof)));

        assertThat(answer.status()).as(answer.body()).isEqualTo(200);
        assertThat(stored().master()).isEqualTo("carol");
        assertThat(stored().masterSince()).isEqualTo(committedAt(proof));
        // and carol's authority is what counts from now on
        ObjectNode kickBob = SystemMessage.body(SystemMessage.MEMBER_KICKED, "bob").put("swarm_id", swarm.swarmId());
        assertRefusedAndNothingChanged(maria.system(swarm.swarmId(), kickBob), 403, "NOT_MASTER");
        assertThat(post(carol.system(swarm.swarmId(), kickBob)).status()).isEqualTo(200);
        assertThat(members()).containsOnlyKeys("maria", "carol", "alice");
    }

    @Test
    void masterChangedWithoutATransferProofIsRefusedWithNotAuthorized() {
        ObjectNode claim = masterChanged(bob, maria, null);
        claim.remove("transfer");

        assertRefusedAndNothingChanged(maria.system(swarm.swarmId(), claim), 403, "NOT_AUTHORIZED");
        assertThat(stored().master()).isEqualTo("maria");
    }

    static Stream<Arguments> badProofs() {
        return Stream.of(
                proof("signed with the claimant's key, not the old master's", (t, p) -> {
                    t.proof().put("signature", WireMessages.resign(t.proof().deepCopy(), t.bob().seed())
                            .get("signature").asText());
                }),
                proof("maria's transfer to carol, rewritten to name bob after she signed it", (t, p) -> {
                    ObjectNode toCarol = t.maria().resign(transferEnvelope(t.maria(), "carol", p.swarmId(), p.at()));
                    toCarol.put("recipient", "bob").put("content", t.proof().get("content").asText());
                    t.proof().removeAll().setAll(toCarol);
                }),
                proof("transferring to carol, announced by bob", (t, p) -> {
                    ObjectNode toCarol = t.maria().resign(transferEnvelope(t.maria(), "carol", p.swarmId(), p.at()));
                    t.proof().removeAll().setAll(toCarol);
                }),
                proof("of another swarm", (t, p) -> {
                    String other = UUID.randomUUID().toString();
                    ObjectNode elsewhere = transferEnvelope(t.maria(), "bob", other, p.at());
                    t.proof().removeAll().setAll(t.maria().resign(elsewhere));
                }),
                proof("an ordinary message, not master_transfer", (t, p) -> {
                    ObjectNode message = t.maria().message(p.swarmId(), "bob", "you are the master now");
                    t.proof().removeAll().setAll(message);
                }),
                proof("sent by bob himself", (t, p) -> {
                    ObjectNode self = WireMessages.signed(t.bob().seed(), "bob", t.bob().endpoint(), p.swarmId(), "bob",
                            "system", t.proof().get("content").asText());
                    t.proof().removeAll().setAll(self);
                }),
                proof("not an envelope at all", (t, p) -> t.proof().removeAll().put("note", "trust me")),
                proof("with an envelope_signature that does not verify", (t, p) -> {
                    WireMessages.withEnvelopeSignature(t.proof(), t.maria().seed());
                    t.proof().put("priority", "high");
                }));
    }

    @ParameterizedTest
    @MethodSource("badProofs")
    void masterChangedWithABadTransferProofIsRefusedWithNotAuthorized(ProofEdit edit) {
        Instant at = Instant.now().minusSeconds(30);
        ObjectNode proof = transfer(maria, bob, at);
        edit.apply(new Actors(maria, bob, proof), new Place(swarm.swarmId(), at));

        assertRefusedAndNothingChanged(maria.system(swarm.swarmId(), masterChanged(bob, maria, proof)), 403,
                "NOT_AUTHORIZED");
        assertThat(stored().master()).isEqualTo("maria");
    }

    @Test
    void masterChangedAnnouncedBySomeoneOtherThanTheOldMasterIsRefused() {
        ObjectNode proof = transfer(maria, carol, Instant.now().minusSeconds(30));

        assertRefusedAndNothingChanged(bob.system(swarm.swarmId(), masterChanged(carol, maria, proof)), 403,
                "NOT_AUTHORIZED");
        // the new master holding both proofs cannot announce them itself either: only the old master commits
        assertRefusedAndNothingChanged(carol.system(swarm.swarmId(), masterChanged(carol, maria, proof)), 403,
                "NOT_AUTHORIZED");
    }

    @Test
    void masterChangedWhoseCommitIsMissingForgedOrForAnotherTransferIsRefused() {
        ObjectNode proof = transfer(maria, carol, Instant.now().minusSeconds(30));
        ObjectNode noCommit = masterChanged(carol, maria, proof);
        noCommit.remove("commit");
        ObjectNode forged = masterChanged(carol, maria, proof);
        forged.put("commit_signature", SignedStatement.sign(Ed25519.privateKey(carol.seed()),
                (ObjectNode) forged.get("commit")));
        ObjectNode otherTransfer = masterChanged(carol, maria, proof);
        ((ObjectNode) otherTransfer.get("commit")).put("transfer_id", UUID.randomUUID().toString());
        otherTransfer.put("commit_signature", SignedStatement.sign(Ed25519.privateKey(maria.seed()),
                (ObjectNode) otherTransfer.get("commit")));

        for (ObjectNode bad : List.of(noCommit, forged, otherTransfer)) {
            assertRefusedAndNothingChanged(maria.system(swarm.swarmId(), bad), 403, "NOT_AUTHORIZED");
        }
        assertThat(stored().master()).isEqualTo("maria");
    }

    @Test
    void masterChangedNamingAnOldMasterThatIsNotTheMasterHereIsRefused() {
        ObjectNode proof = transfer(bob, carol, Instant.now().minusSeconds(30));

        assertRefusedAndNothingChanged(bob.system(swarm.swarmId(), masterChanged(carol, bob, proof)), 403,
                "NOT_AUTHORIZED");
    }

    @Test
    void transferProofSignedBeforeThisNodeJoinedIsRefused() {
        ObjectNode proof = transfer(maria, carol, Instant.now().minus(JOINED_AGO).minusSeconds(60));

        assertRefusedAndNothingChanged(maria.system(swarm.swarmId(), masterChanged(carol, maria, proof)), 403,
                "NOT_AUTHORIZED");
    }

    @Test
    void anExactReplayOfAnAcceptedMasterChangedIsAnswered200AndAppliedOnce() {
        ObjectNode proof = transfer(maria, carol, Instant.now().minusSeconds(30));
        byte[] announcement = WireMessages.bytes(maria.system(swarm.swarmId(), masterChanged(carol, maria, proof)));
        assertThat(client.post(url(), announcement).status()).isEqualTo(200);
        DbDump afterFirst = alice.dump();

        RawClient.Answer replay = client.post(url(), announcement);

        assertThat(replay.status()).as(replay.body()).isEqualTo(200);
        assertThat(alice.dump()).isEqualTo(afterFirst);
        assertThat(afterFirst.count("inbox")).isEqualTo(1);
    }

    @Test
    void aFormerMasterReplayingItsOldProofAfterTheMastershipMovedBackIsRefused() {
        Instant start = Instant.now().minus(Duration.ofMinutes(5));
        ObjectNode toCarol = transfer(maria, carol, start);
        assertThat(post(maria.system(swarm.swarmId(), masterChanged(carol, maria, toCarol))).status()).isEqualTo(200);
        ObjectNode backToMaria = transfer(carol, maria, start.plusSeconds(60));
        assertThat(post(carol.system(swarm.swarmId(), masterChanged(maria, carol, backToMaria))).status())
                .isEqualTo(200);
        assertThat(stored().master()).isEqualTo("maria");

        // the first transfer's genuine proof and commit, announced again in a fresh message, are stale now
        assertRefusedAndNothingChanged(maria.system(swarm.swarmId(), masterChanged(carol, maria, toCarol)), 403,
                "NOT_AUTHORIZED");
        assertRefusedAndNothingChanged(carol.system(swarm.swarmId(), masterChanged(carol, maria, toCarol)), 403,
                "NOT_AUTHORIZED");

        assertThat(stored().master()).isEqualTo("maria");
    }

    @Test
    void masterTransferFromAMemberWhoIsNotTheMasterIsRefusedWithNotMaster() {
        ObjectNode fromBob = WireMessages.signed(bob.seed(), "bob", bob.endpoint(), swarm.swarmId(), "alice", "system",
                Json.toText(SystemMessage.body(SystemMessage.MASTER_TRANSFER, "alice").put("swarm_id", swarm.swarmId())));

        assertRefusedAndNothingChanged(fromBob, 403, "NOT_MASTER");
    }

    @Test
    void masterTransferNamingSomeoneElseIsRefusedWithNotAuthorized() {
        ObjectNode toCarol = WireMessages.signed(maria.seed(), "maria", maria.endpoint(), swarm.swarmId(), "alice",
                "system", Json.toText(SystemMessage.body(SystemMessage.MASTER_TRANSFER, "carol")
                        .put("swarm_id", swarm.swarmId())));

        assertRefusedAndNothingChanged(toCarol, 403, "NOT_AUTHORIZED");
    }

    @Test
    void masterTransferToThisNodeOnlyAsksAndItsCommitFromTheOldMasterMakesItMaster() {
        ObjectNode transfer = WireMessages.signed(maria.seed(), "maria", maria.endpoint(), swarm.swarmId(), "alice",
                "system", Json.toText(SystemMessage.body(SystemMessage.MASTER_TRANSFER, "alice")
                        .put("swarm_id", swarm.swarmId()).put("require_approval", true)));

        RawClient.Answer answer = post(transfer);

        // the request is stored and changes nothing: a 2xx the old master never saw must not make anyone master
        assertThat(answer.status()).as(answer.body()).isEqualTo(200);
        assertThat(stored().master()).isEqualTo("maria");
        assertThat(alice.dump().rows("outbox")).as("the new master announces nothing itself").isEmpty();

        FakePeer self = FakePeer.named("alice");
        ObjectNode commit = masterChanged(self, maria, transfer);
        RawClient.Answer committed = post(maria.system(swarm.swarmId(), commit));

        assertThat(committed.status()).as(committed.body()).isEqualTo(200);
        assertThat(stored().master()).isEqualTo("alice");
        assertThat(stored().requireApproval()).isTrue();
        assertThat(stored().masterSince()).isEqualTo(committedAt(transfer));
    }

    // --- the full-envelope signature ---------------------------------------------------------------

    static Stream<Arguments> tamperings() {
        return Stream.of(
                tampering("priority raised", e -> e.put("priority", "high")),
                tampering("sender.endpoint redirected", e -> ((ObjectNode) e.get("sender"))
                        .put("endpoint", "https://mallory.example/swarm")),
                tampering("metadata changed", e -> e.putObject("metadata").put("approved", true)),
                tampering("thread_id added", e -> e.put("thread_id", UUID.randomUUID().toString())),
                tampering("envelope_signature stripped", e -> e.remove("envelope_signature")));
    }

    @ParameterizedTest
    @MethodSource("tamperings")
    void messageFromAMemberThatSignsWholeEnvelopesIsRefusedWhenChangedAfterSigning(Consumer<ObjectNode> tamper) {
        recordCapability(bob);
        ObjectNode intact = WireMessages.withEnvelopeSignature(bob.message(swarm.swarmId(), "broadcast", "ship it"),
                bob.seed());
        ObjectNode tampered = WireMessages.withEnvelopeSignature(bob.message(swarm.swarmId(), "broadcast", "ship it"),
                bob.seed());
        tamper.accept(tampered);

        assertRefusedAndNothingChanged(tampered, 401, "INVALID_SIGNATURE");

        assertThat(post(intact).status()).as("the same message untouched").isEqualTo(200);
    }

    @Test
    void anEnvelopeSignatureIsCheckedWheneverPresentEvenFromAMemberThatDidNotAnnounceIt() {
        ObjectNode tampered = WireMessages.withEnvelopeSignature(carol.message(swarm.swarmId(), "broadcast", "hi"),
                carol.seed()).put("priority", "high");

        assertRefusedAndNothingChanged(tampered, 401, "INVALID_SIGNATURE");

        assertThat(post(carol.message(swarm.swarmId(), "broadcast", "legacy signature only")).status())
                .as("an older peer's message without one").isEqualTo(200);
    }

    /*
     * One Ed25519 verification per message: the full-envelope signature covers every field the legacy
     * recipe covers, so a message carrying a valid one is authenticated by it alone. The legacy
     * signature below is well formed but made with another key over other content: were it verified
     * too, the message would be refused.
     */
    @Test
    void aValidEnvelopeSignatureAloneAuthenticatesTheMessageSoTheLegacySignatureIsNotCheckedAgain() {
        recordCapability(bob);
        ObjectNode message = bob.message(swarm.swarmId(), "broadcast", "one check is enough");
        String foreignLegacy = WireMessages.signed(carol.seed(), "carol", carol.endpoint(), swarm.swarmId(),
                "broadcast", "message", "something else").get("signature").asText();
        message.put("signature", foreignLegacy);
        WireMessages.withEnvelopeSignature(message, bob.seed());

        assertThat(post(message).status()).isEqualTo(200);
        assertThat(alice.dump().rows("inbox")).extracting(row -> row.get("content")).contains("one check is enough");
    }

    @Test
    void aWrongLegacySignatureIsRefusedFromAMemberThatSendsNoEnvelopeSignature() {
        ObjectNode message = carol.message(swarm.swarmId(), "broadcast", "legacy only");
        message.put("signature", WireMessages.signed(bob.seed(), "bob", bob.endpoint(), swarm.swarmId(),
                "broadcast", "message", "legacy only").get("signature").asText());

        assertRefusedAndNothingChanged(message, 401, "INVALID_SIGNATURE");
    }

    @Test
    void anAnnouncementWithoutCapabilitiesDoesNotDowngradeAMemberThatSignsWholeEnvelopes() {
        recordCapability(bob);
        ObjectNode again = SystemMessage.body(SystemMessage.MEMBER_JOINED, "bob").put("swarm_id", swarm.swarmId())
                .put("endpoint", bob.endpoint()).put("public_key", bob.publicKey())
                .put("joined_at", Timestamps.format(Instant.now()));
        assertThat(post(maria.system(swarm.swarmId(), again)).status()).isEqualTo(200);

        ObjectNode stripped = bob.message(swarm.swarmId(), "broadcast", "no envelope signature");

        assertRefusedAndNothingChanged(stripped, 401, "INVALID_SIGNATURE");
        Member stored = alice.node().database().read(store -> store.members().find(swarm.swarmId(), "bob")).orElseThrow();
        assertThat(stored.capabilities()).contains(ProtocolVersion.ENVELOPE_SIGNATURE_V1);
    }

    // --- helpers -----------------------------------------------------------------------------------

    /** The parts of a bad-proof case: the two actors and the proof to spoil. */
    record Actors(FakePeer maria, FakePeer bob, ObjectNode proof) {
    }

    /** Where the proof belongs: the swarm and the time it was signed. */
    record Place(String swarmId, Instant at) {
    }

    @FunctionalInterface
    interface ProofEdit {
        void apply(Actors actors, Place place);
    }

    private static Arguments proof(String name, ProofEdit edit) {
        return Arguments.of(Named.of(name, edit));
    }

    private static Arguments tampering(String name, Consumer<ObjectNode> edit) {
        return Arguments.of(Named.of(name, edit));
    }

    /** maria's genuine {@code master_transfer} to {@code to}, signed at {@code at}. */
    private ObjectNode transfer(FakePeer from, FakePeer to, Instant at) {
        return from.resign(transferEnvelope(from, to.agentId(), swarm.swarmId(), at));
    }

    private static ObjectNode transferEnvelope(FakePeer from, String to, String swarmId, Instant at) {
        ObjectNode envelope = WireMessages.signed(from.seed(), from.agentId(), from.endpoint(), swarmId, to, "system",
                Json.toText(SystemMessage.body(SystemMessage.MASTER_TRANSFER, to).put("swarm_id", swarmId)));
        envelope.put("timestamp", Timestamps.format(at));
        return envelope;
    }

    /**
     * {@code master_changed} as the old master commits a transfer: the proof, and the commit statement
     * signed by {@code oldMaster} one second after the proof.
     */
    private ObjectNode masterChanged(FakePeer newMaster, FakePeer oldMaster, ObjectNode proof) {
        ObjectNode body = SystemMessage.body(SystemMessage.MASTER_CHANGED, newMaster.agentId())
                .put("swarm_id", swarm.swarmId()).put("old_master", oldMaster.agentId())
                .put("new_master", newMaster.agentId());
        if (proof != null) {
            body.set("transfer", proof);
            ObjectNode commit = Json.mapper().createObjectNode().put("statement", "master-transfer-commit-v1")
                    .put("swarm_id", swarm.swarmId()).put("old_master", oldMaster.agentId())
                    .put("new_master", newMaster.agentId()).put("transfer_id", proof.path("message_id").asText())
                    .put("committed_at", committedAt(proof));
            body.set("commit", commit);
            body.put("commit_signature", SignedStatement.sign(Ed25519.privateKey(oldMaster.seed()), commit));
        }
        return body;
    }

    private static String committedAt(ObjectNode proof) {
        JsonNode at = proof.get("timestamp");
        return at != null && Timestamps.isValid(at.asText())
                ? Timestamps.format(Timestamps.parse(at.asText()).plusSeconds(1)) : Timestamps.format(Instant.now());
    }

    private ObjectNode memberJoined(FakePeer joiner, boolean withKey) {
        ObjectNode body = SystemMessage.body(SystemMessage.MEMBER_JOINED, joiner.agentId())
                .put("swarm_id", swarm.swarmId()).put("endpoint", joiner.endpoint())
                .put("joined_at", Timestamps.format(Instant.now()));
        return withKey ? body.put("public_key", joiner.publicKey()) : body;
    }

    private void recordCapability(FakePeer peer) {
        alice.node().database().write(store -> {
            store.members().upsert(new Member(swarm.swarmId(), peer.agentId(), peer.endpoint(), peer.publicKey(),
                    List.of(ProtocolVersion.ENVELOPE_SIGNATURE_V1), "2026-01-01T00:00:00.000Z"));
            return null;
        });
    }

    private String url() {
        return alice.endpoint() + "/message";
    }

    private RawClient.Answer post(ObjectNode envelope) {
        return client.post(url(), WireMessages.bytes(envelope));
    }

    private Swarm stored() {
        return alice.node().database().read(store -> store.swarms().find(swarm.swarmId())).orElseThrow();
    }

    /** agent id to key, as alice's database holds the swarm's members. */
    private Map<String, String> members() {
        Map<String, String> keys = new LinkedHashMap<>();
        alice.node().database().read(store -> store.members().list(swarm.swarmId()))
                .forEach(member -> keys.put(member.agentId(), member.publicKey()));
        return keys;
    }

    /** Posts the envelope and checks the refusal (status, code, error shape) and that no row changed anywhere. */
    private void assertRefusedAndNothingChanged(ObjectNode envelope, int status, String code) {
        DbDump before = alice.dump();
        ProtocolErrors.assertError(post(envelope), status, code);
        assertThat(alice.dump()).as("database after the refusal").isEqualTo(before);
    }
}
