package dev.swarm.node.protocol;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.swarm.node.error.ErrorCode;
import dev.swarm.node.error.SwarmException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Reads and writes envelopes. Reading checks every rule of {@code schemas/envelope.schema.json}
 * by hand (faster than a schema engine on the hot path, and the error names the field); a test
 * keeps the two in agreement. The parsed tree is kept because the envelope signature is computed
 * over what arrived, not over our re-serialisation.
 */
public final class EnvelopeCodec {
    private static final Pattern VERSION = Pattern.compile("^\\d+\\.\\d+\\.\\d+$");
    private static final Set<String> REFERENCE_TYPES = Set.of("github_repo", "github_issue", "github_pr",
            "github_commit", "url");
    private static final Set<String> REFERENCE_ACTIONS = Set.of("claimed", "completed", "blocked", "unblocked",
            "assigned", "mention", "review_requested");
    private static final Pattern SHA = Pattern.compile("^[0-9a-fA-F]{7,64}$");

    private EnvelopeCodec() {
    }

    /** An envelope as received: the record and the JSON object it came from. */
    public record Parsed(Envelope envelope, ObjectNode tree) {
    }

    public static Parsed parse(byte[] body, EndpointPolicy endpoints) {
        JsonNode root;
        try {
            root = Json.readUntrusted(body);
        } catch (com.fasterxml.jackson.core.exc.StreamConstraintsException e) {
            throw Json.beyondUntrustedLimits();
        } catch (IOException e) {
            throw new SwarmException(ErrorCode.INVALID_FORMAT, "body is not valid JSON", Map.of("field", "$"));
        }
        return parse(root, endpoints);
    }

    public static Parsed parse(JsonNode root, EndpointPolicy endpoints) {
        JsonFields f = JsonFields.of(root, "message");
        String protocolVersion = f.string("protocol_version", v -> VERSION.matcher(v).matches(), "a version N.N.N");
        String messageId = f.string("message_id", Identifiers::isUuid, "a lowercase hyphenated UUID");
        String timestamp = f.string("timestamp", Timestamps::isValid, "a UTC timestamp yyyy-MM-ddTHH:mm:ss.SSSZ");
        JsonFields s = f.object("sender");
        String senderId = s.string("agent_id", Identifiers::isAgentId,
                "an agent id ([a-zA-Z0-9_.-], 1 to 256, not \"broadcast\")");
        String senderEndpoint = s.string("endpoint");
        // the sender's own word for its endpoint: never called (we call the member's recorded one), so its shape only
        endpoints.shapeOnly().problem(senderEndpoint).ifPresent(problem -> {
            throw SwarmException.invalidFormat(s.path("endpoint"), "field 'sender.endpoint' must be " + problem);
        });
        String recipient = f.string("recipient", v -> Identifiers.BROADCAST.equals(v) || Identifiers.isAgentId(v),
                "an agent id or \"broadcast\"");
        String swarmId = f.string("swarm_id", Identifiers::isUuid, "a lowercase hyphenated UUID");
        MessageType type = MessageType.fromWire(f.string("type")).orElseThrow(() ->
                SwarmException.invalidFormat("type", "field 'type' must be one of message, system, notification"));
        String content = f.string("content");
        String signature = f.string("signature", EnvelopeCodec::isSignature, "a base64 Ed25519 signature (64 bytes)");
        String inReplyTo = f.optionalString("in_reply_to", Identifiers::isUuid, "a lowercase hyphenated UUID");
        String threadId = f.optionalString("thread_id", Identifiers::isUuid, "a lowercase hyphenated UUID");
        String priorityText = f.optionalString("priority");
        Priority priority = priorityText == null ? null : Priority.fromWire(priorityText).orElseThrow(() ->
                SwarmException.invalidFormat("priority", "field 'priority' must be one of low, normal, high"));
        String expiresAt = f.optionalString("expires_at", Timestamps::isValid,
                "a UTC timestamp yyyy-MM-ddTHH:mm:ss.SSSZ");
        List<Attachment> attachments = attachments(f);
        List<Reference> references = references(f);
        Map<String, Object> metadata = metadata(f);
        String envelopeSignature = f.optionalString("envelope_signature", EnvelopeCodec::isSignature,
                "a base64 Ed25519 signature (64 bytes)");
        Envelope envelope = new Envelope(protocolVersion, messageId, timestamp, new Sender(senderId, senderEndpoint),
                recipient, swarmId, type, content, signature, inReplyTo, threadId, priority, expiresAt, attachments,
                references, metadata, envelopeSignature);
        return new Parsed(envelope, f.node());
    }

