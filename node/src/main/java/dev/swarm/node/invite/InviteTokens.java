package dev.swarm.node.invite;

import com.fasterxml.jackson.core.type.TypeReference;
import dev.swarm.node.error.ErrorCode;
import dev.swarm.node.error.SwarmException;
import dev.swarm.node.protocol.Json;
import io.jsonwebtoken.ExpiredJwtException;
import io.jsonwebtoken.JwtException;
import io.jsonwebtoken.Jwts;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Issues and verifies invite tokens: compact JWTs, header {@code {"alg":"EdDSA","typ":"JWT"}}, signed
 * with the master's Ed25519 key (jjwt). Verification checks the signature before anything else.
 */
public final class InviteTokens {
    private static final TypeReference<LinkedHashMap<String, Object>> MAP = new TypeReference<>() { };
    private static final int MAX_TOKEN_LENGTH = 8192;

    private InviteTokens() {
    }

    public static String issue(InviteClaims claims, PrivateKey masterKey) {
        return Jwts.builder()
                // alg first: the protocol's header is exactly {"alg":"EdDSA","typ":"JWT"} (vectors.json)
                .header().add("alg", "EdDSA").add("typ", "JWT").and()
                .claims(claims.toMap())
                .signWith(masterKey, Jwts.SIG.EdDSA)
                .compact();
    }

    /**
     * Verifies the token's signature with the master's key and returns its claims; throws
     * {@code INVALID_TOKEN} for a bad shape or signature. Expiry is not judged here: callers compare
     * {@link InviteClaims#isExpiredAt} with their clock, one rule for our tokens and older ones. (jjwt
     * reports an expired {@code exp} only after the signature has verified, so an expired token
     * reaching the caller is still one we signed.)
     */
    public static InviteClaims verify(String token, PublicKey masterKey) {
        checkShape(token);
        try {
            Jwts.parser().verifyWith(masterKey).build().parseSignedClaims(token);
        } catch (ExpiredJwtException signedButExpired) {
            // signature verified; expiry is the caller's decision
        } catch (JwtException | IllegalArgumentException e) {
            throw new SwarmException(ErrorCode.INVALID_TOKEN, "invite token is not valid: its signature does not"
                    + " verify with this master's key, or it is not a signed EdDSA JWT");
        }
        // jjwt turns iat and exp into dates; read the claims from the payload as sent instead.
        return InviteClaims.fromMap(decodePayload(token));
    }

    /** Reads the claims without checking the signature: for the joiner, who does not know the master's key yet. */
    public static InviteClaims readUnverified(String token) {
        checkShape(token);
        return InviteClaims.fromMap(decodePayload(token));
    }

    /**
     * What identifies an invite whatever its spelling: the SHA-256 (hex) of the signed
     * {@code header.payload}. The signature segment has several base64url spellings of the same bytes
     * (16 for an Ed25519 signature: the last character carries 4 unused bits), all of which verify, so
     * the token's own text is no identity; the signed part is fixed by the signature.
     */
    public static String contentId(String token) {
        checkShape(token);
        return sha256Hex(token.substring(0, token.lastIndexOf('.')));
    }

    private static String sha256Hex(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(text.getBytes(StandardCharsets.US_ASCII)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK has no SHA-256", e);
        }
    }

    private static void checkShape(String token) {
        if (token == null || token.isEmpty() || token.length() > MAX_TOKEN_LENGTH
                || !token.matches("^[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+$")) {
            throw new SwarmException(ErrorCode.INVALID_TOKEN, "invite token is not a compact JWT");
        }
        Map<String, Object> header = decodePart(token.substring(0, token.indexOf('.')));
        if (!"EdDSA".equals(header.get("alg"))) {
            throw new SwarmException(ErrorCode.INVALID_TOKEN, "invite token must be signed with EdDSA");
        }
    }

    private static Map<String, Object> decodePayload(String token) {
        return decodePart(token.substring(token.indexOf('.') + 1, token.lastIndexOf('.')));
    }

    private static Map<String, Object> decodePart(String part) {
        try {
            Map<String, Object> map = Json.mapper().readValue(Base64.getUrlDecoder().decode(part), MAP);
            if (map == null) {
                throw new SwarmException(ErrorCode.INVALID_TOKEN, "invite token part is empty");
            }
            return map;
        } catch (IOException | IllegalArgumentException e) {
            throw new SwarmException(ErrorCode.INVALID_TOKEN, "invite token is not base64url JSON");
        }
    }
}
