package dev.swarm.tests;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.core.json.JsonWriteFeature;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.core.util.Separators;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import dev.swarm.node.support.RawClient;
import dev.swarm.node.support.TestCa;
import dev.swarm.node.tls.PemFiles;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.interfaces.EdECPrivateKey;
import java.security.spec.X509EncodedKeySpec;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;

/**
 * A peer that behaves like the Python implementation of Agent Swarm Protocol 0.1.0, written here
 * from the protocol text and independent of the node's code: its own Ed25519 key (a raw 32-byte
 * seed, via the JDK), an unsigned join request carrying the raw JWT, envelopes with only the
 * six-field legacy signature and Python's explicit nulls, and a plain HTTP/1.1 HTTPS server (the
 * JDK's, certificate from {@link TestCa}) that records every message posted to it and answers
 * {@code {"status":"queued","message_id":...}}. It sends with {@link RawClient} over HTTP/2. It can
 * also be the master of a swarm the way an older master is: it issues invites, answers {@code /join}
 * and announces new members without their public key.
 *
 * <p>The real reference implementation now runs in {@code tests/reference} ({@code ReferencePeer}); this
 * stand-in stays for what the real one does not do on demand: exact bytes, Python's explicit nulls,
 * its JSON spacing, and requests shaped by the test.
 */
final class LegacyPeer implements AutoCloseable {
    private static final byte[] X509_ED25519_PREFIX = HexFormat.of().parseHex("302a300506032b6570032100");
    private static final DateTimeFormatter TIMESTAMP =
            DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Python's {@code json.dumps} defaults: ", " and ": " separators, non-ASCII escaped (backslash-u sequences). */
    private static final ObjectWriter PYTHON_JSON = JSON.writer(new DefaultPrettyPrinter(Separators
                    .createDefaultInstance().withObjectFieldValueSpacing(Separators.Spacing.AFTER)
                    .withObjectEntrySpacing(Separators.Spacing.AFTER).withArrayValueSpacing(Separators.Spacing.AFTER)
                    .withObjectEmptySeparator("").withArrayEmptySeparator(""))
                    .withObjectIndenter(DefaultPrettyPrinter.NopIndenter.instance)
                    .withArrayIndenter(DefaultPrettyPrinter.NopIndenter.instance))
            .with(JsonWriteFeature.ESCAPE_NON_ASCII);

    private final String agentId;
    private final PrivateKey privateKey;
    private final String publicKey;
    private final HttpsServer server;
    private final ExecutorService threads;
    private final RawClient client = new RawClient();
    private final List<Received> received = new CopyOnWriteArrayList<>();
    private volatile Mastered mastered;

    /** The swarm this peer is master of, as an older master keeps it: name, members and issued tokens. */
    private record Mastered(String swarmId, String name, List<ObjectNode> members, List<String> tokens) {
    }

    /** One request that arrived at this peer's server: the HTTP version, headers and body. */
    record Received(String method, String path, String protocol, Map<String, List<String>> headers, String body) {
        JsonNode json() {
            return parse(body);
        }

