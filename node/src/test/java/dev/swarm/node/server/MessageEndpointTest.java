package dev.swarm.node.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.swarm.node.crypto.Ed25519;
import dev.swarm.node.state.Member;
import dev.swarm.node.state.Swarm;
import dev.swarm.node.support.DbDump;
import dev.swarm.node.support.RawClient;
import dev.swarm.node.support.TestNode;
import dev.swarm.node.support.WireMessages;
import java.nio.file.Path;
import java.util.List;
import okhttp3.Protocol;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code POST /swarm/message} over real HTTP/2 and TLS: what is stored, what is refused. */
class MessageEndpointTest {
    @TempDir
    Path dir;

    private TestNode alice;
    private RawClient client;
    private Swarm swarm;
    private byte[] bobSeed;
    private final String bobEndpoint = "https://bob.example/swarm";

    @BeforeEach
    void setUp() {
        alice = TestNode.start(dir, "alice");
        client = new RawClient();
        swarm = alice.node().swarms().create("build-team", false);
        bobSeed = Ed25519.newSeed(new java.security.SecureRandom());
        String bobKey = Ed25519.encode(Ed25519.privateKey(bobSeed).generatePublicKey());
        alice.node().database().write(store -> {
            store.members().upsert(new Member(swarm.swarmId(), "bob", bobEndpoint, bobKey, List.of(),
                    "2026-01-01T00:00:00.000Z"));
            return null;
        });
    }

    @AfterEach
    void tearDown() {
        client.close();
        alice.close();
    }

    private String url() {
        return alice.endpoint() + "/message";
    }

    private ObjectNode fromBob(String content) {
        return WireMessages.signed(bobSeed, "bob", bobEndpoint, swarm.swarmId(), "broadcast", "message", content);
    }

    @Test
    void memberMessageIsStoredAndAnsweredQueuedOverHttp2() {
        ObjectNode envelope = fromBob("tests are green on main");
        RawClient.Answer answer = client.post(url(), WireMessages.bytes(envelope));
        assertThat(answer.status()).isEqualTo(200);
        assertThat(answer.protocol()).isEqualTo(Protocol.HTTP_2);
        assertThat(answer.json().get("status").asText()).isEqualTo("queued");
        assertThat(answer.json().get("message_id").asText()).isEqualTo(envelope.get("message_id").asText());
        DbDump dump = alice.dump();
        assertThat(dump.rows("inbox")).singleElement().satisfies(row -> {
            assertThat(row.get("content")).isEqualTo("tests are green on main");
            assertThat(row.get("sender_id")).isEqualTo("bob");
            assertThat(row.get("status")).isEqualTo("unread");
        });
    }

    @Test
    void replayedMessageIsAnswered200AndStoredOnce() {
        byte[] body = WireMessages.bytes(fromBob("once"));
        assertThat(client.post(url(), body).status()).isEqualTo(200);
        DbDump afterFirst = alice.dump();
        RawClient.Answer replay = client.post(url(), body);
        assertThat(replay.status()).isEqualTo(200);
        assertThat(replay.json().get("status").asText()).isEqualTo("queued");
        assertThat(alice.dump()).isEqualTo(afterFirst);
        assertThat(afterFirst.count("inbox")).isEqualTo(1);
    }

    @Test
    void messageSignedWithAnotherKeyIsInvalidSignatureAndNothingIsStored() {
        DbDump before = alice.dump();
        ObjectNode forged = WireMessages.signed(Ed25519.newSeed(new java.security.SecureRandom()), "bob", bobEndpoint,
                swarm.swarmId(), "broadcast", "message", "forged");
        RawClient.Answer answer = client.post(url(), WireMessages.bytes(forged));
        assertThat(answer.status()).isEqualTo(401);
        assertThat(answer.errorCode()).isEqualTo("INVALID_SIGNATURE");
        assertThat(alice.dump()).isEqualTo(before);
    }
}
