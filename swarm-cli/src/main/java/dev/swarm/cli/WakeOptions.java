package dev.swarm.cli;

import dev.swarm.node.config.Setting;
import dev.swarm.node.wake.WakeConfig;
import picocli.CommandLine.Option;

/** The wake settings as flags (each also SWARM_WAKE_* and a wake_* key in config.yaml; see swarm config). */
public final class WakeOptions {
    @Option(names = "--wake-method", paramLabel = "tmux|command|none", description = "How to wake the agent.")
    String method;
    @Option(names = "--wake-tmux-target", paramLabel = "SESSION:WINDOW.PANE", description = "The tmux pane to wake.")
    String tmuxTarget;
    @Option(names = "--wake-tmux-program", paramLabel = "PATH", description = "The tmux program.")
    String tmuxProgram;
    @Option(names = "--wake-command", paramLabel = "PROGRAM", description = "Program run to wake the agent (no shell).")
    String command;
    @Option(names = "--wake-window", paramLabel = "SECONDS", description = "Gathering window.")
    String window;
    @Option(names = "--wake-interval", paramLabel = "SECONDS", description = "Least time between wakes.")
    String interval;
    @Option(names = "--wake-settle", paramLabel = "SECONDS", description = "How long the pane must be still.")
    String settle;
    @Option(names = "--wake-max-delay", paramLabel = "SECONDS", description = "Type anyway after this long.")
    String maxDelay;
    @Option(names = "--wake-budget-hour", paramLabel = "N", description = "Wakes per hour at most.")
    String budgetHour;
    @Option(names = "--wake-budget-sender", paramLabel = "N", description = "Wakes per hour for one sender.")
    String budgetSender;
    @Option(names = "--wake-quiet-hours", paramLabel = "HH:MM-HH:MM", description = "Only urgent wakes then.")
    String quietHours;
    @Option(names = "--wake-direct", paramLabel = "LEVEL", description = "Level of direct messages.")
    String direct;
    @Option(names = "--wake-broadcast", paramLabel = "LEVEL", description = "Level of broadcasts.")
    String broadcast;
    @Option(names = "--wake-mention", paramLabel = "LEVEL", description = "Level of @mentions of this agent.")
    String mention;
    @Option(names = "--wake-system", paramLabel = "LEVEL", description = "Level of system messages.")
    String system;
    @Option(names = "--wake-keywords", paramLabel = "WORDS", description = "Comma-separated urgent words.")
    String keywords;
    @Option(names = "--wake-watch", paramLabel = "AGENTS", description = "Comma-separated urgent senders.")
    String watch;
    @Option(names = "--wake-template", paramLabel = "TEXT", description = "Wording of the wake line.")
    String template;
    @Option(names = "--wake-include-content", arity = "0..1", fallbackValue = "true", paramLabel = "true|false",
            description = "Put content in {content} (bare flag: true).")
    String includeContent;
    @Option(names = "--wake-agent", paramLabel = "auto|claude|codex|gemini|shell",
            description = "What runs in the wake pane (its rules for when typing is safe).")
    String agent;
    @Option(names = "--wake-normal-delay", paramLabel = "SECONDS",
            description = "How long a normal message waits for the agent's hooks before a wake types it.")
    String normalDelay;
    @Option(names = "--hook-max-chars", paramLabel = "N", description = "Most characters of messages per hook answer.")
    String hookMaxChars;
    @Option(names = "--hook-continue", arity = "0..1", fallbackValue = "true", paramLabel = "true|false",
            description = "Let a Stop hook keep a turn going with unread messages (bare flag: true).")
    String hookContinue;

    /** The effective configuration: each option already holds flag, environment, file or default. */
    WakeConfig config() {
        return WakeConfig.from(this::value);
    }

    private String value(Setting setting) {
        return switch (setting) {
            case WAKE_METHOD -> method;
            case WAKE_TMUX_TARGET -> tmuxTarget;
            case WAKE_TMUX_PROGRAM -> tmuxProgram;
            case WAKE_COMMAND -> command;
            case WAKE_WINDOW -> window;
            case WAKE_INTERVAL -> interval;
            case WAKE_SETTLE -> settle;
            case WAKE_MAX_DELAY -> maxDelay;
            case WAKE_BUDGET_HOUR -> budgetHour;
            case WAKE_BUDGET_SENDER -> budgetSender;
            case WAKE_QUIET_HOURS -> quietHours;
            case WAKE_DIRECT -> direct;
            case WAKE_BROADCAST -> broadcast;
            case WAKE_MENTION -> mention;
            case WAKE_SYSTEM -> system;
            case WAKE_KEYWORDS -> keywords;
            case WAKE_WATCH -> watch;
            case WAKE_TEMPLATE -> template;
            case WAKE_INCLUDE_CONTENT -> includeContent;
            case WAKE_AGENT -> agent;
            case HOOK_MAX_CHARS -> hookMaxChars;
            case HOOK_CONTINUE -> hookContinue;
            case WAKE_NORMAL_DELAY -> normalDelay;
            default -> throw new IllegalArgumentException(setting + " is not a wake setting");
        };
    }
}
