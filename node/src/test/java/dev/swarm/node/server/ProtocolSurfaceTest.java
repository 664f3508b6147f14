package dev.swarm.node.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.swarm.node.NodeOptions;
import dev.swarm.node.SwarmNode;
import dev.swarm.node.crypto.Ed25519;
import dev.swarm.node.identity.Identity;
import dev.swarm.node.identity.IdentityStore;
import dev.swarm.node.identity.SwarmHome;
import dev.swarm.node.messaging.ReceiveLimits;
import dev.swarm.node.protocol.EndpointPolicy;
import dev.swarm.node.protocol.Timestamps;
import dev.swarm.node.support.RawClient;
import dev.swarm.node.support.TestNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import okhttp3.MediaType;
import okhttp3.Protocol;
import okhttp3.Request;
import okhttp3.RequestBody;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * What any peer sees of a node before it sends a message: the four routes, the error body for
 * everything else, {@code /health} and {@code /info}, and the HTTP versions spoken with and without TLS.
 */
class ProtocolSurfaceTest {
    @TempDir
    Path dir;

    private TestNode alice;
    private RawClient client;

    @BeforeEach
    void setUp() {
        alice = TestNode.start(dir, "alice");
        client = new RawClient();
    }

    @AfterEach
    void tearDown() {
        client.close();
        alice.close();
    }

    @ParameterizedTest
    @ValueSource(strings = {"/swarm/nothing-here", "/", "/swarm", "/swarm/message/extra", "/swarm/info.json",
            "/swarm/messages"})
    void unknownRouteIsAnswered404WithTheProtocolErrorBody(String path) {
        ProtocolErrors.assertError(client.get(origin(alice) + path), 404, "NOT_FOUND");
    }

    @Test
    void postToAnUnknownRouteIsAnswered404WithTheProtocolErrorBody() {
        ProtocolErrors.assertError(client.post(origin(alice) + "/swarm/messages", "{}"), 404, "NOT_FOUND");
    }

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource({"GET, /swarm/message", "GET, /swarm/join", "POST, /swarm/info", "POST, /swarm/health",
            "DELETE, /swarm/message", "PUT, /swarm/join"})
    void wrongMethodOnARouteIsAnswered405WithTheProtocolErrorBody(String method, String path) {
        RequestBody body = method.equals("GET") || method.equals("DELETE") ? null
                : RequestBody.create("{}", MediaType.get("application/json"));
        RawClient.Answer answer = client.call(new Request.Builder().url(origin(alice) + path).method(method, body)
                .build());
        ProtocolErrors.assertError(answer, 405, "METHOD_NOT_ALLOWED");
    }

    @Test
    void healthSaysHealthyWithTheAgentVersionAndTime() {
        RawClient.Answer answer = client.get(alice.endpoint() + "/health");

        assertThat(answer.status()).isEqualTo(200);
        JsonNode health = answer.json();
        assertThat(fieldNames(health)).containsExactlyInAnyOrder("status", "agent_id", "protocol_version",
                "timestamp");
        assertThat(health.get("status").asText()).isEqualTo("healthy");
        assertThat(health.get("agent_id").asText()).isEqualTo("alice");
        assertThat(health.get("protocol_version").asText()).isEqualTo("0.1.0");
        assertThat(Timestamps.isValid(health.get("timestamp").asText())).as(health.toString()).isTrue();
    }

    @Test
    void infoCarriesThePublicKeyDerivedFromTheNodesOwnPrivateKey() {
        String keyFromSeed = Ed25519.encode(Ed25519.privateKey(alice.seed()).generatePublicKey());

        RawClient.Answer answer = client.get(alice.endpoint() + "/info");

        assertThat(answer.status()).isEqualTo(200);
        JsonNode info = answer.json();
        assertThat(fieldNames(info)).containsExactlyInAnyOrder("agent_id", "endpoint", "public_key",
                "protocol_version", "capabilities", "metadata");
        assertThat(info.get("agent_id").asText()).isEqualTo("alice");
        assertThat(info.get("endpoint").asText()).isEqualTo(alice.endpoint());
        assertThat(info.get("public_key").asText()).isEqualTo(keyFromSeed);
        assertThat(info.get("protocol_version").asText()).isEqualTo("0.1.0");
        assertThat(info.get("capabilities").isArray()).isTrue();
        assertThat(info.get("metadata").isNull() || info.get("metadata").isObject()).isTrue();
    }

    @Test
    void tlsClientOfferingHttp2GetsHttp2ByAlpn() {
        RawClient.Answer answer = client.get(alice.endpoint() + "/health");

        assertThat(answer.status()).isEqualTo(200);
        assertThat(answer.protocol()).isEqualTo(Protocol.HTTP_2);
    }

