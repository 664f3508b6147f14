package dev.swarm.node.coordination;

import dev.swarm.node.config.Setting;
import dev.swarm.node.error.SwarmException;
import java.time.Duration;
import java.util.function.Function;

/**
 * How a node coordinates with the others: presence (heartbeat, debounce of changes, when an agent
 * counts as away), when a claim holder counts as stuck, and the loop guard's limits. Built from the
 * settings and validated here, so a bad value fails at start-up.
 */
public record CoordinationConfig(Duration heartbeat, Duration debounce, Duration awayAfter, Duration stuckAfter,
                                 int maxHops, int threadBurst, int senderBurst, Duration guardWindow) {
    public static final CoordinationConfig DEFAULTS = from(Setting::defaultValue);

    public CoordinationConfig {
        positive(heartbeat, Setting.PRESENCE_HEARTBEAT);
        positive(awayAfter, Setting.PRESENCE_AWAY_AFTER);
        positive(stuckAfter, Setting.STUCK_AFTER);
        positive(guardWindow, Setting.GUARD_WINDOW);
        if (debounce.isNegative()) {
            throw SwarmException.invalidArgument(Setting.PRESENCE_DEBOUNCE.key() + " must not be negative");
        }
        if (maxHops < 1 || maxHops > Chain.MAX_HOP) {
            throw SwarmException.invalidArgument(Setting.GUARD_MAX_HOPS.key() + " must be 1 to " + Chain.MAX_HOP);
        }
        if (threadBurst < 1 || senderBurst < 1) {
            throw SwarmException.invalidArgument(Setting.GUARD_THREAD_BURST.key() + " and "
                    + Setting.GUARD_SENDER_BURST.key() + " must be at least 1");
        }
    }

    public static CoordinationConfig from(Function<Setting, String> settings) {
        return new CoordinationConfig(seconds(settings, Setting.PRESENCE_HEARTBEAT),
                seconds(settings, Setting.PRESENCE_DEBOUNCE), seconds(settings, Setting.PRESENCE_AWAY_AFTER),
                seconds(settings, Setting.STUCK_AFTER), count(settings, Setting.GUARD_MAX_HOPS),
                count(settings, Setting.GUARD_THREAD_BURST), count(settings, Setting.GUARD_SENDER_BURST),
                seconds(settings, Setting.GUARD_WINDOW));
    }

    private static void positive(Duration value, Setting setting) {
        if (value.isNegative() || value.isZero()) {
            throw SwarmException.invalidArgument(setting.key() + " must be more than 0 seconds");
        }
    }

    private static Duration seconds(Function<Setting, String> settings, Setting setting) {
        String text = settings.apply(setting);
        try {
            double value = Double.parseDouble(text == null ? setting.defaultValue() : text.trim());
            if (Double.isNaN(value) || value < 0 || value > 365 * 86_400) {
                throw new NumberFormatException();
            }
            return Duration.ofMillis(Math.round(value * 1000));
        } catch (NumberFormatException e) {
            throw SwarmException.invalidArgument(setting.key() + " must be a number of seconds, not '" + text + "'");
        }
    }

    private static int count(Function<Setting, String> settings, Setting setting) {
        String text = settings.apply(setting);
        try {
            return Integer.parseInt(text == null ? setting.defaultValue() : text.trim());
        } catch (NumberFormatException e) {
            throw SwarmException.invalidArgument(setting.key() + " must be a whole number, not '" + text + "'");
        }
    }
}
