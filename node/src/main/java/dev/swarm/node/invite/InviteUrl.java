package dev.swarm.node.invite;

import dev.swarm.node.error.ErrorCode;
import dev.swarm.node.error.SwarmException;
import java.net.URI;
import java.net.URISyntaxException;

/**
 * {@code swarm://<swarm_id>@<host[:port]>?token=<JWT>}. The host is informational (the join target
 * is the token's {@code endpoint} claim); the swarm id must match the token's.
 */
public record InviteUrl(String swarmId, String hostAndPort, String token) {
    private static final String SCHEME = "swarm://";

    public static InviteUrl of(InviteClaims claims, String token) {
        return new InviteUrl(claims.swarmId(), hostAndPort(claims.endpoint()), token);
    }

    @Override
    public String toString() {
        return SCHEME + swarmId + "@" + hostAndPort + "?token=" + token;
    }

    /**
     * Accepts an invite URL, or a bare token (its swarm id then comes from the claims), and checks
     * that the URL and the token name the same swarm.
     */
    public static InviteUrl parse(String text) {
        String trimmed = text == null ? "" : text.trim();
        if (!trimmed.startsWith(SCHEME)) {
            InviteClaims claims = InviteTokens.readUnverified(trimmed);
            return of(claims, trimmed);
        }
        int at = trimmed.indexOf('@');
        int query = trimmed.indexOf("?token=");
        if (at < 0 || query < at) {
            throw new SwarmException(ErrorCode.INVALID_TOKEN,
                    "invite URL must look like swarm://<swarm_id>@<host>?token=<JWT>");
        }
        String swarmId = trimmed.substring(SCHEME.length(), at);
        String host = trimmed.substring(at + 1, query);
        String token = trimmed.substring(query + "?token=".length());
        InviteClaims claims = InviteTokens.readUnverified(token);
        if (!claims.swarmId().equals(swarmId)) {
            throw new SwarmException(ErrorCode.INVALID_TOKEN, "invite URL names swarm " + swarmId
                    + " but its token is for swarm " + claims.swarmId());
        }
        return new InviteUrl(swarmId, host, token);
    }

    static String hostAndPort(String endpoint) {
        try {
            URI uri = new URI(endpoint);
            return uri.getPort() == -1 ? uri.getHost() : uri.getHost() + ":" + uri.getPort();
        } catch (URISyntaxException e) {
            throw new SwarmException(ErrorCode.INVALID_TOKEN, "invite endpoint is not a URL: " + endpoint);
        }
    }
}
