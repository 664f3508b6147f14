package dev.swarm.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import dev.swarm.node.support.TestCa;
import dev.swarm.node.support.TestNode;
import dev.swarm.node.tls.PemFiles;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A member that hangs (accepts the connection, never answers) and one that answers 500 do not make
 * a broadcast wait on them: the command returns within its --wait (here 2 s, far below the peer
 * timeouts of 30 s), the healthy member has the message, and the two are reported pending.
 */
class SlowMembersTest {
    private static final Duration PEER_TIMEOUT = Duration.ofSeconds(30);

    @TempDir
    Path tmp;

    private ServerSocket hanging;
    private final List<Socket> held = new CopyOnWriteArrayList<>();
    private HttpsServer failing;
    private TestNode bob;
    private Cli alice;

    @BeforeEach
    void setUp() throws Exception {
        hanging = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread acceptor = new Thread(() -> {
            while (!hanging.isClosed()) {
                try {
                    held.add(hanging.accept()); // and never a byte back, not even the TLS handshake
                } catch (java.io.IOException closed) {
                    return;
                }
            }
        });
        acceptor.setDaemon(true);
        acceptor.start();
        failing = https(tmp.resolve("failing-tls"));
        failing.createContext("/", exchange -> {
            byte[] body = "{\"error\":{\"code\":\"INTERNAL_ERROR\",\"message\":\"down\",\"details\":null}}".getBytes();
            exchange.sendResponseHeaders(500, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        failing.start();
        bob = TestNode.start(tmp, "bob");

        Path home = tmp.resolve("alice");
        Map<String, String> env = new HashMap<>();
        env.put("SWARM_HOME", home.toString());
        env.put("SWARM_CA_FILE", TestCa.get().caFile().toString());
        env.put("SWARM_CONNECT_TIMEOUT", String.valueOf(PEER_TIMEOUT.toSeconds()));
        env.put("SWARM_REQUEST_TIMEOUT", String.valueOf(PEER_TIMEOUT.toSeconds()));
        alice = Cli.env(env);
        String aliceKey = alice.json("init", "--agent-id", "alice", "--endpoint", "https://127.0.0.1:9/swarm")
                .path("public_key").asText();
        String swarmId = alice.json("create", "--name", "team").path("swarm_id").asText();
        NodeState.write(home, store -> {
            store.members().upsert(NodeState.member(swarmId, "bob", bob.endpoint(), bob.identity().publicKeyBase64()));
            store.members().upsert(NodeState.member(swarmId, "hangs",
                    "https://127.0.0.1:" + hanging.getLocalPort() + "/swarm", NodeState.newKey()));
            store.members().upsert(NodeState.member(swarmId, "fails",
                    "https://127.0.0.1:" + failing.getAddress().getPort() + "/swarm", NodeState.newKey()));
        });
        NodeState.write(bob.home().dir(), store -> {
            store.swarms().insert(NodeState.swarm(swarmId, "team", "alice"));
            store.members().upsert(NodeState.member(swarmId, "alice", "https://127.0.0.1:9/swarm", aliceKey));
            store.members().upsert(NodeState.member(swarmId, "bob", bob.endpoint(), bob.identity().publicKeyBase64()));
        });
    }

    @AfterEach
    void tearDown() throws Exception {
        bob.close();
        failing.stop(0);
        hanging.close();
        for (Socket socket : held) {
            socket.close();
        }
    }

    @Test
    void aBroadcastReturnsWithinItsWaitAndReportsTheHungAndFailingMembersPending() {
        for (int round = 1; round <= 3; round++) {
            long started = System.nanoTime();
            JsonNode sent = alice.json("send", "-m", "round " + round, "--wait", "2");
            Duration took = Duration.ofNanos(System.nanoTime() - started);

            assertThat(took).as("round %d waited on a stranger", round).isLessThan(PEER_TIMEOUT.dividedBy(3));
            assertThat(sent.path("status").asText()).isEqualTo("queued");
            Map<String, String> outcomes = new HashMap<>();
            sent.path("deliveries").forEach(d -> outcomes.put(d.path("agent_id").asText(), d.path("status").asText()));
            assertThat(outcomes).containsEntry("bob", "delivered").containsEntry("hangs", "pending")
                    .containsEntry("fails", "pending");
        }
        assertThat(bob.dump().rows("inbox")).extracting(row -> row.get("content"))
                .containsExactly("round 1", "round 2", "round 3");
    }

    private static HttpsServer https(Path dir) throws Exception {
        TestCa.ServerFiles tls = TestCa.get().issue(dir);
        KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        keys.init(PemFiles.keyStore(tls.certificate(), tls.key()), PemFiles.NO_PASSWORD);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(keys.getKeyManagers(), null, null);
        HttpsServer server = HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
        server.setHttpsConfigurator(new HttpsConfigurator(context));
        return server;
    }
}
