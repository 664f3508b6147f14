package dev.swarm.node.wake;

/**
 * What an agent's hook told the node about the agent, in the node's words (each client names its
 * events differently; {@code hook.HookEvents} maps them). These are exact where the screen is a guess:
 * a turn started or ended, a tool ran, the agent waits for its user.
 */
public enum AgentSignal {
    /** A session began; the agent is at its prompt. */
    SESSION_START,
    /** The user (or a wake) submitted a prompt: a turn is running. */
    PROMPT,
    /** A tool ran inside a turn. */
    TOOL,
    /** The turn ended; the agent is at its prompt again (Codex's {@code notify}, Claude's Stop, Gemini's AfterAgent). */
    TURN_END,
    /** The agent is asking its user something (a permission dialog): never type now. */
    NEEDS_USER,
    /** The session ended. */
    SESSION_END;

    /** The state this signal leaves the agent in. */
    public AgentActivity.State state() {
        return switch (this) {
            case SESSION_START, TURN_END -> AgentActivity.State.IDLE;
            case PROMPT, TOOL -> AgentActivity.State.WORKING;
            case NEEDS_USER -> AgentActivity.State.NEEDS_USER;
            case SESSION_END -> AgentActivity.State.GONE;
        };
    }
}
