package dev.swarm.node.protocol;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.regex.Pattern;

/**
 * The protocol's one timestamp form: UTC, exactly {@code yyyy-MM-dd'T'HH:mm:ss.SSS'Z'}, milliseconds
 * truncated (never rounded). The same text is signed, stored and sorted, so it must be produced by
 * exactly this function.
 */
public final class Timestamps {
    private static final DateTimeFormatter FORMAT =
            DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);
    private static final Pattern SHAPE =
            Pattern.compile("^\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}\\.\\d{3}Z$");

    private Timestamps() {
    }

    public static String format(Instant instant) {
        return FORMAT.format(instant.truncatedTo(ChronoUnit.MILLIS));
    }

    /** True when the text has the exact wire shape and names a real instant. */
    public static boolean isValid(String text) {
        if (text == null || !SHAPE.matcher(text).matches()) {
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
        Instant instant = Instant.from(FORMAT.parse(text));
        if (!format(instant).equals(text)) {
            throw new IllegalArgumentException("not a canonical timestamp: " + text);
        }
        return instant;
    }
}