    public static byte[] toBytes(Envelope envelope) {
        return Json.toBytes(envelope);
    }

    public static boolean isSignature(String value) {
        if (value.length() != 88) {
            return false;
        }
        try {
            return Base64.getDecoder().decode(value).length == 64;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private static List<Attachment> attachments(JsonFields f) {
        JsonNode array = f.optionalArray("attachments");
        if (array == null) {
            return null;
        }
        List<Attachment> result = new ArrayList<>(array.size());
        for (int i = 0; i < array.size(); i++) {
            JsonFields a = f.element(array, i, "attachments");
            String type = a.string("type", v -> v.equals("url") || v.equals("inline"), "url or inline");
            result.add(new Attachment(type, a.string("mime_type"), a.string("content")));
        }
        return Collections.unmodifiableList(result);
    }

    /** Validates and reads {@code references}; also used for references typed on the command line. */
    public static List<Reference> references(JsonFields f) {
        JsonNode array = f.optionalArray("references");
        if (array == null) {
            return null;
        }
        List<Reference> result = new ArrayList<>(array.size());
        for (int i = 0; i < array.size(); i++) {
            JsonFields r = f.element(array, i, "references");
            String type = r.string("type", REFERENCE_TYPES::contains,
                    "one of github_repo, github_issue, github_pr, github_commit, url");
            boolean needsRepo = !type.equals("url");
            String repo = needsRepo ? r.string("repo", Identifiers::isRepo, "owner/repo")
                    : r.optionalString("repo", Identifiers::isRepo, "owner/repo");
            Long number = r.optionalInteger("number");
            if ((type.equals("github_issue") || type.equals("github_pr")) && number == null) {
                throw SwarmException.invalidFormat(r.path("number"), "field '" + r.path("number") + "' is required");
            }
            if (number != null && number < 1) {
                throw SwarmException.invalidFormat(r.path("number"), "field '" + r.path("number")
                        + "' must be a positive integer");
            }
            String sha = type.equals("github_commit") ? r.string("sha", v -> SHA.matcher(v).matches(), "a hex sha")
                    : r.optionalString("sha", v -> SHA.matcher(v).matches(), "a hex sha");
            String url = type.equals("url") ? r.string("url") : r.optionalString("url");
            String action = r.optionalString("action", REFERENCE_ACTIONS::contains,
                    "one of claimed, completed, blocked, unblocked, assigned, mention, review_requested");
            result.add(new Reference(type, repo, number, sha, url, action));
        }
        return Collections.unmodifiableList(result);
    }

    private static Map<String, Object> metadata(JsonFields f) {
        ObjectNode object = f.optionalObject("metadata");
        if (object == null) {
            return null;
        }
        Map<String, Object> result = new LinkedHashMap<>();
        Iterator<Map.Entry<String, JsonNode>> fields = object.fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> entry = fields.next();
            JsonNode value = entry.getValue();
            if (value.isTextual()) {
                result.put(entry.getKey(), value.textValue());
            } else if (value.isIntegralNumber() && value.canConvertToLong()) {
                result.put(entry.getKey(), value.longValue());
            } else if (value.isBoolean()) {
                result.put(entry.getKey(), value.booleanValue());
            } else if (value.isNull()) {
                result.put(entry.getKey(), null);
            } else {
                String path = "metadata." + entry.getKey();
                throw SwarmException.invalidFormat(path,
                        "field '" + path + "' must be a string, integer, boolean or null");
            }
        }
        return Collections.unmodifiableMap(result);
    }
}