        String header(String name) {
            return headers.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name))
                    .map(e -> e.getValue().get(0)).findFirst().orElse(null);
        }
    }

    private LegacyPeer(String agentId, Path dir) throws IOException, GeneralSecurityException {
        this.agentId = agentId;
        KeyPair pair = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        this.privateKey = pair.getPrivate();
        byte[] seed = ((EdECPrivateKey) pair.getPrivate()).getBytes().orElseThrow();
        if (seed.length != 32) {
            throw new IllegalStateException("an Ed25519 private key is a 32-byte seed, got " + seed.length);
        }
        byte[] encoded = pair.getPublic().getEncoded();
        this.publicKey = Base64.getEncoder().encodeToString(Arrays.copyOfRange(encoded, encoded.length - 32,
                encoded.length));

        TestCa.ServerFiles tls = TestCa.get().issue(dir.resolve("tls"));
        KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        keys.init(PemFiles.keyStore(tls.certificate(), tls.key()), PemFiles.NO_PASSWORD);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(keys.getKeyManagers(), null, null);
        this.server = HttpsServer.create(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0), 0);
        server.setHttpsConfigurator(new HttpsConfigurator(context));
        server.createContext("/swarm/message", this::message);
        server.createContext("/swarm/info", this::info);
        server.createContext("/swarm/join", this::join);
        this.threads = Executors.newFixedThreadPool(4);
        server.setExecutor(threads);
        server.start();
    }

    static LegacyPeer start(Path dir, String agentId) {
        try {
            return new LegacyPeer(agentId, dir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    String agentId() {
        return agentId;
    }

    String endpoint() {
        return "https://127.0.0.1:" + server.getAddress().getPort() + "/swarm";
    }

    /** The public key as the wire carries it: raw 32 bytes, standard base64. */
    String publicKey() {
        return publicKey;
    }

    /** Every request that reached this peer so far, oldest first. */
    List<Received> received() {
        return List.copyOf(received);
    }

    /** Messages posted to {@code /swarm/message}, as parsed envelopes. */
    List<JsonNode> messages() {
        return received.stream().filter(r -> r.path().equals("/swarm/message")).map(Received::json).toList();
    }

    /** Makes this peer the master of a new swarm, as an older master's {@code swarm create} does; returns its id. */
    String createSwarm(String name) {
        List<ObjectNode> members = new CopyOnWriteArrayList<>();
        members.add(memberEntry(agentId, endpoint(), publicKey));
        mastered = new Mastered(UUID.randomUUID().toString(), name, members, new CopyOnWriteArrayList<>());
        return mastered.swarmId();
    }

    /**
     * A {@code swarm://} invite to this peer's swarm, as an older master issues it: a JWT with header
     * {"alg":"EdDSA","typ":"JWT"}, the protocol's claims only (no jti, no exp), signed with its key.
     */
    String invite() {
        ObjectNode header = JSON.createObjectNode().put("alg", "EdDSA").put("typ", "JWT");
        ObjectNode claims = JSON.createObjectNode().put("swarm_id", mastered.swarmId()).put("master", agentId)
                .put("endpoint", endpoint()).put("iat", Instant.now().getEpochSecond())
                .put("expires_at", TIMESTAMP.format(Instant.now().plusSeconds(3600).truncatedTo(ChronoUnit.MILLIS)));
        Base64.Encoder url = Base64.getUrlEncoder().withoutPadding();
        try {
            String signingInput = url.encodeToString(JSON.writeValueAsBytes(header)) + "."
                    + url.encodeToString(JSON.writeValueAsBytes(claims));
            Signature signer = Signature.getInstance("Ed25519");
            signer.initSign(privateKey);
            signer.update(signingInput.getBytes(StandardCharsets.US_ASCII));
            String token = signingInput + "." + url.encodeToString(signer.sign());
            mastered.tokens().add(token);
            return "swarm://" + mastered.swarmId() + "@127.0.0.1:" + server.getAddress().getPort() + "?token=" + token;
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** {@code POST {master endpoint}/join} with the raw JWT, unsigned, as 0.1.0 peers send it. */
    RawClient.Answer join(String rawJwt) {
        ObjectNode request = JSON.createObjectNode();
        request.put("type", "system");
        request.put("action", "join_request");
        request.put("invite_token", rawJwt);
        request.putObject("sender").put("agent_id", agentId).put("endpoint", endpoint()).put("public_key", publicKey);
        return client.post(claims(rawJwt).get("endpoint").asText() + "/join", bytes(request), headers());
    }

    /** An envelope as a Python peer builds it: explicit nulls for unset fields, the legacy signature only. */
    ObjectNode envelope(String swarmId, String recipient, String type, String content) {
        ObjectNode envelope = JSON.createObjectNode();
        envelope.put("protocol_version", "0.1.0");
        envelope.put("message_id", UUID.randomUUID().toString());
        envelope.put("timestamp", TIMESTAMP.format(Instant.now().truncatedTo(ChronoUnit.MILLIS)));
        envelope.putObject("sender").put("agent_id", agentId).put("endpoint", endpoint());
        envelope.put("recipient", recipient);
        envelope.put("swarm_id", swarmId);
        envelope.put("type", type);
        envelope.put("content", content);
        envelope.put("signature", sign(envelope));
        envelope.putNull("in_reply_to");
        envelope.putNull("thread_id");
        envelope.put("priority", "normal");
        envelope.putNull("expires_at");
        envelope.putNull("attachments");
        envelope.putNull("references");
        envelope.putNull("metadata");
        return envelope;
    }

    /** {@code POST {endpoint}/message}. */
    RawClient.Answer send(String endpoint, ObjectNode envelope) {
        return client.post(endpoint + "/message", bytes(envelope), headers());
    }

    RawClient.Answer get(String url) {
        return client.get(url);
    }

    /** The invite's claims, read the way an older peer reads them (no signature check). */
    static JsonNode claims(String rawJwt) {
        String[] parts = rawJwt.split("\\.");
        return parse(new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8));
    }

    /** True when the envelope's legacy signature verifies with the sender's base64 public key. */
    static boolean verifies(String publicKeyBase64, JsonNode envelope) {
        try {
            byte[] raw = Base64.getDecoder().decode(publicKeyBase64);
            byte[] x509 = new byte[X509_ED25519_PREFIX.length + raw.length];
            System.arraycopy(X509_ED25519_PREFIX, 0, x509, 0, X509_ED25519_PREFIX.length);
            System.arraycopy(raw, 0, x509, X509_ED25519_PREFIX.length, raw.length);
            PublicKey key = KeyFactory.getInstance("Ed25519").generatePublic(new X509EncodedKeySpec(x509));
            Signature verifier = Signature.getInstance("Ed25519");
            verifier.initVerify(key);
            verifier.update(digest(envelope));
            return verifier.verify(Base64.getDecoder().decode(envelope.get("signature").asText()));
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            return false;
        }
    }

    private String sign(JsonNode envelope) {
        try {
            Signature signer = Signature.getInstance("Ed25519");
            signer.initSign(privateKey);
            signer.update(digest(envelope));
            return Base64.getEncoder().encodeToString(signer.sign());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** SHA-256 of message_id, timestamp, swarm_id, recipient, type and content, concatenated (PROTOCOL.md 3). */
    private static byte[] digest(JsonNode e) throws GeneralSecurityException {
        String text = e.get("message_id").asText() + e.get("timestamp").asText() + e.get("swarm_id").asText()
                + e.get("recipient").asText() + e.get("type").asText() + e.get("content").asText();
        return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
    }

    private Map<String, String> headers() {
        return Map.of("X-Agent-ID", agentId, "X-Swarm-Protocol", "0.1.0");
    }

    private void message(HttpExchange exchange) throws IOException {
        String body = record(exchange);
        if (!exchange.getRequestMethod().equals("POST")) {
            answer(exchange, 405, "{\"error\":{\"code\":\"INVALID_FORMAT\",\"message\":\"POST only\",\"details\":null}}");
            return;
        }
        String messageId = parse(body).path("message_id").asText();
        ObjectNode queued = JSON.createObjectNode().put("status", "queued").put("message_id", messageId);
        answer(exchange, 200, JSON.writeValueAsString(queued));
    }

    /**
     * The master's {@code /join} as an older master answers it: accepted with every member, then
     * {@code member_joined} to the others WITHOUT the new member's public key (they must ask its /info).
     */
    private void join(HttpExchange exchange) throws IOException {
        JsonNode request = parse(record(exchange));
        Mastered swarm = mastered;
        if (swarm == null || !swarm.tokens().contains(request.path("invite_token").asText())) {
            answer(exchange, 400, "{\"error\": {\"code\": \"INVALID_TOKEN\", \"message\": \"unknown invite\", "
                    + "\"details\": null}}");
            return;
        }
        JsonNode sender = request.get("sender");
        String joiner = sender.get("agent_id").asText();
        boolean isNew = swarm.members().stream().noneMatch(m -> m.get("agent_id").asText().equals(joiner));
        List<ObjectNode> others = List.copyOf(swarm.members());
        if (isNew) {
            swarm.members().add(memberEntry(joiner, sender.get("endpoint").asText(),
                    sender.get("public_key").asText()));
        }
        ObjectNode accepted = JSON.createObjectNode().put("status", "accepted").put("swarm_id", swarm.swarmId())
                .put("swarm_name", swarm.name());
        swarm.members().forEach(accepted.putArray("members")::add);
        answer(exchange, 200, new String(bytes(accepted), StandardCharsets.UTF_8));
        if (isNew) {
            ObjectNode content = JSON.createObjectNode().put("action", "member_joined").put("agent_id", joiner)
                    .put("swarm_id", swarm.swarmId()).put("endpoint", sender.get("endpoint").asText())
                    .put("joined_at", TIMESTAMP.format(Instant.now().truncatedTo(ChronoUnit.MILLIS)));
            ObjectNode announcement = envelope(swarm.swarmId(), "broadcast", "system",
                    new String(bytes(content), StandardCharsets.UTF_8));
            for (ObjectNode member : others) {
                if (!member.get("agent_id").asText().equals(agentId)) {
                    send(member.get("endpoint").asText(), announcement);
                }
            }
        }
    }

    private static ObjectNode memberEntry(String agentId, String endpoint, String publicKey) {
        return JSON.createObjectNode().put("agent_id", agentId).put("endpoint", endpoint).put("public_key", publicKey);
    }

    private void info(HttpExchange exchange) throws IOException {
        record(exchange);
        ObjectNode info = JSON.createObjectNode().put("agent_id", agentId).put("endpoint", endpoint())
                .put("public_key", publicKey).put("protocol_version", "0.1.0");
        info.putArray("capabilities");
        info.putNull("metadata");
        answer(exchange, 200, JSON.writeValueAsString(info));
    }

    private String record(HttpExchange exchange) throws IOException {
        String body;
        try (InputStream in = exchange.getRequestBody()) {
            body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        received.add(new Received(exchange.getRequestMethod(), exchange.getRequestURI().getPath(),
                exchange.getProtocol(), Map.copyOf(exchange.getRequestHeaders()), body));
        return body;
    }

    private static void answer(HttpExchange exchange, int status, String json) throws IOException {
        byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    private static byte[] bytes(JsonNode node) {
        try {
            return PYTHON_JSON.writeValueAsBytes(node);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static JsonNode parse(String text) {
        try {
            return JSON.readTree(text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        server.stop(0);
        threads.shutdownNow();
        client.close();
    }
}
