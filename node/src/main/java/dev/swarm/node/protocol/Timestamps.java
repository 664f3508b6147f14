package dev.swarm.node.protocol;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;

/**
 * The protocol's one timestamp form: UTC, exactly {@code yyyy-MM-dd'T'HH:mm:ss.SSS'Z'}, milliseconds
 * truncated (never rounded). The same text is signed, stored and sorted, so it must be produced by
 * exactly this function.
 */
public final class Timestamps {
    /** The same form for years outside 0000 to 9999, which the fast path below does not write. */
    private static final DateTimeFormatter FORMAT =
            DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);
    private static final int LENGTH = "yyyy-MM-ddTHH:mm:ss.SSSZ".length();

    private Timestamps() {
    }

    /**
     * Every received message's timestamp is checked, parsed and its arrival time written, so this is
     * done by hand (a fifth of the cost of {@link DateTimeFormatter}) for the years the wire form
     * holds; a test compares the two on random instants.
     */
    public static String format(Instant instant) {
        LocalDateTime utc = LocalDateTime.ofEpochSecond(instant.getEpochSecond(), 0, ZoneOffset.UTC);
        if (utc.getYear() < 0 || utc.getYear() > 9999) {
            return FORMAT.format(instant.truncatedTo(ChronoUnit.MILLIS));
        }
        char[] text = new char[LENGTH];
        digits(text, 0, utc.getYear(), 4);
        text[4] = '-';
        digits(text, 5, utc.getMonthValue(), 2);
        text[7] = '-';
        digits(text, 8, utc.getDayOfMonth(), 2);
        text[10] = 'T';
        digits(text, 11, utc.getHour(), 2);
        text[13] = ':';
        digits(text, 14, utc.getMinute(), 2);
        text[16] = ':';
        digits(text, 17, utc.getSecond(), 2);
        text[19] = '.';
        digits(text, 20, instant.getNano() / 1_000_000, 3);
        text[23] = 'Z';
        return new String(text);
    }

    /** True when the text has the exact wire shape and names a real instant. */
    public static boolean isValid(String text) {
        if (text == null) {
            return false;
        }
        try {
            parse(text);
            return true;
        } catch (RuntimeException e) {
            return false;
        }
    }

    /** Parses a wire timestamp; callers check {@link #isValid} first for a friendly error. */
    public static Instant parse(String text) {
        if (text.length() != LENGTH || text.charAt(4) != '-' || text.charAt(7) != '-' || text.charAt(10) != 'T'
                || text.charAt(13) != ':' || text.charAt(16) != ':' || text.charAt(19) != '.'
                || text.charAt(23) != 'Z') {
            throw new IllegalArgumentException("not a canonical timestamp: " + text);
        }
        // LocalDateTime.of refuses what is not a real date and time (February 30, 24:00, second 60)
        return LocalDateTime.of(number(text, 0, 4), number(text, 5, 2), number(text, 8, 2), number(text, 11, 2),
                number(text, 14, 2), number(text, 17, 2), number(text, 20, 3) * 1_000_000).toInstant(ZoneOffset.UTC);
    }

    private static void digits(char[] text, int at, int value, int width) {
        for (int i = at + width - 1; i >= at; i--) {
            text[i] = (char) ('0' + value % 10);
            value /= 10;
        }
    }

    private static int number(String text, int at, int width) {
        int value = 0;
        for (int i = at; i < at + width; i++) {
            char c = text.charAt(i);
            if (c < '0' || c > '9') {
                throw new IllegalArgumentException("not a canonical timestamp: " + text);
            }
            value = value * 10 + (c - '0');
        }
        return value;
    }
}
