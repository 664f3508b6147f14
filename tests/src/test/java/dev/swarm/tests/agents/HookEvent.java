package dev.swarm.tests.agents;

/**
 * The hook events the node cares about, and what each agent calls them. Only the first three can
 * put text into the model's context; {@link #TURN_END} is a signal (the turn is over) only.
 */
enum HookEvent {
    SESSION_START("SessionStart", "SessionStart", "SessionStart"),
    PROMPT_SUBMIT("UserPromptSubmit", "UserPromptSubmit", "BeforeAgent"),
    AFTER_TOOL("PostToolUse", "PostToolUse", "AfterTool"),
    TURN_END("Stop", "Stop", "AfterAgent");

    private final String claude;
    private final String codex;
    private final String gemini;

    HookEvent(String claude, String codex, String gemini) {
        this.claude = claude;
        this.codex = codex;
        this.gemini = gemini;
    }

    /** The event's name in that agent's hook configuration. */
    String nameFor(AgentKind kind) {
        return switch (kind) {
            case CLAUDE -> claude;
            case CODEX -> codex;
            case GEMINI -> gemini;
        };
    }

    /** Codex's key for the event in {@code [hooks.state]} trust entries ({@code user_prompt_submit}). */
    String codexStateName() {
        return codex.replaceAll("([a-z])([A-Z])", "$1_$2").toLowerCase();
    }

    /** Whether the event takes a tool-name matcher (and so gets {@code "matcher": "*"}). */
    boolean toolEvent() {
        return this == AFTER_TOOL;
    }

    /** Whether the agent accepts {@code hookSpecificOutput.additionalContext} from this event. */
    boolean injectsContext() {
        return this != TURN_END;
    }
}
