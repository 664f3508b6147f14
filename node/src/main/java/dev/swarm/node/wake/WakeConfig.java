package dev.swarm.node.wake;

import dev.swarm.node.config.Setting;
import dev.swarm.node.error.SwarmException;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;

/**
 * How this node wakes its agent: the method and its target, and the rules. Built from the settings
 * (flag, environment, config.yaml, default) and validated here, so a bad value fails at start-up.
 */
public record WakeConfig(Method method, String tmuxTarget, String tmuxProgram, String command, Duration window,
                         Duration interval, Duration settle, Duration maxDelay, int budgetPerHour,
                         int budgetPerSender, QuietHours quietHours, WakeLevel direct, WakeLevel broadcast,
                         WakeLevel mention, WakeLevel system, List<String> keywords, List<String> watched,
                         String template, boolean includeContent, String agent, int hookMaxChars,
                         boolean hookContinue, Duration normalDelay) {

    /** What {@code wake_agent} may name: a known program, or auto (recognised from the screen). */
    public static final List<String> AGENTS = List.of("auto", "claude", "codex", "gemini", "shell");

    /** tmux types into a pane; command runs a program; none never wakes. */
    public enum Method { TMUX, COMMAND, NONE }

    public WakeConfig {
        if (method == Method.TMUX && (tmuxTarget == null || tmuxTarget.isBlank())) {
            throw SwarmException.invalidArgument("wake_method tmux needs wake_tmux_target (session:window.pane)");
        }
        if (method == Method.COMMAND && (command == null || command.isBlank())) {
            throw SwarmException.invalidArgument("wake_method command needs wake_command");
        }
        if (budgetPerHour < 1 || budgetPerSender < 1) {
            throw SwarmException.invalidArgument("wake budgets must be at least 1");
        }
        if (!AGENTS.contains(agent)) {
            throw SwarmException.invalidArgument("wake_agent must be one of " + String.join(", ", AGENTS) + ", not '"
                    + agent + "'");
        }
        if (hookMaxChars < 500 || hookMaxChars > 1_000_000) {
            throw SwarmException.invalidArgument("hook_max_chars must be 500 to 1000000");
        }
        keywords = List.copyOf(keywords);
        watched = List.copyOf(watched);
    }

    public static WakeConfig from(Function<Setting, String> settings) {
        String target = settings.apply(Setting.WAKE_TMUX_TARGET);
        String methodText = settings.apply(Setting.WAKE_METHOD);
        Method method = methodText == null ? (target == null ? Method.NONE : Method.TMUX) : parseMethod(methodText);
        return new WakeConfig(method, target, settings.apply(Setting.WAKE_TMUX_PROGRAM),
                settings.apply(Setting.WAKE_COMMAND), seconds(settings, Setting.WAKE_WINDOW),
                seconds(settings, Setting.WAKE_INTERVAL), seconds(settings, Setting.WAKE_SETTLE),
                seconds(settings, Setting.WAKE_MAX_DELAY), integer(settings, Setting.WAKE_BUDGET_HOUR),
                integer(settings, Setting.WAKE_BUDGET_SENDER), QuietHours.parse(settings.apply(Setting.WAKE_QUIET_HOURS)),
                level(settings, Setting.WAKE_DIRECT), level(settings, Setting.WAKE_BROADCAST),
                level(settings, Setting.WAKE_MENTION), level(settings, Setting.WAKE_SYSTEM),
                list(settings.apply(Setting.WAKE_KEYWORDS)), list(settings.apply(Setting.WAKE_WATCH)),
                settings.apply(Setting.WAKE_TEMPLATE), bool(settings, Setting.WAKE_INCLUDE_CONTENT),
                text(settings, Setting.WAKE_AGENT), integer(settings, Setting.HOOK_MAX_CHARS),
                bool(settings, Setting.HOOK_CONTINUE), seconds(settings, Setting.WAKE_NORMAL_DELAY));
    }

    /** Where wakes go, in words: the tmux pane, the program, or nothing. */
    public String targetDescription() {
        return switch (method) {
            case TMUX -> tmuxTarget;
            case COMMAND -> command;
            case NONE -> "none";
        };
    }

    private static Method parseMethod(String text) {
        try {
            return Method.valueOf(text.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw SwarmException.invalidArgument("wake_method must be tmux, command or none, not '" + text + "'");
        }
    }

    private static Duration seconds(Function<Setting, String> settings, Setting setting) {
        try {
            double value = Double.parseDouble(settings.apply(setting));
            if (value < 0) {
                throw new NumberFormatException();
            }
            return Duration.ofMillis(Math.round(value * 1000));
        } catch (NumberFormatException | NullPointerException e) {
            throw SwarmException.invalidArgument(setting.key() + " must be a number of seconds, not '"
                    + settings.apply(setting) + "'");
        }
    }

    private static int integer(Function<Setting, String> settings, Setting setting) {
        try {
            return Integer.parseInt(settings.apply(setting).trim());
        } catch (NumberFormatException | NullPointerException e) {
            throw SwarmException.invalidArgument(setting.key() + " must be a whole number, not '"
                    + settings.apply(setting) + "'");
        }
    }

    private static boolean bool(Function<Setting, String> settings, Setting setting) {
        String value = settings.apply(setting);
        String word = value == null ? "" : value.trim().toLowerCase(Locale.ROOT);
        return switch (word) {
            case "true", "yes", "on", "1" -> true;
            case "false", "no", "off", "0" -> false;
            default -> throw SwarmException.invalidArgument(setting.key() + " must be true or false, not '" + value + "'");
        };
    }

    private static String text(Function<Setting, String> settings, Setting setting) {
        String value = settings.apply(setting);
        return value == null ? setting.defaultValue() : value.trim().toLowerCase(Locale.ROOT);
    }

    private static WakeLevel level(Function<Setting, String> settings, Setting setting) {
        return WakeLevel.parse(settings.apply(setting), setting.key());
    }

    private static List<String> list(String text) {
        if (text == null || text.isBlank()) {
            return List.of();
        }
        return Arrays.stream(text.split(",")).map(String::trim).filter(word -> !word.isEmpty()).toList();
    }
}
