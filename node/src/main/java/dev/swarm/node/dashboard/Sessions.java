package dev.swarm.node.dashboard;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Dashboard logins, in memory (a restart logs everyone out): a random 256-bit id in an HttpOnly,
 * SameSite=Strict cookie, kept here only as its SHA-256, for {@link #TTL} after the login. The cookie
 * stands for the token, so the token itself never leaves the login form's body.
 */
final class Sessions {
    static final Duration TTL = Duration.ofHours(12);
    static final int MAX = 64;

    private final Map<String, Instant> expiries = new ConcurrentHashMap<>();
    private final SecureRandom random = new SecureRandom();
    private final Clock clock;

    Sessions(Clock clock) {
        this.clock = clock;
    }

    /** A new session's id (for the cookie). The oldest sessions go when there are too many. */
    String open() {
        Instant now = clock.instant();
        expiries.values().removeIf(expiry -> !expiry.isAfter(now));
        while (expiries.size() >= MAX) {
            expiries.entrySet().stream().min(Map.Entry.comparingByValue())
                    .ifPresent(oldest -> expiries.remove(oldest.getKey()));
        }
        byte[] bytes = new byte[32];
        random.nextBytes(bytes);
        String id = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        expiries.put(hash(id), now.plus(TTL));
        return id;
    }

    boolean valid(String id) {
        if (id == null || id.length() != 43) {
            return false;
        }
        Instant expiry = expiries.get(hash(id));
        return expiry != null && expiry.isAfter(clock.instant());
    }

    void close(String id) {
        if (id != null) {
            expiries.remove(hash(id));
        }
    }

    private static String hash(String id) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(id.getBytes(StandardCharsets.US_ASCII)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }
}
