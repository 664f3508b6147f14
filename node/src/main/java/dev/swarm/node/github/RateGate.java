package dev.swarm.node.github;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * GitHub's rate limit, as its headers state it. A 403 or 429 with {@code X-RateLimit-Remaining: 0}
 * or {@code Retry-After}, or any answer with no calls left, closes the gate until the reset time (or
 * for the Retry-After); while it is closed no request is made at all. A 429 that says nothing waits a
 * minute, as GitHub's documentation asks for secondary limits.
 */
final class RateGate {
    static final Duration UNSTATED_WAIT = Duration.ofMinutes(1);

    private final GitHubClient client;
    private final Clock clock;
    private volatile Instant notBefore;

    RateGate(GitHubClient client, Clock clock) {
        this.client = client;
        this.clock = clock;
    }

    /** Thrown instead of making a request while the limit is used up. */
    static final class Closed extends RuntimeException {
        private final Instant until;

        Closed(Instant until) {
            super("GitHub rate limit used up until " + until, null, false, false);
            this.until = until;
        }

        Instant until() {
            return until;
        }
    }

    /** When requests may be made again; null when they may now. */
    Instant notBefore() {
        Instant until = notBefore;
        return until == null || !clock.instant().isBefore(until) ? null : until;
    }

    /** A GET through the gate; throws {@link Closed} when the limit is (or just got) used up. */
    GitHubClient.Answer get(String pathOrUrl, String etag) {
        Instant until = notBefore();
        if (until != null) {
            throw new Closed(until);
        }
        GitHubClient.Answer answer = client.get(pathOrUrl, etag);
        Instant now = clock.instant();
        Instant reset = answer.resetEpochSeconds() == null ? null : Instant.ofEpochSecond(answer.resetEpochSeconds());
        if (answer.rateLimited() || answer.status() == 429) {
            notBefore = answer.retryAfter() != null ? now.plus(answer.retryAfter())
                    : reset != null && reset.isAfter(now) ? reset : now.plus(UNSTATED_WAIT);
            throw new Closed(notBefore);
        }
        if (Integer.valueOf(0).equals(answer.remaining()) && reset != null && reset.isAfter(now)) {
            notBefore = reset; // this answer is good, the next request would not be
        }
        return answer;
    }
}
