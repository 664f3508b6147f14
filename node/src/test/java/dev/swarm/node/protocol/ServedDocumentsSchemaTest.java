package dev.swarm.node.protocol;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import dev.swarm.node.crypto.Ed25519;
import dev.swarm.node.membership.InviteService;
import dev.swarm.node.state.Member;
import dev.swarm.node.state.Swarm;
import dev.swarm.node.support.RawClient;
import dev.swarm.node.support.Schemas;
import dev.swarm.node.support.TestNode;
import dev.swarm.node.support.WireMessages;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import okhttp3.Request;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a peer receives from a running node (real HTTP/2, TLS and SQLite) matches the schemas:
 * {@code /info}, {@code /health}, the answers to {@code /message} and {@code /join}, the invite
 * token's claims, and the error body for each way a request can fail before or after routing.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ServedDocumentsSchemaTest {
    private TestNode alice;
    private RawClient client;
    private Swarm open;
    private Swarm gated;
    private final byte[] bobSeed = Ed25519.newSeed(new SecureRandom());
    private final byte[] daveSeed = Ed25519.newSeed(new SecureRandom());
    private final String bobEndpoint = "https://bob.example.com/swarm";

    @BeforeAll
    void startAlice(@TempDir Path dir) {
        alice = TestNode.start(dir, "alice");
        client = new RawClient();
        open = alice.node().swarms().create("open-team", false);
        gated = alice.node().swarms().create("gated-team", true);
    }

    @AfterAll
    void stopAlice() {
        client.close();
        alice.close();
    }

    private String url(String route) {
        return alice.endpoint() + route;
    }

    private String bobKey() {
        return Ed25519.encode(Ed25519.privateKey(bobSeed).generatePublicKey());
    }

    private byte[] joinBody(InviteService.Issued invite, String agentId) {
        return Json.toBytes(JoinRequest.of(invite.url().token(),
                new JoinRequest.JoinSender(agentId, bobEndpoint, bobKey())));
    }

    @Test
    void infoMatchesTheSchemaAndNamesTheNodesOwnKey() {
        RawClient.Answer info = client.get(url("/info"));

        assertThat(info.status()).isEqualTo(200);
        Schemas.assertValid("info.schema.json", info.body());
        assertThat(info.json().get("public_key").asText()).isEqualTo(alice.identity().publicKeyBase64());
    }

    @Test
    void healthMatchesTheSchema() {
        RawClient.Answer health = client.get(url("/health"));

        assertThat(health.status()).isEqualTo(200);
        Schemas.assertValid("health.schema.json", health.body());
    }

    @Test
    void joinAnswersAndTheInviteClaimsMatchTheSchemas() {
        InviteService.Issued toOpen = alice.node().invites().issue(open, Duration.ofHours(1), 3);
        InviteService.Issued toGated = alice.node().invites().issue(gated, Duration.ofHours(1), null);
        String claims = new String(Base64.getUrlDecoder().decode(toOpen.url().token().split("\\.")[1]), UTF_8);
        Schemas.assertValid("invite-claims.schema.json", claims);

        RawClient.Answer accepted = client.post(url("/join"), joinBody(toOpen, "bob"));
        RawClient.Answer pending = client.post(url("/join"), joinBody(toGated, "carol"));

        assertThat(accepted.status()).isEqualTo(200);
        Schemas.assertValid("join-response.schema.json", accepted.body());
        assertThat(accepted.json().get("members").findValuesAsText("agent_id")).contains("alice", "bob");
        assertThat(pending.status()).isEqualTo(202);
        Schemas.assertValid("join-response.schema.json", pending.body());
        assertThat(pending.json().get("status").asText()).isEqualTo("pending");
    }

    @Test
    void messageAcceptedMatchesTheSchema() {
        alice.node().database().write(store -> {
            // dave has a key of his own: one public key belongs to one member of a swarm
            store.members().upsert(new Member(open.swarmId(), "dave", bobEndpoint,
                    Ed25519.encode(Ed25519.privateKey(daveSeed).generatePublicKey()), List.of(),
                    "2026-01-01T00:00:00.000Z"));
            return null;
        });
        byte[] envelope = WireMessages.bytes(WireMessages.signed(daveSeed, "dave", bobEndpoint, open.swarmId(),
                "broadcast", "message", "schema check"));

        RawClient.Answer answer = client.post(url("/message"), envelope);

        assertThat(answer.status()).isEqualTo(200);
        Schemas.assertValid("message-accepted.schema.json", answer.body());
    }

    @Test
    void everyRefusalIsTheErrorBody() {
        String stranger = new String(WireMessages.bytes(WireMessages.signed(bobSeed, "mallory", bobEndpoint,
                open.swarmId(), "broadcast", "message", "let me in")), UTF_8);
        List<RawClient.Answer> refusals = List.of(
                client.get(url("/nowhere")),
                client.call(new Request.Builder().url(url("/message")).get().build()),
                client.post(url("/message"), "{\"protocol_version\":"),
                client.post(url("/message"), "{}"),
                client.post(url("/message"), stranger),
                client.post(url("/join"), Json.toText(JoinRequest.of("not.a.jwt",
                        new JoinRequest.JoinSender("erin", bobEndpoint, bobKey())))));

        assertThat(refusals).extracting(RawClient.Answer::status).containsExactly(404, 405, 400, 400, 403, 400);
        assertThat(refusals).extracting(RawClient.Answer::errorCode).containsExactly("NOT_FOUND",
                "METHOD_NOT_ALLOWED", "INVALID_FORMAT", "INVALID_FORMAT", "NOT_MEMBER", "INVALID_TOKEN");
        for (RawClient.Answer refusal : refusals) {
            Schemas.assertValid("error.schema.json", refusal.body());
        }
    }
}
