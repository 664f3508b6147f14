package dev.swarm.node.invite;

import dev.swarm.node.error.ErrorCode;
import dev.swarm.node.error.SwarmException;
import dev.swarm.node.protocol.Identifiers;
import dev.swarm.node.protocol.Timestamps;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The claims of an invite token (PROTOCOL.md section 4). {@code expiresAt} and {@code maxUses} are
 * optional; {@code exp} and {@code jti} are ours (older peers ignore them), {@code exp} always equal
 * to {@code expires_at}.
 */
public record InviteClaims(String swarmId, String master, String endpoint, long iat, String expiresAt,
                           Integer maxUses, String jti) {

    public InviteClaims {
        if (!Identifiers.isUuid(swarmId)) {
            throw invalid("swarm_id is not a UUID");
        }
        if (!Identifiers.isAgentId(master)) {
            throw invalid("master is not an agent id");
        }
        if (endpoint == null || endpoint.isEmpty()) {
            throw invalid("endpoint is missing");
        }
        if (expiresAt != null && !Timestamps.isValid(expiresAt)) {
            throw invalid("expires_at is not a protocol timestamp");
        }
        if (maxUses != null && maxUses < 1) {
            throw invalid("max_uses must be at least 1");
        }
    }

    /** The claims in wire order; {@code exp} is added only for tokens that carry a jti (ours). */
    public Map<String, Object> toMap() {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("swarm_id", swarmId);
        map.put("master", master);
        map.put("endpoint", endpoint);
        map.put("iat", iat);
        if (expiresAt != null) {
            map.put("expires_at", expiresAt);
        }
        if (maxUses != null) {
            map.put("max_uses", maxUses);
        }
        if (jti != null) {
            if (expiresAt != null) {
                map.put("exp", Timestamps.parse(expiresAt).getEpochSecond());
            }
            map.put("jti", jti);
        }
        return map;
    }

    public boolean isExpiredAt(Instant now) {
        return expiresAt != null && !Timestamps.parse(expiresAt).isAfter(now);
    }

    /** Reads claims from a decoded payload, refusing anything that is not the protocol's shape. */
    static InviteClaims fromMap(Map<String, Object> map) {
        Object iat = map.get("iat");
        if (!(iat instanceof Number)) {
            throw invalid("iat must be an integer");
        }
        Object maxUses = map.get("max_uses");
        if (maxUses != null && !(maxUses instanceof Integer || maxUses instanceof Long)) {
            throw invalid("max_uses must be an integer");
        }
        return new InviteClaims(text(map, "swarm_id"), text(map, "master"), text(map, "endpoint"),
                ((Number) iat).longValue(), expiry(text(map, "expires_at"), map.get("exp")),
                maxUses == null ? null : Math.toIntExact(((Number) maxUses).longValue()), text(map, "jti"));
    }

    /**
     * When the token expires: {@code expires_at} (the protocol's claim), {@code exp} (JWT seconds) when
     * only that is given, the earlier of the two when both are: a token that says it expired has.
     */
    private static String expiry(String expiresAt, Object exp) {
        if (exp != null && !(exp instanceof Number)) {
            throw invalid("exp must be a number of seconds");
        }
        if (exp == null) {
            return expiresAt;
        }
        String fromExp = Timestamps.format(java.time.Instant.ofEpochSecond(((Number) exp).longValue()));
        if (expiresAt == null || !Timestamps.isValid(expiresAt)) {
            return expiresAt == null ? fromExp : expiresAt;
        }
        return Timestamps.parse(fromExp).isBefore(Timestamps.parse(expiresAt)) ? fromExp : expiresAt;
    }

    private static String text(Map<String, Object> map, String key) {
        Object value = map.get(key);
        if (value != null && !(value instanceof String)) {
            throw invalid(key + " must be a string");
        }
        return (String) value;
    }

    private static SwarmException invalid(String why) {
        return new SwarmException(ErrorCode.INVALID_TOKEN, "invite token is malformed: " + why);
    }
}
