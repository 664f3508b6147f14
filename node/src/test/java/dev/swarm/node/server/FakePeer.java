package dev.swarm.node.server;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.swarm.node.crypto.Ed25519;
import dev.swarm.node.protocol.Json;
import dev.swarm.node.protocol.Timestamps;
import dev.swarm.node.state.Member;
import dev.swarm.node.state.Swarm;
import dev.swarm.node.support.TestNode;
import dev.swarm.node.support.WireMessages;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * An agent that exists only as a name, an endpoint and a key pair: the foreign peer a test speaks
 * for. It signs envelopes by hand (the legacy recipe only) and can be written into a node's member
 * list as if it had joined.
 */
final class FakePeer {
    private static final SecureRandom RANDOM = new SecureRandom();

    private final String agentId;
    private final String endpoint;
    private final byte[] seed;

    private FakePeer(String agentId, String endpoint, byte[] seed) {
        this.agentId = agentId;
        this.endpoint = endpoint;
        this.seed = seed;
    }

    static FakePeer named(String agentId) {
        return new FakePeer(agentId, "https://" + agentId + ".example/swarm", Ed25519.newSeed(RANDOM));
    }

    /** An agent whose endpoint is {@code endpoint} (a member whose node posts from its endpoint's address). */
    static FakePeer at(String agentId, String endpoint) {
        return new FakePeer(agentId, endpoint, Ed25519.newSeed(RANDOM));
    }

    /** The same agent id and endpoint with a fresh key, as after {@code swarm init --force}. */
    FakePeer withNewKey() {
        return new FakePeer(agentId, endpoint, Ed25519.newSeed(RANDOM));
    }

    String agentId() {
        return agentId;
    }

    String endpoint() {
        return endpoint;
    }

    byte[] seed() {
        return seed.clone();
    }

    /** The public key as it goes on the wire (raw 32 bytes, standard base64). */
    String publicKey() {
        return Ed25519.encode(Ed25519.privateKey(seed).generatePublicKey());
    }

    Member memberOf(String swarmId) {
        return new Member(swarmId, agentId, endpoint, publicKey(), List.of(), "2026-01-01T00:00:00.000Z");
    }

    /**
     * A swarm this peer masters, written into {@code member}'s database with the two of them as its
     * members, as if {@code member} had joined it; returns the swarm's id.
     */
    String masterSwarmWith(TestNode member) {
        String swarmId = UUID.randomUUID().toString();
        String now = Timestamps.format(Instant.now());
        member.node().database().write(store -> {
            store.swarms().insert(new Swarm(swarmId, "their-team", agentId, Swarm.ACTIVE, false, now, now));
            store.members().upsert(memberOf(swarmId));
            store.members().upsert(new Member(swarmId, member.agentId(), member.endpoint(),
                    member.identity().publicKeyBase64(), List.of(), now));
            return null;
        });
        return swarmId;
    }

    /** A join request as an older peer sends it: no capabilities, no proof of the key. */
    ObjectNode joinRequest(String token) {
        return joinRequest(token, agentId, endpoint, publicKey());
    }

    /** A join request for any id, endpoint and key (a forgery, if they are not the sender's). */
    static ObjectNode joinRequest(String token, String agentId, String endpoint, String publicKey) {
        ObjectNode request = Json.mapper().createObjectNode();
        request.put("type", "system");
        request.put("action", "join_request");
        request.put("invite_token", token);
        request.putObject("sender").put("agent_id", agentId).put("endpoint", endpoint).put("public_key", publicKey);
        return request;
    }

    /** A signed {@code message} envelope. */
    ObjectNode message(String swarmId, String recipient, String content) {
        return WireMessages.signed(seed, agentId, endpoint, swarmId, recipient, "message", content);
    }

    /** A signed {@code system} envelope to everyone, carrying {@code body} as its content. */
    ObjectNode system(String swarmId, ObjectNode body) {
        return WireMessages.signed(seed, agentId, endpoint, swarmId, "broadcast", "system", Json.toText(body));
    }

    /** Signs the envelope's current fields again with this peer's key. */
    ObjectNode resign(ObjectNode envelope) {
        return WireMessages.resign(envelope, seed);
    }
}
