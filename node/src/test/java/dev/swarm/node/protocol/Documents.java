package dev.swarm.node.protocol;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.swarm.node.support.Vectors;
import java.util.function.Consumer;

/**
 * Hand-written wire documents for the schema and codec tests: a valid envelope and join request in
 * the shape an older (Python) peer sends, and small edits of them. Each edit returns the JSON text
 * the test then feeds, byte for byte, to both the schema and the codec.
 */
final class Documents {
    static final String SWARM_ID = "660e8400-e29b-41d4-a716-446655440001";
    static final String MESSAGE_ID = "550e8400-e29b-41d4-a716-446655440000";
    static final String OTHER_ID = "770e8400-e29b-41d4-a716-446655440002";
    static final String TIMESTAMP = "2026-02-05T14:30:00.000Z";
    static final String ENDPOINT = "https://alice.example.com/swarm";
    /** The vector signature: well-formed, and its validity is not a format question. */
    static final String SIGNATURE = Vectors.messageSignature().get("signature_b64").asText();

    private Documents() {
    }

    /** A minimal valid envelope: the nine required fields only. */
    static ObjectNode envelope() {
        ObjectNode e = Json.mapper().createObjectNode();
        e.put("protocol_version", "0.1.0");
        e.put("message_id", MESSAGE_ID);
        e.put("timestamp", TIMESTAMP);
        e.putObject("sender").put("agent_id", "alice").put("endpoint", ENDPOINT);
        e.put("recipient", "broadcast");
        e.put("swarm_id", SWARM_ID);
        e.put("type", "message");
        e.put("content", "Hello, swarm!");
        e.put("signature", SIGNATURE);
        return e;
    }

    /** A valid join request with the vector key. */
    static ObjectNode joinRequest() {
        ObjectNode r = Json.mapper().createObjectNode();
        r.put("type", "system");
        r.put("action", "join_request");
        r.put("invite_token", Vectors.inviteJwt().get("token").asText());
        r.putObject("sender").put("agent_id", "bob").put("endpoint", "https://bob.example.com/swarm")
                .put("public_key", Vectors.publicKeyBase64());
        return r;
    }

    /** The envelope with {@code edit} applied, as JSON text. */
    static String envelopeWith(Consumer<ObjectNode> edit) {
        ObjectNode e = envelope();
        edit.accept(e);
        return e.toString();
    }

    static String joinRequestWith(Consumer<ObjectNode> edit) {
        ObjectNode r = joinRequest();
        edit.accept(r);
        return r.toString();
    }

    /** Sets {@code path} (dotted, through objects) to {@code json} parsed: "null", "5", "[]", ... */
    static Consumer<ObjectNode> set(String path, String json) {
        return root -> parent(root, path).set(leaf(path), Json.readTree(json));
    }

    /** Sets {@code path} to the string {@code value}. */
    static Consumer<ObjectNode> text(String path, String value) {
        return root -> parent(root, path).put(leaf(path), value);
    }

    static Consumer<ObjectNode> remove(String path) {
        return root -> parent(root, path).remove(leaf(path));
    }

    private static ObjectNode parent(ObjectNode root, String path) {
        ObjectNode node = root;
        String[] parts = path.split("\\.");
        for (int i = 0; i < parts.length - 1; i++) {
            JsonNode child = node.get(parts[i]);
            node = child instanceof ObjectNode object ? object : node.putObject(parts[i]);
        }
        return node;
    }

    private static String leaf(String path) {
        return path.substring(path.lastIndexOf('.') + 1);
    }
}
