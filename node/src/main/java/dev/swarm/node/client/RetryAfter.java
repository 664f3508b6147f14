package dev.swarm.node.client;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Optional;

/**
 * How long a peer asked us to wait ({@code Retry-After}, or {@code details.retry_after} in its error
 * body), read whatever unit it used. HTTP says a number is seconds to wait, but the Python reference
 * answers its rate limiter's reset time as a Unix time in seconds, and others use milliseconds, so a
 * number is read by its size: below 10^9 (31 years) it is seconds to wait; from 10^9 up to 10^11 it
 * is a Unix time in seconds (2001 to 5138); from 10^11 a Unix time in milliseconds. A date is an
 * HTTP-date (RFC 1123) or an ISO-8601 time. A time in the past is no wait. What the peer asked is
 * never the last word: the deliverer bounds it by its own retry cap.
 */
public final class RetryAfter {
    static final BigDecimal UNIX_SECONDS_FROM = BigDecimal.valueOf(1_000_000_000L);
    static final BigDecimal UNIX_MILLIS_FROM = BigDecimal.valueOf(100_000_000_000L);
    /** Past this, a number is nonsense rather than a time (about the year 292 million in milliseconds). */
    private static final BigDecimal LARGEST = BigDecimal.valueOf(Long.MAX_VALUE / 1000);

    private RetryAfter() {
    }

    /** The wait {@code value} asks for at {@code now}; empty when it says nothing readable. */
    public static Optional<Duration> parse(String value, Instant now) {
        if (value == null || value.isBlank()) {
            return Optional.empty();
        }
        String text = value.trim();
        try {
            return number(new BigDecimal(text), now);
        } catch (NumberFormatException notANumber) {
            return date(text).map(at -> until(at, now));
        }
    }

    private static Optional<Duration> number(BigDecimal number, Instant now) {
        if (number.signum() <= 0) {
            return Optional.of(Duration.ZERO);
        }
        if (number.compareTo(LARGEST) > 0) {
            return Optional.empty();
        }
        if (number.compareTo(UNIX_MILLIS_FROM) >= 0) {
            return Optional.of(until(Instant.ofEpochMilli(number.longValue()), now));
        }
        long millis = number.movePointRight(3).longValue();
        if (number.compareTo(UNIX_SECONDS_FROM) >= 0) {
            return Optional.of(until(Instant.ofEpochMilli(millis), now));
        }
        return Optional.of(Duration.ofMillis(millis));
    }

    private static Optional<Instant> date(String text) {
        try {
            return Optional.of(ZonedDateTime.parse(text, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant());
        } catch (DateTimeParseException notHttp) {
            try {
                return Optional.of(OffsetDateTime.parse(text).toInstant());
            } catch (DateTimeParseException notIso) {
                return Optional.empty();
            }
        }
    }

    private static Duration until(Instant at, Instant now) {
        Duration wait = Duration.between(now, at);
        return wait.isNegative() ? Duration.ZERO : wait;
    }
}
