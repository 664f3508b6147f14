package dev.swarm.node.agent;

import dev.swarm.node.error.SwarmException;
import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/** The coding agents whose configuration {@code swarm agent setup} knows and whose hooks call the node. */
public enum AgentKind {
    CLAUDE("Claude Code"), CODEX("Codex CLI"), GEMINI("Gemini CLI");

    private final String title;

    AgentKind(String title) {
        this.title = title;
    }

    /** The name on the command line and in settings: claude, codex, gemini. */
    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The program's own name, for people. */
    public String title() {
        return title;
    }

    public static Optional<AgentKind> fromWire(String text) {
        return Arrays.stream(values()).filter(kind -> kind.wire().equals(text)).findFirst();
    }

    public static AgentKind parse(String text) {
        return fromWire(text).orElseThrow(() -> SwarmException.invalidArgument(
                "the agent must be claude, codex or gemini, not '" + text + "'"));
    }
}
