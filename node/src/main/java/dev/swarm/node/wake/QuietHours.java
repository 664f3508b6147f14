package dev.swarm.node.wake;

import dev.swarm.node.error.SwarmException;
import java.time.LocalTime;
import java.time.format.DateTimeParseException;

/** A daily span of local time ({@code HH:MM-HH:MM}, may wrap past midnight) when only urgent messages wake. */
public record QuietHours(LocalTime start, LocalTime end) {

    /** Parses the setting; null or blank means no quiet hours. */
    public static QuietHours parse(String text) {
        if (text == null || text.isBlank()) {
            return null;
        }
        String[] parts = text.trim().split("-");
        try {
            if (parts.length == 2) {
                return new QuietHours(LocalTime.parse(parts[0].trim()), LocalTime.parse(parts[1].trim()));
            }
        } catch (DateTimeParseException e) {
            // fall through to the error below
        }
        throw SwarmException.invalidArgument("wake_quiet_hours must look like 22:00-07:00, not '" + text + "'");
    }

    public boolean contains(LocalTime time) {
        if (start.equals(end)) {
            return false;
        }
        return start.isBefore(end) ? !time.isBefore(start) && time.isBefore(end)
                : !time.isBefore(start) || time.isBefore(end);
    }

    @Override
    public String toString() {
        return start + "-" + end;
    }
}
