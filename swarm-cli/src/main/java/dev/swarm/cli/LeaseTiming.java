package dev.swarm.cli;

import dev.swarm.node.error.SwarmException;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** {@code --for 90s|30m|2h|600}: how long a lease runs (plain numbers are seconds). */
final class LeaseTiming {
    private static final Pattern SHAPE = Pattern.compile("^([0-9]{1,9})([smh]?)$");

    private LeaseTiming() {
    }

    static Duration parse(String text) {
        Matcher matcher = text == null ? null : SHAPE.matcher(text.trim());
        if (matcher == null || !matcher.matches()) {
            throw SwarmException.invalidArgument("--for takes a duration such as 90s, 30m or 2h, not '" + text + "'");
        }
        long amount = Long.parseLong(matcher.group(1));
        return switch (matcher.group(2)) {
            case "m" -> Duration.ofMinutes(amount);
            case "h" -> Duration.ofHours(amount);
            default -> Duration.ofSeconds(amount);
        };
    }

    static Duration wait(double seconds) {
        return Duration.ofMillis(Math.round(Math.max(0, seconds) * 1000));
    }
}