    @Test
    void tlsClientOfferingOnlyHttp11IsStillServed() {
        try (RawClient http11 = new RawClient(List.of(Protocol.HTTP_1_1))) {
            RawClient.Answer health = http11.get(alice.endpoint() + "/health");
            assertThat(health.status()).isEqualTo(200);
            assertThat(health.protocol()).isEqualTo(Protocol.HTTP_1_1);
            assertThat(health.json().get("status").asText()).isEqualTo("healthy");

            RawClient.Answer refused = http11.post(alice.endpoint() + "/message", "{}");
            assertThat(refused.protocol()).isEqualTo(Protocol.HTTP_1_1);
            ProtocolErrors.assertError(refused, 400, "INVALID_FORMAT");
        }
    }

    @Test
    void nodeWithoutTlsAnswersHttp11AndHttp2WithPriorKnowledge() {
        SwarmHome home = new SwarmHome(dir.resolve("proxied"));
        // behind a TLS reverse proxy: the public endpoint is https, the node itself listens in the clear
        Identity identity = IdentityStore.init(home, "proxied", "https://proxied.example/swarm", false,
                new EndpointPolicy(false));
        try (SwarmNode node = SwarmNode.open(home, identity, NodeOptions.DEFAULTS);
             RawClient http11 = new RawClient(List.of(Protocol.HTTP_1_1));
             RawClient h2c = new RawClient(List.of(Protocol.H2_PRIOR_KNOWLEDGE))) {
            NodeServer server = node.serve(new ServerConfig("127.0.0.1", 0, null, null, ReceiveLimits.DEFAULTS));
            assertThat(server.isTls()).isFalse();
            String endpoint = "http://127.0.0.1:" + server.port() + "/swarm";

            RawClient.Answer overHttp11 = http11.get(endpoint + "/health");
            RawClient.Answer overH2c = h2c.get(endpoint + "/health");

            assertThat(overHttp11.status()).isEqualTo(200);
            assertThat(overHttp11.protocol()).isEqualTo(Protocol.HTTP_1_1);
            assertThat(overHttp11.json().get("agent_id").asText()).isEqualTo("proxied");
            assertThat(overH2c.status()).isEqualTo(200);
            assertThat(overH2c.protocol()).isEqualTo(Protocol.H2_PRIOR_KNOWLEDGE);
            assertThat(overH2c.json().get("agent_id").asText()).isEqualTo("proxied");
            ProtocolErrors.assertError(h2c.post(endpoint + "/message", "[]"), 400, "INVALID_FORMAT");
            ProtocolErrors.assertError(h2c.get(endpoint + "/nothing-here"), 404, "NOT_FOUND");
        }
    }

    @Test
    void requestTheServerCannotParseIsAnsweredWithTheProtocolErrorBody() throws IOException {
        SwarmHome home = new SwarmHome(dir.resolve("proxied"));
        Identity identity = IdentityStore.init(home, "proxied", "https://proxied.example/swarm", false,
                new EndpointPolicy(false));
        try (SwarmNode node = SwarmNode.open(home, identity, NodeOptions.DEFAULTS)) {
            NodeServer server = node.serve(new ServerConfig("127.0.0.1", 0, null, null, ReceiveLimits.DEFAULTS));

            RawClient.Answer answer = rawHttp11(server.port(),
                    "GET /swarm/health HTTP/1.1\r\nHost: 127.0.0.1\r\nthis header has no colon\r\n\r\n");

            ProtocolErrors.assertError(answer, 400, "INVALID_FORMAT");
        }
    }

    private static String origin(TestNode node) {
        return node.endpoint().substring(0, node.endpoint().length() - "/swarm".length());
    }

    private static List<String> fieldNames(JsonNode node) {
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }

    /** Sends bytes as they are over a plain socket and reads the HTTP/1.1 answer until the server closes. */
    private static RawClient.Answer rawHttp11(int port, String request) throws IOException {
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            out.write(request.getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            InputStream in = socket.getInputStream();
            String text = new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
            int split = text.indexOf("\r\n\r\n");
            String[] head = text.substring(0, split).split("\r\n");
            Map<String, List<String>> headers = new LinkedHashMap<>();
            for (int i = 1; i < head.length; i++) {
                int colon = head[i].indexOf(':');
                headers.computeIfAbsent(head[i].substring(0, colon).trim().toLowerCase(Locale.ROOT),
                        name -> new ArrayList<>()).add(head[i].substring(colon + 1).trim());
            }
            int status = Integer.parseInt(head[0].split(" ")[1]);
            return new RawClient.Answer(status, Protocol.HTTP_1_1, headers, text.substring(split + 4));
        }
    }
}
